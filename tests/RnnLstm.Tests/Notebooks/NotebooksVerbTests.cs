namespace RnnLstm.Tests.Notebooks;

/// <summary>The <c>notebooks</c> verb, run as a user runs it: every shipped notebook, a failing one, parameters.</summary>
[Collection(NotebookCollection.Name)]
public sealed class NotebooksVerbTests(RnnLstmTool tool)
{
    private static readonly string TestNotebooks = Path.Combine(Repository.Root, "tests", "notebooks");

    [Fact]
    public void EveryShippedNotebookRunsWithoutAFailingCell()
    {
        string output = Repository.TestOutput("all-notebooks");
        var run = tool.Run("notebooks", "--output", output);

        Assert.True(run.ExitCode == 0, run.All);
        foreach (string notebook in Repository.Notebooks)
        {
            string name = Path.GetFileNameWithoutExtension(notebook);
            string executed = Path.Combine(output, name + ".ipynb");
            Assert.True(File.Exists(executed), $"no executed notebook for {name}\n{run.All}");
            string report = Path.Combine(output, name + ".html");
            Assert.True(File.Exists(report), $"no report for {name}");
            Assert.Empty(ExecutedNotebook.Errors(executed));
            Assert.DoesNotContain("class=\"math\">\\(", File.ReadAllText(report)); // every formula turned into HTML
        }
        // "$... \approx 0.7^k$" in the Charts notebook's markdown, as the report writes it.
        Assert.Contains("≈ 0.7<sup><i>k</i></sup>", File.ReadAllText(Path.Combine(output, "Charts.html")));
        Assert.DoesNotContain("FAILED", run.Output);
    }

    [Fact]
    public void AFailingCellStopsTheNotebookAndNamesNotebookCellAndError()
    {
        string output = Repository.TestOutput("failing-cell");
        var run = tool.Run("notebooks", Path.Combine(TestNotebooks, "FailingCell.ipynb"), "--output", output);

        Assert.True(run.ExitCode == 1, run.All);
        Assert.Contains("FAILED tests/notebooks/FailingCell.ipynb, cell 3: System.InvalidOperationException: deliberate failure in cell 3", run.Error);
        // One line per cell: cell 2 ran, cell 3 failed, cell 4 never ran.
        Assert.Matches(@"cell 2\s+ok\s+\d+\.\d\d s", run.Output);
        Assert.Matches(@"cell 3\s+FAILED\s+\d+\.\d\d s", run.Output);
        Assert.DoesNotContain("cell 4", run.Output);
        var outputs = ExecutedNotebook.Outputs(Path.Combine(output, "FailingCell.ipynb"));
        Assert.Contains(outputs, o => o is { Cell: 3, Type: "error" } && o.Text.Contains("deliberate failure"));
        Assert.DoesNotContain(outputs, o => o.Text.Contains("must not run"));
    }

    [Fact]
    public void ParameterOverridesArriveWithTheDeclaredTypes()
    {
        string output = Repository.TestOutput("parameters");
        var run = tool.Run("notebooks", Path.Combine(TestNotebooks, "Parameters.ipynb"), "--output", output,
            "-p", "seed=7", "-p", "rate=1e-3", "-p", "name=a \"quoted\" name", "-p", "flag=true", "-p", "big=5000000000");

        Assert.True(run.ExitCode == 0, run.All);
        Assert.Contains("parameters after cell 2", run.Output);
        // The executed notebook holds the injected cell (cell 3), so the printing cell is cell 4.
        var printed = ExecutedNotebook.Outputs(Path.Combine(output, "Parameters.ipynb")).Single(o => o.Cell == 4).Text;
        Assert.Equal("seed=7:Int32 rate=0.001:Double name=a \"quoted\" name:String flag=True:Boolean big=5000000000:Int64", printed.Trim());
    }

    [Fact]
    public void WithoutOverridesTheNotebookKeepsItsDefaults()
    {
        string output = Repository.TestOutput("parameters-default");
        var run = tool.Run("notebooks", Path.Combine(TestNotebooks, "Parameters.ipynb"), "--output", output);

        Assert.True(run.ExitCode == 0, run.All);
        var printed = ExecutedNotebook.Outputs(Path.Combine(output, "Parameters.ipynb")).Single(o => o.Cell == 3).Text;
        Assert.Equal("seed=42:Int32 rate=0.5:Double name=default:String flag=False:Boolean big=1:Int64", printed.Trim());
    }

