namespace RnnLstm.Tests.Series;

/// <summary>A CSV file written by a test into its own temporary folder, deleted afterwards.</summary>
internal sealed class TempCsv : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("rnnlstm-series-").FullName;

    public TempCsv(string text, string name = "series.csv")
    {
        Path = System.IO.Path.Combine(_folder, name);
        File.WriteAllText(Path, text);
    }

    /// <summary>Lines joined with '\n' and a final newline, which is how most tools write CSV.</summary>
    public static TempCsv Lines(params string[] lines) => new(string.Join("\n", lines) + "\n");

    public string Path { get; }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}

/// <summary>Finds files of the repository from the test's output folder.</summary>
internal static class Repo
{
    public static string File(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (System.IO.File.Exists(System.IO.Path.Combine(dir.FullName, "RnnLstm.Lib.csproj")))
            {
                return System.IO.Path.Combine(dir.FullName, relative);
            }
        }
        throw new InvalidOperationException("RnnLstm.Lib.csproj not found above " + AppContext.BaseDirectory);
    }
}
