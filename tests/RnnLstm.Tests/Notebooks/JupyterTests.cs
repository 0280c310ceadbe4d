using System.Text.Json.Nodes;

namespace RnnLstm.Tests.Notebooks;

/// <summary>
/// The notebooks under Jupyter's own machinery, as JupyterLab, VS Code's Jupyter extension or papermill run them:
/// Debian's <c>jupyter-nbconvert</c> executes each notebook with the .NET kernel that the notebook's metadata names
/// (<c>.net-csharp</c>), installed as a Jupyter kernel from the pinned local tool (<c>dotnet-interactive jupyter install</c>).
/// </summary>
/// <remarks>
/// Runs under CI=true (.ci/run installs jupyter-nbconvert, python3-nbclient and jupyter-client); skipped otherwise, as
/// it adds a minute or two. The kernel specs go into a folder of the test's own (JUPYTER_PATH), not the user's.
/// The notebooks run one after another: two .NET kernels started at once both try the first port of the spec's
/// <c>--http-port-range</c> (2048), and the second fails with "address already in use".
/// </remarks>
[Collection(NotebookCollection.Name)]
public sealed class JupyterTests
{
    private static readonly Lazy<JupyterSetup> Setup = new(JupyterSetup.Create);

    [SkippableFact]
    public void EveryShippedNotebookRunsUnderNbconvertWithItsChartsAndTables()
    {
        var jupyter = SetupOrSkip();
        string output = Repository.TestOutput("jupyter-notebooks");
        var runs = Repository.Notebooks.ToDictionary(notebook => notebook, notebook => jupyter.Execute(notebook, output));

        foreach (string notebook in Repository.Notebooks)
        {
            string name = Path.GetFileName(notebook);
            string executed = Path.Combine(output, name);
            Assert.True(runs[notebook].ExitCode == 0 && File.Exists(executed), $"nbconvert failed on {name}:\n{runs[notebook].All}");
            Assert.Empty(ExecutedNotebook.Errors(executed));
            var html = ExecutedNotebook.Outputs(executed).Where(o => o.Type is "display_data" or "execute_result").Select(o => o.Text).ToList();
            Assert.Contains(html, h => h.Contains("id=\"rnnlstm-plotlyjs\"")); // the setup cell put plotly.js in
            Assert.Contains(html, h => h.Contains("Plotly chart will be drawn inside this DIV")); // a chart
            Assert.Contains(html, h => h.Contains("<table")); // a table
            // Every code cell ran, in order (nbconvert stops at the first failing cell).
            var codeCells = JsonNode.Parse(File.ReadAllText(executed))!["cells"]!.AsArray().Where(c => (string?)c!["cell_type"] == "code").ToList();
            Assert.Equal(Enumerable.Range(1, codeCells.Count), codeCells.Select(c => (int?)c!["execution_count"] ?? 0));
        }
    }

    [SkippableFact]
    public void PapermillsInjectedParametersOverrideTheTaggedParametersCell()
    {
        var jupyter = SetupOrSkip();
        string output = Repository.TestOutput("jupyter-papermill");
        string input = Path.Combine(output, "input", "Parameters.ipynb");
        Papermill.Parameterize(Path.Combine(Repository.Root, "tests", "notebooks", "Parameters.ipynb"), input, Papermill.ParametersNotebookValues);

        var run = jupyter.Execute(input, output);

        string executed = Path.Combine(output, "Parameters.ipynb");
        Assert.True(run.ExitCode == 0, run.All);
        Assert.Empty(ExecutedNotebook.Errors(executed));
        var printed = ExecutedNotebook.Outputs(executed).Single(o => o.Type == "stream").Text;
        Assert.Equal(Papermill.ParametersNotebookPrints, printed.Trim());
    }

    /// <summary>The Jupyter setup; without CI=true the test is skipped, and under CI a missing nbconvert fails it.</summary>
    private static JupyterSetup SetupOrSkip()
    {
        const string nbconvert = "/usr/bin/jupyter-nbconvert";
        bool ci = Environment.GetEnvironmentVariable("CI") == "true";
        Skip.IfNot(ci, "the Jupyter test runs under CI=true (.ci/run), as it adds a minute or two: run it with CI=true dotnet test ... to try it.");
        Assert.True(File.Exists(nbconvert), $"{nbconvert} not found (Debian packages jupyter-nbconvert, python3-nbclient, jupyter-client; .ci/run installs them): under CI the Jupyter test must run.");
        return Setup.Value;
    }
}

/// <summary>The .NET kernel installed as a Jupyter kernel into a private folder, and how to execute a notebook with it.</summary>
internal sealed class JupyterSetup
{
    private readonly Dictionary<string, string> environment;

    private JupyterSetup(Dictionary<string, string> environment) => this.environment = environment;

    /// <summary>Restores the pinned tools and runs <c>dotnet dotnet-interactive jupyter install --path</c> into a private JUPYTER_PATH.</summary>
    public static JupyterSetup Create()
    {
        LocalTools.EnsureRestored();
        string jupyterPath = Repository.TestOutput("jupyter-path");
        string kernels = Directory.CreateDirectory(Path.Combine(jupyterPath, "kernels")).FullName;
        var install = ProcessRunner.Run("dotnet", ["dotnet-interactive", "jupyter", "install", "--path", kernels], Repository.Root, TimeSpan.FromMinutes(2));
        Assert.True(install.ExitCode == 0 && File.Exists(Path.Combine(kernels, ".net-csharp", "kernel.json")), "installing the .NET Jupyter kernel failed:\n" + install.All);
        return new JupyterSetup(new Dictionary<string, string>
        {
            ["JUPYTER_PATH"] = jupyterPath,
            ["JUPYTER_RUNTIME_DIR"] = Directory.CreateDirectory(Path.Combine(jupyterPath, "runtime")).FullName,
            ["PYDEVD_DISABLE_FILE_VALIDATION"] = "1",
            ["DOTNET_INTERACTIVE_CLI_TELEMETRY_OPTOUT"] = "1",
        });
    }

    /// <summary>
    /// <c>jupyter-nbconvert --to notebook --execute</c> on <paramref name="notebook"/> in its own folder, with the kernel
    /// its metadata names; writes the executed notebook, same file name, into <paramref name="outputFolder"/>.
    /// </summary>
    public ProcessResult Execute(string notebook, string outputFolder) =>
        ProcessRunner.Run("jupyter-nbconvert",
            ["--to", "notebook", "--execute", "--ExecutePreprocessor.timeout=600", "--output-dir", outputFolder, "--output", Path.GetFileName(notebook), Path.GetFileName(notebook)],
            Path.GetDirectoryName(notebook)!, TimeSpan.FromMinutes(10), environment);
}
