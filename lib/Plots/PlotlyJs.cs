using System.Reflection;
using Plotly.NET;

namespace RnnLstm.Plots;

/// <summary>
/// plotly.js itself, as carried inside Plotly.NET.dll. Charts that must render with no network (CI, a saved
/// notebook opened later, an HTML report sent by mail) embed this script instead of pointing at a CDN.
/// </summary>
public static class PlotlyJs
{
    private static readonly Lazy<string> source = new(ReadEmbeddedScript);

    /// <summary>The minified plotly.js source (about 3.6 MB), read once from Plotly.NET's resources.</summary>
    public static string Source => source.Value;

    /// <summary>
    /// A <c>&lt;script&gt;</c> element that defines the global <c>Plotly</c>. An AMD loader (require.js, present in
    /// classic Jupyter) would make plotly.js register as a module instead of a global, so <c>define</c> is hidden
    /// while the script runs.
    /// </summary>
    public static string ScriptTag(string id) =>
        $"<script type=\"text/javascript\" id=\"{id}\">\n"
        + "(function(){ var __savedDefine = window.define; window.define = undefined;\n"
        + Source
        + "\nwindow.define = __savedDefine; })();\n</script>";

    private static string ReadEmbeddedScript()
    {
        Assembly plotly = typeof(GenericChart).Assembly;
        string name = plotly.GetManifestResourceNames()
            .SingleOrDefault(n => n.StartsWith("Plotly.NET.plotly-", StringComparison.Ordinal) && n.EndsWith(".min.js", StringComparison.Ordinal))
            ?? throw new InvalidOperationException(
                $"plotly.js is not among the resources of {plotly.GetName()}; a Plotly.NET upgrade may have renamed it.");
        using Stream stream = plotly.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
