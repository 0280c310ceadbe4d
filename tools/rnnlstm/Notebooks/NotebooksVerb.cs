using System.Globalization;

namespace RnnLstm.Cli.Notebooks;

/// <summary>
/// <c>notebooks</c>: runs notebooks headless and writes, per notebook, the executed .ipynb and an HTML report.
/// </summary>
public sealed class NotebooksVerb : IVerb
{
    /// <inheritdoc/>
    public string Name => "notebooks";

    /// <inheritdoc/>
    public string Summary => "run notebooks headless; write executed .ipynb and .html reports";

    /// <inheritdoc/>
    public string Usage => $"""
        usage: dotnet run -c Release --project tools/rnnlstm -- notebooks [NOTEBOOK.ipynb ...] [-p NAME=VALUE ...] [--output DIR]

        Runs each notebook's cells in order, in-process, from the notebook's folder (as VS Code does), and writes
        DIR/NAME.ipynb (with outputs) and DIR/NAME.html (a report that opens offline in any browser).
        Prints one line per code cell; exits 1 if any cell fails, naming the notebook, the cell and the error.

          NOTEBOOK.ipynb     notebooks to run (default: every notebooks/*.ipynb of the repository, sorted)
          -p NAME=VALUE      override a parameter (repeatable). The parameters cell is the code cell whose first
                             line is '{NotebookParameters.Marker}'; it declares plain variables such as
                                 int seed = 42;
                                 var dataFile = "../data/data.csv";
                             The override is assigned in a cell injected right after it, converted to the
                             variable's type (int, long, double, string, bool). Unknown names are an error.
          --output DIR, -o DIR
                             where to write (default: artifacts/notebooks in the repository)
        """;

    /// <inheritdoc/>
    public async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        var options = ParseArguments(args);
        Directory.CreateDirectory(options.OutputFolder);
        var failures = new List<string>();
        foreach (string path in options.Notebooks)
        {
            string? failure = await RunOneAsync(path, options);
            if (failure is not null) failures.Add(failure);
        }
        Console.WriteLine();
        Console.WriteLine($"{options.Notebooks.Count - failures.Count} of {options.Notebooks.Count} notebooks ran without error; outputs in {options.OutputFolder}");
        foreach (string failure in failures) Console.Error.WriteLine("FAILED " + failure);
        return failures.Count == 0 ? 0 : 1;
    }

    /// <summary>Runs one notebook and writes its outputs; returns a one-line failure description or null.</summary>
    private static async Task<string?> RunOneAsync(string path, Options options)
    {
        string shown = Path.GetRelativePath(Environment.CurrentDirectory, path);
        Console.WriteLine($"{shown}");
        NotebookResult result;
        try
        {
            var notebook = await NotebookRunner.LoadAsync(path);
            result = await NotebookRunner.RunAsync(path, notebook, options.Parameters, PrintCell);
        }
        catch (NotebookException e)
        {
            Console.WriteLine($"  not run: {e.Message}");
            return $"{shown}: {e.Message}";
        }

        string name = Path.GetFileNameWithoutExtension(path);
        string ipynb = Path.Combine(options.OutputFolder, name + ".ipynb");
        string html = Path.Combine(options.OutputFolder, name + ".html");
        NotebookRunner.SaveIpynb(result.Executed, ipynb);
        HtmlReport.Write(result, html);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {(result.Failure is null ? "ok" : "FAILED")} in {result.Seconds:F1} s -> {Path.GetRelativePath(Environment.CurrentDirectory, html)}"));

        return result.Failure is { } failed
            ? $"{shown}, {failed.Label}: {FirstLine(failed.Error!)} (full error in {Path.GetRelativePath(Environment.CurrentDirectory, html)})"
            : null;
    }

    private static void PrintCell(CellResult cell) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {cell.Label,-26} {(cell.Succeeded ? "ok" : "FAILED"),-7} {cell.Seconds,7:F2} s{(cell.Succeeded ? "" : "  " + FirstLine(cell.Error!))}"));

    private static string FirstLine(string text) => text.Split('\n', 2)[0].Trim();

    /// <summary>The verb's parsed arguments.</summary>
    private sealed record Options(IReadOnlyList<string> Notebooks, IReadOnlyList<KeyValuePair<string, string>> Parameters, string OutputFolder);

    private static Options ParseArguments(IReadOnlyList<string> args)
    {
        var notebooks = new List<string>();
        var parameters = new List<KeyValuePair<string, string>>();
        string? output = null;
        for (int i = 0; i < args.Count; i++)
        {
            string arg = args[i];
            string Next() => i + 1 < args.Count ? args[++i] : throw new UsageException($"{arg} needs a value.");
            switch (arg)
            {
                case "-p" or "--parameter":
                    string assignment = Next();
                    int eq = assignment.IndexOf('=');
                    if (eq <= 0) throw new UsageException($"-p expects NAME=VALUE, got '{assignment}'.");
                    parameters.Add(new(assignment[..eq].Trim(), assignment[(eq + 1)..]));
                    break;
                case "-o" or "--output":
                    output = Next();
                    break;
                default:
                    if (arg.StartsWith('-')) throw new UsageException($"unknown option '{arg}'.");
                    notebooks.Add(Path.GetFullPath(arg));
                    break;
            }
        }

        string? root = RepoPaths.FindRoot();
        if (notebooks.Count == 0)
        {
            if (root is null) throw new UsageException("no notebook given, and not inside the repository (no RnnLstm.Lib.csproj above the current folder).");
            notebooks.AddRange(Directory.GetFiles(Path.Combine(root, "notebooks"), "*.ipynb").Order(StringComparer.Ordinal));
            if (notebooks.Count == 0) throw new UsageException($"no notebooks in {Path.Combine(root, "notebooks")}.");
        }
        string outputFolder = Path.GetFullPath(output ?? Path.Combine(root ?? Environment.CurrentDirectory, "artifacts", "notebooks"));
        return new Options(notebooks, parameters, outputFolder);
    }
}
