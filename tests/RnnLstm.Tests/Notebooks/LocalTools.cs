namespace RnnLstm.Tests.Notebooks;

/// <summary>The kernels pinned in dotnet-tools.json (dotnet-repl, dotnet-interactive), restored once per test run.</summary>
public static class LocalTools
{
    private static readonly Lazy<ProcessResult> Restore = new(() =>
        ProcessRunner.Run("dotnet", ["tool", "restore"], Repository.Root, TimeSpan.FromMinutes(3)));

    /// <summary>Runs <c>dotnet tool restore</c> the first time; fails the test if it failed.</summary>
    public static void EnsureRestored() =>
        Assert.True(Restore.Value.ExitCode == 0, "dotnet tool restore failed:\n" + Restore.Value.All);

    /// <summary>The shipped notebooks' file names, one theory case each.</summary>
    public static TheoryData<string> ShippedNotebooks() => [.. Repository.Notebooks.Select(path => Path.GetFileName(path))];
}
