namespace RnnLstm.Cli;

/// <summary>Locating the repository, so the tool works from any folder inside it.</summary>
public static class RepoPaths
{
    /// <summary>
    /// The nearest folder at or above <paramref name="start"/> (default: the current folder) that holds
    /// RnnLstm.Lib.csproj, or null outside the repository.
    /// </summary>
    public static string? FindRoot(string? start = null)
    {
        for (var dir = new DirectoryInfo(start ?? Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "RnnLstm.Lib.csproj")))
                return dir.FullName;
        return null;
    }
}
