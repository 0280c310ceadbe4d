using RnnLstm.Cli.Notebooks;

namespace RnnLstm.Cli;

/// <summary>The tool's verbs. Adding a verb is adding its file and one line here.</summary>
public static class Verbs
{
    /// <summary>Every verb, in the order the help lists them.</summary>
    public static readonly IReadOnlyList<IVerb> All =
    [
        new NotebooksVerb(),
        new BinaryAdditionVerb(),
        new ForecastVerb(),
        new ForecastSuiteVerb(),
        new AddingProblemVerb(),
    ];

    /// <summary>The verb called <paramref name="name"/> (case-insensitive), or null.</summary>
    public static IVerb? Find(string name) =>
        All.FirstOrDefault(v => string.Equals(v.Name, name, StringComparison.OrdinalIgnoreCase));
}
