using System.Diagnostics;
using System.Text.Json.Nodes;

namespace RnnLstm.Tests.Notebooks;

/// <summary>
/// Each shipped notebook, unchanged, in the kernels a reader uses: the one VS Code's Polyglot Notebooks extension starts
/// (<c>dotnet-interactive stdio</c>) and dotnet-repl, which bundles the same kernel; both pinned in dotnet-tools.json
/// and started in the notebook's folder, as VS Code starts its kernel.
/// </summary>
/// <remarks>
/// dotnet repl prints nothing when a cell fails (and ignores <c>--working-dir</c>), so its test reads the errors out of
/// the notebook it writes.
/// </remarks>
[Collection(NotebookCollection.Name)]
public sealed class NotebookKernelTests
{
    [Theory]
    [MemberData(nameof(LocalTools.ShippedNotebooks), MemberType = typeof(LocalTools))]
    public void NotebookRunsUnderDotnetRepl(string notebook)
    {
        LocalTools.EnsureRestored();
        string executed = Path.Combine(Repository.TestOutput("dotnet-repl-" + Path.GetFileNameWithoutExtension(notebook)), notebook);

        var run = ProcessRunner.Run("dotnet", ["repl", "--run", notebook, "--exit-after-run", "--output-path", executed],
            Path.Combine(Repository.Root, "notebooks"), RnnLstmTool.Timeout);

        Assert.True(File.Exists(executed), "dotnet repl wrote no notebook:\n" + run.All);
        Assert.Empty(ExecutedNotebook.Errors(executed));
        Assert.True(run.ExitCode == 0, run.All);
        // The setup ran (it displays plotly.js), so the absence of errors means something.
        Assert.Contains(ExecutedNotebook.Outputs(executed), o => o.Text.Contains("id=\"rnnlstm-plotlyjs\""));
    }

    [Theory]
    [MemberData(nameof(LocalTools.ShippedNotebooks), MemberType = typeof(LocalTools))]
    public void EveryCellSucceedsInTheVsCodeKernel(string notebook)
    {
        LocalTools.EnsureRestored();
        string folder = Path.Combine(Repository.Root, "notebooks");
        var cells = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, notebook)))!["cells"]!.AsArray()
            .Select((cell, index) => (Number: index + 1, Cell: cell!))
            .Where(c => (string?)c.Cell["cell_type"] == "code")
            .Select(c => (c.Number, Code: string.Concat(c.Cell["source"]!.AsArray().Select(line => (string?)line))))
            .ToList();

        using var kernel = KernelSession.Start(folder);
        var displayed = new List<string>();
        foreach (var (number, code) in cells)
        {
            var (failure, html) = kernel.Submit(code, TimeSpan.FromMinutes(3));
            Assert.True(failure is null, $"{notebook}, cell {number} failed in dotnet-interactive: {failure}");
            displayed.AddRange(html);
        }
        Assert.Contains(displayed, html => html.Contains("id=\"rnnlstm-plotlyjs\"")); // the setup ran and showed plotly.js
    }

    /// <summary>A <c>dotnet-interactive stdio</c> process: JSON commands in on stdin, JSON events out on stdout.</summary>
    private sealed class KernelSession : IDisposable
    {
        private readonly Process process;
        private int submissions;

        private KernelSession(Process process) => this.process = process;

        public static KernelSession Start(string folder)
        {
            var start = new ProcessStartInfo("dotnet", ["dotnet-interactive", "stdio", "--default-kernel", "csharp"])
            {
                WorkingDirectory = folder,
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            start.Environment["DOTNET_INTERACTIVE_CLI_TELEMETRY_OPTOUT"] = "1";
            start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
            var process = Process.Start(start)!;
            process.ErrorDataReceived += (_, _) => { }; // drained, unused
            process.BeginErrorReadLine();
            return new KernelSession(process);
        }

        /// <summary>Runs one cell; returns the failure message (or null) and the HTML the cell displayed.</summary>
        public (string? Failure, List<string> Html) Submit(string code, TimeSpan timeout)
        {
            string token = $"cell-{++submissions}";
            var command = new JsonObject
            {
                ["token"] = token,
                ["commandType"] = "SubmitCode",
                ["command"] = new JsonObject { ["code"] = code, ["targetKernelName"] = "csharp" },
            };
            process.StandardInput.WriteLine(command.ToJsonString());
            process.StandardInput.Flush();

            var html = new List<string>();
            var deadline = Stopwatch.StartNew();
            while (deadline.Elapsed < timeout)
            {
                var read = process.StandardOutput.ReadLineAsync();
                if (!read.Wait(timeout - deadline.Elapsed) || read.Result is not { } line) break;
                if (!line.StartsWith('{') || JsonNode.Parse(line) is not JsonObject message) continue; // the banner
                if ((string?)message["command"]?["token"] is not { } eventToken || !eventToken.StartsWith(token)) continue;
                string? type = (string?)message["eventType"];
                var formatted = message["event"]?["formattedValues"]?.AsArray() ?? [];
                html.AddRange(formatted.Where(f => (string?)f!["mimeType"] == "text/html").Select(f => (string?)f!["value"] ?? ""));
                if (eventToken != token) continue;
                if (type == "CommandSucceeded") return (null, html);
                if (type == "CommandFailed") return ((string?)message["event"]?["message"] ?? "(no message)", html);
            }
            return ($"no answer within {timeout.TotalSeconds:F0} s (kernel exited: {process.HasExited})", html);
        }

        public void Dispose()
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            process.Dispose();
        }
    }
}
