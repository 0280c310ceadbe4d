namespace RnnLstm.Tests.Notebooks;

/// <summary>Paths in the repository the tests run in.</summary>
public static class Repository
{
    /// <summary>The folder holding RnnLstm.Lib.csproj, found above the test assembly.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>Where tests write what they make (ignored by git), one sub-folder per test.</summary>
    public static string TestOutput(string name)
    {
        string folder = Path.Combine(Root, "artifacts", "test-results", name);
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        Directory.CreateDirectory(folder);
        return folder;
    }

    /// <summary>The notebooks the project ships: every notebooks/*.ipynb, sorted.</summary>
    public static IReadOnlyList<string> Notebooks =>
        Directory.GetFiles(Path.Combine(Root, "notebooks"), "*.ipynb").Order(StringComparer.Ordinal).ToList();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "RnnLstm.Lib.csproj"))) return dir.FullName;
        throw new InvalidOperationException($"RnnLstm.Lib.csproj not found above {AppContext.BaseDirectory}.");
    }
}
