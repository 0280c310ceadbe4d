using System.IO.Compression;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using RnnLstm.Series;
using RnnLstm.Cells;
using RnnLstm.Forecasting;
using RnnLstm.Tests.Notebooks;

namespace RnnLstm.Tests.Packaging;

/// <summary>
/// The NuGet packages as a user meets them: <c>dotnet pack</c> both into a folder, then a fresh console project outside
/// the repository adds the core package from that folder, runs the package README's example on data/data.csv, and
/// must get the same forecast as the library built here, without restoring the notebook stack.
/// </summary>
/// <remarks>
/// In the notebooks collection: packing builds the library in Release, into the same intermediate folder as the tool's
/// build and the notebooks' first cell, so they must not run at the same time.
/// </remarks>
[Collection(NotebookCollection.Name)]
public sealed class PackageConsumerTests(PackedFeed feed) : IClassFixture<PackedFeed>
{
    /// <summary>What the core may depend on: the maths, the data, and the protobuf runtime of the ONNX export (lib/Export).</summary>
    private static readonly string[] CoreMayDependOn = ["Microsoft.Data.Analysis", "System.Numerics.Tensors", "Google.Protobuf"];

    /// <summary>Packages the core must never bring along: charts, the notebook kernel, and F# (which Plotly.NET needs).</summary>
    private static readonly string[] NotebookStack = ["Plotly.NET", "Plotly.NET.CSharp", "Microsoft.DotNet.Interactive", "FSharp.Core"];

    private static bool IsNotebookStack(string packageId) => NotebookStack.Any(n => packageId.StartsWith(n, StringComparison.OrdinalIgnoreCase));

    [Fact]
    public void TheCorePackageDependsOnlyOnWhatTheMathsAndTheDataNeed()
    {
        var nuspec = feed.Nuspec("RnnLstm");
        XNamespace ns = nuspec.Root!.Name.Namespace;
        var dependencies = nuspec.Descendants(ns + "dependency").Select(d => (string)d.Attribute("id")!).Order().ToList();

        Assert.DoesNotContain(dependencies, IsNotebookStack);
        Assert.Subset(CoreMayDependOn.ToHashSet(), dependencies.ToHashSet());
        Assert.Contains("System.Numerics.Tensors", dependencies);
        Assert.Contains("Microsoft.Data.Analysis", dependencies);
        Assert.Equal("MIT", (string?)nuspec.Descendants(ns + "license").Single());
        Assert.Equal("README.md", (string?)nuspec.Descendants(ns + "readme").Single());
        Assert.False(string.IsNullOrWhiteSpace((string?)nuspec.Descendants(ns + "description").Single()));
        Assert.NotNull(nuspec.Descendants(ns + "repository").Single().Attribute("commit"));
        var files = feed.Files("RnnLstm");
        Assert.Contains("lib/net10.0/RnnLstm.dll", files);
        Assert.Contains("lib/net10.0/RnnLstm.xml", files); // XML docs for IntelliSense
        Assert.Contains("README.md", files);
        Assert.True(File.Exists(Path.Combine(feed.Folder, $"RnnLstm.{feed.Version}.snupkg")), "no symbols package");
    }

    [Fact]
    public void TheNotebooksPackageDependsOnTheCoreAndPlotlyButNotOnTheKernel()
    {
        var nuspec = feed.Nuspec("RnnLstm.Notebooks");
        XNamespace ns = nuspec.Root!.Name.Namespace;
        var dependencies = nuspec.Descendants(ns + "dependency").ToDictionary(d => (string)d.Attribute("id")!, d => (string)d.Attribute("version")!);

        Assert.Equal(feed.Version, dependencies["RnnLstm"]);
        Assert.Contains("Plotly.NET", dependencies.Keys);
        Assert.DoesNotContain(dependencies.Keys, id => id.StartsWith("Microsoft.DotNet.Interactive", StringComparison.Ordinal));
        Assert.Contains("lib/net10.0/RnnLstm.Notebooks.dll", feed.Files("RnnLstm.Notebooks"));
    }

    [Fact]
    public void AFreshConsoleProjectForecastsWithTheCorePackageAndRestoresNoNotebookStack()
    {
        string app = Path.Combine(feed.Work, "app");
        string data = Path.Combine(Repository.Root, "data", "data.csv");
        // The user's commands: a new console project, the package from the folder, the README's example as Program.cs.
        feed.RunConsumer("dotnet", ["new", "console", "-o", app, "--no-restore"], feed.Work);
        feed.RunConsumer("dotnet", ["add", "package", "RnnLstm", "--version", feed.Version, "--source", feed.Folder], app);
        File.WriteAllText(Path.Combine(app, "Program.cs"), PackageReadme.Example.Replace("\"data.csv\"", "args[0]"));
        var run = feed.RunConsumer("dotnet", ["run", "-c", "Release", "--", data], app);

        // The same two lines as the library built from this repository prints for the same call.
        var series = SeriesCsv.Load(data);
        var expected = Forecaster.Run(series, new ForecasterSettings { Cell = CellKind.Lstm, Seed = 1 });
        string[] lines = run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal([expected.Scores[0].ToString().Trim(), string.Join(", ", expected.Future.Select(v => v.ToString("F1")))], lines);
        Assert.Equal(12, lines[1].Split(", ").Length);

        var restored = JsonNode.Parse(File.ReadAllText(Path.Combine(app, "obj", "project.assets.json")))!["libraries"]!.AsObject()
            .Select(kv => kv.Key.Split('/')[0]).ToList();
        Assert.Contains("RnnLstm", restored);
        Assert.Contains("Microsoft.Data.Analysis", restored);
        Assert.DoesNotContain(restored, IsNotebookStack);
        // The package came from the folder just packed, into this test's private packages folder (no stale cached copy).
        Assert.True(Directory.Exists(Path.Combine(feed.Packages, "rnnlstm", feed.Version)), "RnnLstm was not restored into the private packages folder");
    }

