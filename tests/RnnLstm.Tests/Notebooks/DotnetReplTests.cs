namespace RnnLstm.Tests.Notebooks;

/// <summary>
/// Each shipped notebook, run unchanged by dotnet-repl (pinned in dotnet-tools.json), which bundles the same kernel as
/// VS Code's Polyglot Notebooks extension.
/// </summary>
/// <remarks>
/// dotnet repl prints nothing when a cell fails, so the test reads the errors out of the notebook it writes. It ignores
/// <c>--working-dir</c>, so it is started in the notebook's folder, as VS Code starts its kernel.
/// </remarks>
[Collection(NotebookCollection.Name)]
public sealed class DotnetReplTests
{
    private static readonly Lazy<ProcessResult> ToolRestore = new(() =>
        ProcessRunner.Run("dotnet", ["tool", "restore"], Repository.Root, TimeSpan.FromMinutes(3)));

    public static TheoryData<string> Notebooks() => [.. Repository.Notebooks.Select(path => Path.GetFileName(path))];

    [Theory]
    [MemberData(nameof(Notebooks))]
    public void NotebookRunsUnderDotnetRepl(string notebook)
    {
        Assert.True(ToolRestore.Value.ExitCode == 0, "dotnet tool restore failed:\n" + ToolRestore.Value.All);
        string executed = Path.Combine(Repository.TestOutput("dotnet-repl-" + Path.GetFileNameWithoutExtension(notebook)), notebook);

        var run = ProcessRunner.Run("dotnet", ["repl", "--run", notebook, "--exit-after-run", "--output-path", executed],
            Path.Combine(Repository.Root, "notebooks"), RnnLstmTool.Timeout);

        Assert.True(File.Exists(executed), "dotnet repl wrote no notebook:\n" + run.All);
        Assert.Empty(ExecutedNotebook.Errors(executed));
        Assert.True(run.ExitCode == 0, run.All);
        // The setup ran (it displays plotly.js), so the absence of errors means something.
        Assert.Contains(ExecutedNotebook.Outputs(executed), o => o.Text.Contains("id=\"rnnlstm-plotlyjs\""));
    }
}
