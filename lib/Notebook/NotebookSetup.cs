using System.Runtime.CompilerServices;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Formatting;
using Plotly.NET;
using RnnLstm.Plots;

namespace RnnLstm.Notebook;

/// <summary>
/// The one call a notebook's setup cell makes: <c>RnnLstm.Notebook.NotebookSetup.Init();</c>.
/// </summary>
/// <remarks>
/// It (1) lets Plotly.NET load beside the kernel's FSharp.Core, (2) puts plotly.js into the notebook once, so that
/// charts render with no network, also when the saved notebook is opened later, and (3) registers HTML formatters:
/// charts, data tables, and whatever the library's other types ask for through <see cref="RegisterHtmlFormatter{T}"/>.
/// Calling it again is harmless.
/// </remarks>
public static class NotebookSetup
{
    /// <summary>The id of the <c>&lt;script&gt;</c> element holding plotly.js; the HTML report recognises it by this.</summary>
    public const string PlotlyScriptId = "rnnlstm-plotlyjs";

    /// <summary>Prepares the notebook for the library's charts and types. Call once, in the first code cell after <c>#r</c>.</summary>
    public static void Init()
    {
        FSharpCoreResolver.Install(); // before anything below mentions a Plotly.NET type
        if (!KernelPresence.FormattingIsLoaded) return; // not in a notebook: nothing to display into
        RegisterFormatters();
        DisplayPlotlyScriptOnce();
    }

    /// <summary>
    /// Shows values of type <typeparamref name="T"/> as the HTML that <paramref name="toHtml"/> returns, instead of
    /// the default property dump. Meant for the library's own types (models, training histories), e.g.
    /// <c>RegisterHtmlFormatter&lt;TrainingHistory&gt;(h =&gt; ChartFiles.ToHtmlFragment(Charts.LossCurve(h.Loss)))</c>;
    /// the library's types get theirs in <see cref="RegisterFormatters"/>, so notebooks need not register anything.
    /// Outside a notebook (no .NET Interactive formatter loaded) it does nothing.
    /// </summary>
    public static void RegisterHtmlFormatter<T>(Func<T, string> toHtml)
    {
        ArgumentNullException.ThrowIfNull(toHtml);
        if (!KernelPresence.FormattingIsLoaded) return;
        RegisterHtml(typeof(T), value => toHtml((T)value));
    }

    // NoInlining keeps Plotly.NET and .NET Interactive types out of Init's own body: the JIT resolves a method's types
    // when it compiles that method, which for Init must happen before the FSharp.Core resolver exists.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void RegisterFormatters()
    {
        RegisterHtml(typeof(GenericChart), chart => ChartFiles.ToHtmlFragment((GenericChart)chart));
        RegisterHtml(typeof(Table), table => ((Table)table).ToHtml());
        Tables.RegisterDataFrameFormatter(RegisterHtml);
        LibraryFormatters.Register(RegisterHtml);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void RegisterHtml(Type type, Func<object, string> toHtml)
    {
        Formatter.Register(type, (value, writer) => writer.Write(toHtml(value)), HtmlFormatter.MimeType);
        Formatter.SetPreferredMimeTypesFor(type, HtmlFormatter.MimeType);
    }

    /// <summary>Kernels that already received plotly.js; keyed weakly so a restarted or disposed kernel gets it again.</summary>
    private static readonly ConditionalWeakTable<object, object> kernelsWithPlotly = [];

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void DisplayPlotlyScriptOnce()
    {
        var context = KernelPresence.IsLoaded ? KernelInvocationContext.Current : null;
        if (context?.HandlingKernel?.RootKernel is not { } kernel) return;
        if (kernelsWithPlotly.TryGetValue(kernel, out _)) return;
        kernelsWithPlotly.Add(kernel, kernel);
        context.DisplayAs(
            PlotlyJs.ScriptTag(PlotlyScriptId)
            + "<div style=\"color:#666;font-size:smaller\">Charts ready: plotly.js embedded in this notebook (renders offline).</div>",
            HtmlFormatter.MimeType);
    }
}