    [Fact]
    public void TheReadmeShowsThePackageReadmesExample()
    {
        string readme = File.ReadAllText(Path.Combine(Repository.Root, "README.md"));

        Assert.Contains(PackageReadme.Example, readme.ReplaceLineEndings("\n"));
    }
}

/// <summary>The core package's README (packaging/RnnLstm.md) and its C# example.</summary>
public static class PackageReadme
{
    /// <summary>The first <c>```csharp</c> block of packaging/RnnLstm.md.</summary>
    public static string Example { get; } = Regex.Match(
        File.ReadAllText(Path.Combine(Repository.Root, "packaging", "RnnLstm.md")).ReplaceLineEndings("\n"),
        "```csharp\n(.*?)```", RegexOptions.Singleline).Groups[1].Value;
}

/// <summary>
/// Both packages, packed once per test run into a new temporary folder outside the repository, under a version no
/// earlier run used; the consumer restores into a private packages folder of its own.
/// </summary>
public sealed class PackedFeed : IDisposable
{
    /// <summary>The temporary folder holding the feed, the private packages folder and the consumer project.</summary>
    public string Work { get; } = Directory.CreateTempSubdirectory("rnnlstm-consumer-").FullName;

    /// <summary>The folder the packages were packed into: the local source.</summary>
    public string Folder => Path.Combine(Work, "feed");

    /// <summary>The consumer's NuGet packages folder (NUGET_PACKAGES).</summary>
    public string Packages => Path.Combine(Work, "packages");

    /// <summary>A package version unique to this run.</summary>
    public string Version { get; } = $"0.1.0-consumer.{DateTime.UtcNow:yyyyMMddHHmmss}.{Environment.ProcessId}";

    public PackedFeed()
    {
        Assert.False(Path.GetFullPath(Work).StartsWith(Repository.Root + Path.DirectorySeparatorChar, StringComparison.Ordinal),
            $"the temporary folder {Work} is inside the repository; the consumer must be outside it");
        // Stop MSBuild's search for Directory.Build.props/.targets here, so nothing above the temp folder applies.
        File.WriteAllText(Path.Combine(Work, "Directory.Build.props"), "<Project />");
        File.WriteAllText(Path.Combine(Work, "Directory.Build.targets"), "<Project />");
        // The machine's packages folder serves as a read-only fallback: dependencies already there are not downloaded again.
        File.WriteAllText(Path.Combine(Work, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <fallbackPackageFolders>
                <add key="machine" value="{MachinePackages}" />
              </fallbackPackageFolders>
            </configuration>
            """);
        foreach (string project in new[] { "RnnLstm.Lib.csproj", "lib/Notebook/RnnLstm.Notebooks.csproj" })
        {
            // PackageVersion, not Version: the assemblies keep their version, so an up-to-date Release build is reused.
            var pack = ProcessRunner.Run("dotnet",
                ["pack", project, "-c", "Release", "-o", Folder, $"-p:PackageVersion={Version}", "-nologo", "-nodeReuse:false", "-p:UseSharedCompilation=false"],
                Repository.Root, TimeSpan.FromMinutes(5));
            Assert.True(pack.ExitCode == 0, $"dotnet pack {project} failed:\n{pack.All}");
        }
    }

    /// <summary>Runs a dotnet command of the consumer in <paramref name="folder"/>, with the private packages folder; fails the test if it fails.</summary>
    public ProcessResult RunConsumer(string file, string[] arguments, string folder)
    {
        var result = ProcessRunner.Run(file, arguments, folder, TimeSpan.FromMinutes(5), new Dictionary<string, string> { ["NUGET_PACKAGES"] = Packages });
        Assert.True(result.ExitCode == 0, $"'{file} {string.Join(' ', arguments)}' in {folder} failed:\n{result.All}");
        return result;
    }

    /// <summary>The .nuspec inside <paramref name="id"/>'s .nupkg.</summary>
    public XDocument Nuspec(string id)
    {
        using var package = ZipFile.OpenRead(Path.Combine(Folder, $"{id}.{Version}.nupkg"));
        using var stream = package.GetEntry($"{id}.nuspec")!.Open();
        return XDocument.Load(stream);
    }

    /// <summary>The paths inside <paramref name="id"/>'s .nupkg.</summary>
    public IReadOnlyList<string> Files(string id)
    {
        using var package = ZipFile.OpenRead(Path.Combine(Folder, $"{id}.{Version}.nupkg"));
        return package.Entries.Select(e => e.FullName).ToList();
    }

    public void Dispose() => Directory.Delete(Work, recursive: true);

    private static string MachinePackages => Environment.GetEnvironmentVariable("NUGET_PACKAGES")
        ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
}
