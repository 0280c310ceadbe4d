namespace RnnLstm.Notebook;

/// <summary>
/// Tells whether code runs inside a .NET Interactive kernel (a notebook) or in a plain process (a test, the CLI).
/// </summary>
/// <remarks>
/// RnnLstm.Notebooks.dll compiles against Microsoft.DotNet.Interactive but neither ships it nor depends on its package:
/// in a notebook the kernel's own copy must be the one used (two copies would mean two, unrelated, formatter
/// registries). Outside a kernel the assembly may be absent, so nothing here may touch its types unless
/// <see cref="IsLoaded"/> says it is there.
/// </remarks>
internal static class KernelPresence
{
    /// <summary>True when the Microsoft.DotNet.Interactive assembly is already loaded in this process.</summary>
    public static bool IsLoaded => IsAssemblyLoaded("Microsoft.DotNet.Interactive");

    /// <summary>True when the formatting assembly (where <c>Formatter</c> lives) is already loaded.</summary>
    public static bool FormattingIsLoaded => IsAssemblyLoaded("Microsoft.DotNet.Interactive.Formatting");

    private static bool IsAssemblyLoaded(string name) =>
        AppDomain.CurrentDomain.GetAssemblies().Any(a => a.GetName().Name == name);
}
