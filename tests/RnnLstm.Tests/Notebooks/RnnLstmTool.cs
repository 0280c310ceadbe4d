namespace RnnLstm.Tests.Notebooks;

/// <summary>
/// The CLI (tools/rnnlstm), built once per test run and then run as a process, as a user runs it.
/// </summary>
/// <remarks>
/// Shared through <see cref="NotebookCollection"/>: every test class that runs notebooks is in that one collection, so
/// they run one after another and never build the tool, or the library the notebooks build, at the same time.
/// </remarks>
public sealed class RnnLstmTool
{
    private readonly Lazy<string> toolDll = new(Build, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Generous: a cold run restores packages and builds the library for the notebooks.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    /// <summary>Runs <c>rnnlstm</c> with <paramref name="arguments"/> from the repository root.</summary>
    public ProcessResult Run(params string[] arguments) =>
        ProcessRunner.Run("dotnet", [toolDll.Value, .. arguments], Repository.Root, Timeout);

    /// <summary>
    /// Builds into artifacts/test-tool, in Release as the README runs it. No build server or node reuse: they would outlive the build and keep its
    /// output pipes open.
    /// </summary>
    private static string Build()
    {
        string output = Path.Combine(Repository.Root, "artifacts", "test-tool");
        var build = ProcessRunner.Run("dotnet",
            ["build", "tools/rnnlstm/rnnlstm.csproj", "-c", "Release", "-o", output, "-nologo", "-v", "q", "-nodeReuse:false", "-p:UseSharedCompilation=false"],
            Repository.Root, Timeout);
        Assert.True(build.ExitCode == 0, "building tools/rnnlstm failed:\n" + build.All);
        return Path.Combine(output, "RnnLstm.Cli.dll");
    }
}

/// <summary>The tests that run notebooks: one at a time, sharing one build of the tool.</summary>
[CollectionDefinition(Name)]
public sealed class NotebookCollection : ICollectionFixture<RnnLstmTool>
{
    /// <summary>The collection's name, for <c>[Collection(NotebookCollection.Name)]</c>.</summary>
    public const string Name = "notebooks";
}
