using Microsoft.FSharp.Core;
using XmlNode = Giraffe.ViewEngine.HtmlElements.XmlNode;
using System.Text.RegularExpressions;
using Microsoft.FSharp.Collections;
using Plotly.NET;

namespace RnnLstm.Plots;

/// <summary>Writing charts to disk as HTML that works with no network.</summary>
public static class ChartFiles
{
    /// <summary>
    /// Saves <paramref name="chart"/> as a standalone HTML page with plotly.js embedded (about 3.6 MB), so it opens
    /// in any browser offline. Plotly.NET's own default would reference a CDN and draw nothing without network.
    /// </summary>
    /// <param name="chart">The chart to save.</param>
    /// <param name="path">Target file; its folder is created if missing. ".html" is appended if absent.</param>
    /// <returns>The full path written.</returns>
    public static string SaveHtml(GenericChart chart, string path)
    {
        string full = Path.GetFullPath(path.EndsWith(".html", StringComparison.OrdinalIgnoreCase) ? path : path + ".html");
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, ToStandaloneHtml(chart));
        return full;
    }

    /// <summary>The chart as a complete HTML document with plotly.js embedded.</summary>
    public static string ToStandaloneHtml(GenericChart chart) =>
        GenericChart.toEmbeddedHTML(WithPlotlyReference(chart, PlotlyJSReference.Full));

    /// <summary>
    /// Only the chart's <c>&lt;div&gt;</c> and the script that draws it, with no plotly.js reference at all: for pages
    /// (a notebook output, a report) that load plotly.js once for all their charts.
    /// </summary>
    /// <remarks>
    /// The fragment waits for <c>window.Plotly</c> instead of calling it at once: a notebook front-end may insert a
    /// reopened notebook's outputs in any order, so the chart can arrive before the output that holds plotly.js. If
    /// plotly.js never comes (the setup cell was not run), the chart area says so after 10 s instead of staying blank.
    /// </remarks>
    public static string ToHtmlFragment(GenericChart chart)
    {
        string html = GenericChart.toChartHTML(WithPlotlyReference(chart, PlotlyJSReference.NoReference));
        string div = ChartDiv.Match(html).Groups[1].Value;
        return RenderCall.Replace(html, call =>
            "(function waitForPlotly(triesLeft) {\n"
            + $"    if (window.Plotly) {{ {call.Groups[1].Value}(); return; }}\n"
            + "    if (triesLeft > 0) { setTimeout(function () { waitForPlotly(triesLeft - 1); }, 50); return; }\n"
            + $"    document.getElementById('{div}').textContent =\n"
            + "        'plotly.js is not loaded: run the setup cell (RnnLstm.Notebook.NotebookSetup.Init()) first.';\n"
            + "})(200);");
    }

    /// <summary>Plotly.NET's call that draws the chart: <c>renderPlotly_&lt;id&gt;();</c>.</summary>
    private static readonly Regex RenderCall = new(@"(renderPlotly_[0-9a-f]+)\(\);");

    /// <summary>The id of the <c>&lt;div&gt;</c> the chart is drawn into.</summary>
    private static readonly Regex ChartDiv = new(@"<div id=""([0-9a-f-]+)"">");

    /// <summary>
    /// Sets how the chart's HTML gets plotly.js. <c>DisplayOptions.init</c> is F# with optional arguments, which C#
    /// must pass explicitly: all none except the reference.
    /// </summary>
    private static GenericChart WithPlotlyReference(GenericChart chart, PlotlyJSReference reference)
    {
        var options = DisplayOptions.init(
            FSharpOption<string>.None, FSharpOption<string>.None, FSharpOption<string>.None,
            FSharpOption<XmlNode>.None, FSharpOption<FSharpList<XmlNode>>.None, FSharpOption<FSharpList<XmlNode>>.None,
            FSharpOption<PlotlyJSReference>.Some(reference));
        return GenericChart.setDisplayOptions(options, chart);
    }
}
