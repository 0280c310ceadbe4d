using System.Text.Json.Nodes;

namespace RnnLstm.Tests.Notebooks;

/// <summary>One output of an executed notebook's cell.</summary>
/// <param name="Cell">1-based cell number.</param>
/// <param name="Type">Jupyter output type: stream, display_data, execute_result or error.</param>
/// <param name="Text">The text (stream), the error name and value (error), or all mime data joined (display).</param>
public sealed record NotebookOutput(int Cell, string Type, string Text);

/// <summary>Reads an executed .ipynb (written by the tool or by dotnet repl) for assertions.</summary>
public static class ExecutedNotebook
{
    /// <summary>Every output of every cell, in order.</summary>
    public static IReadOnlyList<NotebookOutput> Outputs(string ipynbPath)
    {
        var root = JsonNode.Parse(File.ReadAllText(ipynbPath))!;
        var cells = root["cells"]!.AsArray();
        var outputs = new List<NotebookOutput>();
        for (int i = 0; i < cells.Count; i++)
            foreach (var output in cells[i]!["outputs"]?.AsArray() ?? [])
                outputs.Add(new NotebookOutput(i + 1, (string)output!["output_type"]!, TextOf(output)));
        return outputs;
    }

    /// <summary>The error outputs, each as "cell N: name: value".</summary>
    public static IReadOnlyList<string> Errors(string ipynbPath) =>
        Outputs(ipynbPath).Where(o => o.Type == "error").Select(o => $"cell {o.Cell}: {o.Text}").ToList();

    private static string TextOf(JsonNode output) => (string)output["output_type"]! switch
    {
        "stream" => Join(output["text"]),
        "error" => $"{output["ename"]}: {output["evalue"]}",
        _ => string.Join("\n", output["data"]?.AsObject().Select(kv => Join(kv.Value)) ?? []),
    };

    /// <summary>Jupyter stores text either as one string or as a list of lines.</summary>
    private static string Join(JsonNode? text) => text switch
    {
        JsonArray lines => string.Concat(lines.Select(l => (string?)l)),
        null => "",
        _ => text.ToString(),
    };
}
