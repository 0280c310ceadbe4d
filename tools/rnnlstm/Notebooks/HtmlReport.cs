using System.Globalization;
using System.Net;
using System.Text;
using Markdig;
using Microsoft.DotNet.Interactive.Documents;
using RnnLstm.Notebook;
using RnnLstm.Plots;

namespace RnnLstm.Cli.Notebooks;

/// <summary>
/// Writes an executed notebook as one self-contained HTML page: markdown rendered, code, outputs, and charts drawn by
/// a copy of plotly.js embedded once in the page, so it reads the same offline, in any browser, years later.
/// </summary>
public static class HtmlReport
{
    private static readonly MarkdownPipeline Markdown = new MarkdownPipelineBuilder().UseAdvancedExtensions().Build();

    /// <summary>Output types tried in order: the richest one a browser can show wins.</summary>
    private static readonly string[] PreferredMimeTypes = ["text/html", "image/svg+xml", "image/png", "image/jpeg", "text/markdown", "text/plain"];

    /// <summary>Writes the report of <paramref name="result"/> to <paramref name="path"/>.</summary>
    public static void Write(NotebookResult result, string path) => File.WriteAllText(path, Render(result), Encoding.UTF8);

    /// <summary>The report as an HTML document.</summary>
    public static string Render(NotebookResult result)
    {
        var ran = result.Cells.ToDictionary(c => (object)c.Cell, ReferenceEqualityComparer.Instance);
        var body = new StringBuilder();
        foreach (var cell in result.Executed.Elements)
            body.Append(cell.KernelName == "markdown"
                ? $"<section class=\"cell markdown\">{MarkdownToHtml(cell.Contents)}</section>\n"
                : CodeCell(cell, ran.GetValueOrDefault(cell)));

        string bodyHtml = body.ToString();
        string title = WebUtility.HtmlEncode(Path.GetFileName(result.Path));
        // plotly.js once per page, and only when a chart needs it (it is 3.6 MB).
        string plotly = bodyHtml.Contains("Plotly.newPlot", StringComparison.Ordinal) ? PlotlyJs.ScriptTag("plotlyjs") : "";
        return $"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>{title}</title>
            <style>{Css}</style>
            {plotly}
            </head><body>
            <header><h1>{title}</h1><p>{Summary(result)}</p></header>
            {bodyHtml}
            </body></html>
            """;
    }

    private static string Summary(NotebookResult result)
    {
        string status = result.Failure is { } failed
            ? $"<span class=\"failed\">FAILED at {failed.Label}</span>"
            : "all cells ran";
        return string.Create(CultureInfo.InvariantCulture,
            $"Run {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC · {result.Cells.Count} code cells · {result.Seconds:F1} s · {status}");
    }

    private static string CodeCell(InteractiveDocumentElement cell, CellResult? result)
    {
        string state = result is null ? "not run" : result.Succeeded ? "ok" : "FAILED";
        string label = result?.Label ?? "cell";
        string time = result is null ? "" : string.Create(CultureInfo.InvariantCulture, $" · {result.Seconds:F2} s");
        string css = result is { Succeeded: false } ? "cell code failed" : "cell code";
        var html = new StringBuilder()
            .Append($"<section class=\"{css}\"><div class=\"meta\">{WebUtility.HtmlEncode(label)} · {state}{time}</div>")
            .Append($"<pre class=\"source\"><code>{WebUtility.HtmlEncode(cell.Contents)}</code></pre>");
        foreach (var output in cell.Outputs) html.Append("<div class=\"output\">").Append(Output(output)).Append("</div>");
        return html.Append("</section>\n").ToString();
    }

    private static string Output(InteractiveDocumentOutputElement output) => output switch
    {
        TextElement text => $"<pre class=\"{text.Name}\">{WebUtility.HtmlEncode(text.Text)}</pre>",
        ErrorElement error => $"<pre class=\"error\">{WebUtility.HtmlEncode($"{error.ErrorName}: {error.ErrorValue}")}</pre>",
        DisplayElement display => Rich(display.Data),
        ReturnValueElement value => Rich(value.Data),
        _ => "",
    };

    /// <summary>The richest representation of a displayed value.</summary>
    private static string Rich(IDictionary<string, object> data)
    {
        string? mime = PreferredMimeTypes.FirstOrDefault(data.ContainsKey);
        if (mime is null) return "";
        string value = data[mime]?.ToString() ?? "";
        return mime switch
        {
            // The notebook's own copy of plotly.js: the page already has one in its head.
            "text/html" when value.Contains($"id=\"{NotebookSetup.PlotlyScriptId}\"", StringComparison.Ordinal) =>
                "<div class=\"note\">(plotly.js: embedded once, in this page's head)</div>",
            "text/html" or "image/svg+xml" => value,
            "image/png" or "image/jpeg" => $"<img src=\"data:{mime};base64,{value}\" alt=\"output image\">",
            "text/markdown" => MarkdownToHtml(value),
            _ => $"<pre>{WebUtility.HtmlEncode(value)}</pre>",
        };
    }

    private static string MarkdownToHtml(string markdown) => MathText.RenderIn(Markdig.Markdown.ToHtml(markdown, Markdown));

    private const string Css = """
        body { font-family: system-ui, sans-serif; max-width: 1100px; margin: 2em auto; padding: 0 1em; color: #222; }
        header p { color: #555; } .failed { color: #b00; font-weight: bold; }
        .cell { margin: 1em 0; } .cell.code { border-left: 3px solid #ccd; padding-left: .8em; }
        .cell.code.failed { border-left-color: #c33; }
        .meta { font-size: small; color: #777; }
        pre { background: #f6f8fa; padding: .6em; overflow-x: auto; white-space: pre-wrap; }
        pre.source { background: #f0f3f8; } pre.stderr, pre.error { background: #fff0f0; color: #900; }
        .note { color: #888; font-size: small; }
        .math { font-family: "Latin Modern Math", "STIX Two Math", Cambria, "Times New Roman", serif; }
        div.math { margin: .6em 2em; }
        table { border-collapse: collapse; } th, td { border: 1px solid #ddd; padding: .2em .6em; text-align: right; }
        """;
}
