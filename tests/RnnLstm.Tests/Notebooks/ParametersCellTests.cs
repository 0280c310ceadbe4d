using System.Text.Json.Nodes;

namespace RnnLstm.Tests.Notebooks;

/// <summary>The parameters cell of each shipped notebook, as the two readers of it find it: the project's runner by
/// its first line, papermill by its Jupyter tag. Both must point at the same cell.</summary>
public sealed class ParametersCellTests
{
    [Theory]
    [MemberData(nameof(LocalTools.ShippedNotebooks), MemberType = typeof(LocalTools))]
    public void TheCellStartingWithTheMarkerIsTheOneTaggedParameters(string notebook)
    {
        var cells = JsonNode.Parse(File.ReadAllText(Path.Combine(Repository.Root, "notebooks", notebook)))!["cells"]!.AsArray()
            .Select((cell, index) => (Index: index, Cell: cell!))
            .Where(c => (string?)c.Cell["cell_type"] == "code")
            .ToList();

        var marked = cells.Where(c => string.Concat(c.Cell["source"]!.AsArray().Select(l => (string?)l)).StartsWith("// Parameters\n", StringComparison.Ordinal));
        var tagged = cells.Where(c => c.Cell["metadata"]?["tags"]?.AsArray().Any(t => (string?)t == "parameters") == true);

        Assert.Equal(marked.Select(c => c.Index), tagged.Select(c => c.Index));
        Assert.Single(tagged);
    }
}
