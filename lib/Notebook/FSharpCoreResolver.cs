using System.Reflection;
using System.Runtime.Loader;

namespace RnnLstm.Notebook;

/// <summary>
/// Lets Plotly.NET run inside a notebook kernel that already loaded an older FSharp.Core.
/// </summary>
/// <remarks>
/// The kernels (VS Code's dotnet-interactive, dotnet-repl) load FSharp.Core 10.0.0.0 for themselves; Plotly.NET 6.0.0
/// was built against 10.1.0.0. One process can hold only one FSharp.Core in the default load context, and a request
/// for 10.1 fails there, so the first chart would throw "Could not load file or assembly 'FSharp.Core,
/// Version=10.1.0.0'". Answering that request with the FSharp.Core already loaded works: Plotly.NET uses nothing that
/// 10.1 added. This must be installed before any Plotly.NET type is touched, which is why
/// <see cref="NotebookSetup.Init"/> does it first, in a method that names no Plotly.NET type.
/// </remarks>
internal static class FSharpCoreResolver
{
    private static int installed;

    /// <summary>Hooks <see cref="AssemblyLoadContext.Resolving"/> once per process.</summary>
    public static void Install()
    {
        if (Interlocked.Exchange(ref installed, 1) == 1) return;
        AssemblyLoadContext.Default.Resolving += ResolveFSharpCore;
    }

    private static Assembly? ResolveFSharpCore(AssemblyLoadContext context, AssemblyName requested)
    {
        if (requested.Name != "FSharp.Core") return null;
        // Prefer the copy the kernel already runs on; otherwise the one built next to RnnLstm.Notebooks.dll.
        Assembly? loaded = AppDomain.CurrentDomain.GetAssemblies().FirstOrDefault(a => a.GetName().Name == "FSharp.Core");
        if (loaded is not null) return loaded;
        string besideUs = Path.Combine(Path.GetDirectoryName(typeof(FSharpCoreResolver).Assembly.Location) ?? ".", "FSharp.Core.dll");
        return File.Exists(besideUs) ? context.LoadFromAssemblyPath(besideUs) : null;
    }
}
