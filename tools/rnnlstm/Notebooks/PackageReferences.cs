using System.Reflection;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.CSharp;

namespace RnnLstm.Cli.Notebooks;

/// <summary>
/// What happens after <c>#r "nuget: ..."</c> restored packages: their assemblies become references of the C# kernel,
/// and the kernel extensions they carry are loaded.
/// </summary>
/// <remarks>
/// A package may ship <c>interactive-extensions/dotnet/*.dll</c> with an <see cref="IKernelExtension"/> (Plotly.NET.Interactive
/// and Microsoft.Data.Analysis register their formatters this way). The full dotnet-interactive tool loads them; a
/// kernel hosted in-process does not unless asked, so without this a notebook would show type names where VS Code shows
/// charts and tables.
/// </remarks>
internal static class PackageReferences
{
    /// <summary>Extension dlls already run, per kernel: a new kernel (the next notebook) gets them run again.</summary>
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<Kernel, HashSet<string>> LoadedPerKernel = [];

    /// <summary>
    /// Adds the packages' assemblies to <paramref name="kernel"/> (the directive leaves that to its host, as the
    /// dotnet-interactive tool does), then loads and runs every not-yet-loaded extension they carry.
    /// </summary>
    public static async Task AddPackagesAsync(CSharpKernel kernel, IReadOnlyList<ResolvedPackageReference> packages)
    {
        kernel.AddAssemblyReferences(packages.SelectMany(p => p.AssemblyPaths));
        await LoadExtensionsAsync(kernel, packages);
    }

    private static async Task LoadExtensionsAsync(Kernel kernel, IReadOnlyList<ResolvedPackageReference> packages)
    {
        var loaded = LoadedPerKernel.GetOrCreateValue(kernel.RootKernel);
        foreach (var package in packages)
        {
            string folder = Path.Combine(package.PackageRoot, "interactive-extensions", "dotnet");
            if (!Directory.Exists(folder)) continue;
            foreach (string dll in Directory.GetFiles(folder, "*.dll").Order())
            {
                if (!loaded.Add(Path.GetFullPath(dll))) continue;
                foreach (var extension in ExtensionsIn(Assembly.LoadFrom(dll)))
                    await extension.OnLoadAsync(kernel);
            }
        }
    }

    private static IEnumerable<IKernelExtension> ExtensionsIn(Assembly assembly) =>
        assembly.GetExportedTypes()
            .Where(t => typeof(IKernelExtension).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false } && t.GetConstructor(Type.EmptyTypes) is not null)
            .Select(t => (IKernelExtension)Activator.CreateInstance(t)!);
}