    [Fact]
    public void ANotebookThatPapermillParameterizedRunsAndMinusPComesAfterPapermillsValues()
    {
        string output = Repository.TestOutput("papermill-then-runner");
        string input = Path.Combine(output, "input", "Parameters.ipynb");
        Papermill.Parameterize(Path.Combine(TestNotebooks, "Parameters.ipynb"), input, Papermill.ParametersNotebookValues);

        var asIs = tool.Run("notebooks", input, "--output", Path.Combine(output, "as-is"));
        var overridden = tool.Run("notebooks", input, "--output", Path.Combine(output, "overridden"), "-p", "seed=9", "-p", "flag=false");

        // Papermill's cell also starts with "// Parameters"; its tag tells the runner it is not a second parameters cell.
        Assert.True(asIs.ExitCode == 0, asIs.All);
        Assert.Equal(Papermill.ParametersNotebookPrints, PrintedBy(Path.Combine(output, "as-is", "Parameters.ipynb")));
        Assert.True(overridden.ExitCode == 0, overridden.All);
        Assert.Contains("parameters after cell 3", overridden.Output); // after papermill's cell, not between it and the parameters cell
        Assert.Equal(Papermill.ParametersNotebookPrints.Replace("seed=7", "seed=9").Replace("flag=True", "flag=False"),
            PrintedBy(Path.Combine(output, "overridden", "Parameters.ipynb")));
    }

    /// <summary>What the notebook's cells wrote to standard output, trimmed.</summary>
    private static string PrintedBy(string executed) =>
        string.Concat(ExecutedNotebook.Outputs(executed).Where(o => o.Type == "stream").Select(o => o.Text)).Trim();

    [Theory]
    [InlineData("sede=1", "unknown parameter 'sede'. The parameters cell declares: seed (int), rate (double), name (string), flag (bool), big (long), fixedValue (const int fixedValue = 3).")]
    [InlineData("seed=seven", "parameter 'seed' is int; 'seven' does not read as int.")]
    [InlineData("fixedValue=4", "parameter 'fixedValue' (const int fixedValue = 3) cannot be overridden")]
    public void ABadOverrideIsAnErrorThatSaysWhatIsWrong(string assignment, string expectedMessage)
    {
        var run = tool.Run("notebooks", Path.Combine(TestNotebooks, "Parameters.ipynb"), "--output", Repository.TestOutput("bad-parameter"), "-p", assignment);

        Assert.True(run.ExitCode == 1, run.All);
        Assert.Contains("FAILED tests/notebooks/Parameters.ipynb: " + expectedMessage, run.Error);
    }

    [Fact]
    public void RestoredPackagesAreReferencedTheirExtensionsLoadedAndDataFramesShowAsTables()
    {
        string output = Repository.TestOutput("kernel-extensions");
        var run = tool.Run("notebooks", Path.Combine(TestNotebooks, "KernelExtensions.ipynb"), "--output", output);

        Assert.True(run.ExitCode == 0, run.All);
        var shown = ExecutedNotebook.Outputs(Path.Combine(output, "KernelExtensions.ipynb")).Single(o => o.Cell == 3).Text;
        // Microsoft.Data.Analysis's extension shows a DataFrame as a table; without it the kernel shows a tree of properties.
        Assert.Contains("<th>epoch</th><th>loss</th>", shown);
        Assert.DoesNotContain("class=\"dni-treeview\"", shown);
        // After NotebookSetup.Init the library's formatter, which reads DataFrames by reflection, shows it.
        var afterSetup = ExecutedNotebook.Outputs(Path.Combine(output, "KernelExtensions.ipynb")).Single(o => o.Cell == 7).Text;
        Assert.Contains("<th>epoch</th><th>loss</th>", afterSetup);
        Assert.Contains("<td>3</td><td>0.25</td>", afterSetup);
        Assert.Contains("3 rows × 2 columns", afterSetup);
    }

    [Fact]
    public void AnUnknownOptionIsAUsageError()
    {
        var run = tool.Run("notebooks", "--frobnicate");

        Assert.True(run.ExitCode == 2, run.All);
        Assert.Contains("unknown option '--frobnicate'", run.Error);
        Assert.Contains("usage: dotnet run -c Release --project tools/rnnlstm -- notebooks", run.Error);
    }
}
