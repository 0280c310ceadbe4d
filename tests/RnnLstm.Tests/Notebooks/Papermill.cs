using System.Text.Json.Nodes;

namespace RnnLstm.Tests.Notebooks;

/// <summary>
/// What papermill does to a notebook before it runs it, done here because papermill itself is not installable on this
/// machine: after the code cell tagged <c>parameters</c> it inserts a cell tagged <c>injected-parameters</c> holding
/// what its <c>.net-csharp</c> translator writes, a <c>// Parameters</c> comment and one <c>var name = value;</c> per -p.
/// </summary>
public static class Papermill
{
    /// <summary>The values the tests inject into tests/notebooks/Parameters.ipynb, as papermill's C# translator writes them.</summary>
    public static readonly (string Name, string Literal)[] ParametersNotebookValues =
        [("seed", "7"), ("rate", "0.001"), ("name", "\"from papermill\""), ("flag", "true"), ("big", "5000000000L")];

    /// <summary>What the Parameters notebook's last cell prints with <see cref="ParametersNotebookValues"/>.</summary>
    public const string ParametersNotebookPrints = "seed=7:Int32 rate=0.001:Double name=from papermill:String flag=True:Boolean big=5000000000:Int64";

    /// <summary>Writes <paramref name="notebook"/> with papermill's injected cell to <paramref name="output"/> (a new folder is created).</summary>
    public static void Parameterize(string notebook, string output, IEnumerable<(string Name, string Literal)> parameters)
    {
        var document = JsonNode.Parse(File.ReadAllText(notebook))!;
        var cells = document["cells"]!.AsArray();
        int tagged = cells.Select((cell, index) => (cell, index)).Single(c => TagsOf(c.cell!).Contains("parameters")).index;
        cells.Insert(tagged + 1, new JsonObject
        {
            ["cell_type"] = "code",
            ["execution_count"] = null,
            ["metadata"] = new JsonObject { ["tags"] = new JsonArray("injected-parameters") },
            ["outputs"] = new JsonArray(),
            ["source"] = string.Join("\n", ["// Parameters", .. parameters.Select(p => $"var {p.Name} = {p.Literal};")]),
        });
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
        File.WriteAllText(output, document.ToJsonString());
    }

    private static IEnumerable<string?> TagsOf(JsonNode cell) => cell["metadata"]?["tags"]?.AsArray().Select(t => (string?)t) ?? [];
}
