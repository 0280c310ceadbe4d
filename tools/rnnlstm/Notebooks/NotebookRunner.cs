using System.Diagnostics;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.CSharp;
using Microsoft.DotNet.Interactive.Documents;
using Microsoft.DotNet.Interactive.Documents.Jupyter;
using Microsoft.DotNet.Interactive.PackageManagement;
using KernelInfo = Microsoft.DotNet.Interactive.Documents.KernelInfo;

namespace RnnLstm.Cli.Notebooks;

/// <summary>
/// Runs a notebook's cells in order, in this process, with the same C# kernel that VS Code's Polyglot extension
/// starts, and collects every cell's outputs into the document.
/// </summary>
/// <remarks>
/// Set up as the extension does where it matters for our notebooks: the current folder is the notebook's folder (so
/// relative <c>#r</c> and data paths work), <c>#r "nuget:"</c> is enabled, and the kernel extensions that restored
/// packages carry (<c>interactive-extensions/dotnet/*.dll</c>, e.g. formatters) are loaded, which the bare kernel
/// would skip. A fresh kernel runs each notebook. Execution stops at the first failing cell, as Run All does.
/// <para>
/// One difference from VS Code is unavoidable: a process holds one assembly per name, and this tool already loaded
/// RnnLstm.dll and RnnLstm.Notebooks.dll (it references both projects), so a notebook's
/// <c>#r ".../artifacts/lib/RnnLstm.dll"</c> compiles against that file but runs on the tool's copy, built from the same source. Hence the README runs the tool with
/// <c>-c Release</c>: the numerics then run optimized, as in the notebook's own build.
/// </para>
/// </remarks>
public sealed class NotebookRunner
{
    private static readonly KernelInfoCollection Kernels = CreateKernelInfos();

    /// <summary>Reads a notebook file (.ipynb or .dib).</summary>
    public static async Task<InteractiveDocument> LoadAsync(string path)
    {
        if (!File.Exists(path)) throw new NotebookException($"notebook not found: {path}");
        return await InteractiveDocument.LoadAsync(new FileInfo(path), Kernels);
    }

    /// <summary>Writes the executed notebook as .ipynb (outputs included).</summary>
    /// <remarks>
    /// A notebook read from .ipynb keeps its "polyglot_notebook" metadata as plain dictionaries, on which the writer's
    /// cast to <see cref="KernelInfoCollection"/> fails; the writer rebuilds that entry from the runner's kernel list.
    /// </remarks>
    public static void SaveIpynb(InteractiveDocument notebook, string path)
    {
        notebook.Metadata.Remove("polyglot_notebook");
        notebook.Metadata["kernelInfo"] = Kernels;
        File.WriteAllText(path, notebook.ToJupyterJson("C#"));
    }

    /// <summary>
    /// Runs <paramref name="notebook"/> (read from <paramref name="path"/>), with <paramref name="overrides"/> applied
    /// after its parameters cell; <paramref name="onCell"/> hears about each code cell as it finishes.
    /// </summary>
    /// <exception cref="NotebookException">The overrides do not fit the notebook's parameters cell.</exception>
    public static async Task<NotebookResult> RunAsync(
        string path, InteractiveDocument notebook, IReadOnlyList<KeyValuePair<string, string>> overrides, Action<CellResult> onCell)
    {
        InjectParameters(notebook, overrides, out var injected);
        var clock = Stopwatch.StartNew();
        var results = new List<CellResult>();
        string previousFolder = Environment.CurrentDirectory;
        Environment.CurrentDirectory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        try
        {
            using var kernel = CreateKernel();
            int number = 0;
            foreach (var cell in notebook.Elements.ToList())
            {
                bool isInjected = ReferenceEquals(cell, injected);
                if (!isInjected) number++;
                if (cell.KernelName == "markdown") continue;
                var result = await RunCellAsync(kernel, cell, number, isInjected, executionOrder: results.Count + 1);
                results.Add(result);
                onCell(result);
                if (!result.Succeeded) break;
            }
        }
        finally
        {
            Environment.CurrentDirectory = previousFolder;
        }
        return new NotebookResult(path, notebook, results, clock.Elapsed.TotalSeconds);
    }

    /// <summary>Adds the assignments for <paramref name="overrides"/> as a new cell right after the parameters cell (and
    /// after the cells papermill or an earlier run injected there).</summary>
    private static void InjectParameters(InteractiveDocument notebook, IReadOnlyList<KeyValuePair<string, string>> overrides, out InteractiveDocumentElement? injected)
    {
        injected = null;
        int index = NotebookParameters.FindCell(notebook);
        if (overrides.Count == 0) return;
        if (index < 0)
            throw new NotebookException($"-p was given but no cell starts with '{NotebookParameters.Marker}'.");
        var declared = NotebookParameters.Declared(notebook.Elements[index].Contents);
        injected = new InteractiveDocumentElement(NotebookParameters.OverrideCell(declared, overrides), "csharp", []);
        NotebookParameters.TagAsInjected(injected);
        notebook.Elements.Insert(NotebookParameters.InsertionIndex(notebook, index), injected);
    }

    private static async Task<CellResult> RunCellAsync(Kernel kernel, InteractiveDocumentElement cell, int number, bool injected, int executionOrder)
    {
        var clock = Stopwatch.StartNew();
        var outputs = new CellOutputs();
        string? error;
        if (cell.KernelName is not ("csharp" or "C#" or "c#" or null))
        {
            error = $"this runner has only the C# kernel; the cell asks for '{cell.KernelName}'.";
            outputs.AddError(error, "KernelNotFound");
        }
        else
        {
            KernelCommandResult result = await kernel.SendAsync(new SubmitCode(cell.Contents, "csharp"));
            error = outputs.AddAll(result.Events);
        }
        cell.Outputs.Clear();
        cell.Outputs.AddRange(outputs.Elements);
        cell.ExecutionOrder = executionOrder;
        return new CellResult(number, injected, clock.Elapsed.TotalSeconds, error, cell);
    }

    private static CompositeKernel CreateKernel()
    {
        var csharp = new CSharpKernel()
            .UseNugetDirective(PackageReferences.AddPackagesAsync)
            .UseKernelHelpers()
            .UseValueSharing();
        var composite = new CompositeKernel { csharp };
        composite.DefaultKernelName = csharp.Name;
        return composite.UseImportMagicCommand();
    }

    private static KernelInfoCollection CreateKernelInfos()
    {
        var infos = new KernelInfoCollection
        {
            new KernelInfo("csharp", "C#", ["c#", "C#"]),
            new KernelInfo("markdown", "Markdown", ["md"]),
        };
        infos.DefaultKernelName = "csharp";
        return infos;
    }
}
