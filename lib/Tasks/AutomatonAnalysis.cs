using RnnLstm.Numerics;

namespace RnnLstm.Tasks;

/// <summary>
/// How well clusters of hidden states line up with the states of a finite automaton.
/// </summary>
/// <param name="States">Hidden-state vectors, [N, H].</param>
/// <param name="Hidden">H.</param>
/// <param name="Labels">Automaton state of each vector (0..3, see <see cref="CarryAutomaton.StateNames"/>).</param>
/// <param name="Clusters">k-means cluster of each vector.</param>
/// <param name="Table">Counts, [cluster, state].</param>
/// <param name="Purity">Σ over clusters of its most common state's count, / N: 1 means each cluster is one automaton state.</param>
/// <param name="Saturation">Mean |2h - 1| over all units and vectors: 1 means every logistic unit is fully on or off.</param>
public sealed record AutomatonAnalysis(double[] States, int Hidden, int[] Labels, int[] Clusters, int[,] Table, double Purity, double Saturation)
{
    /// <summary>Number of automaton states and of clusters.</summary>
    public const int K = 4;

    /// <summary>Clusters <paramref name="states"/> [N, H] into 4 groups and tabulates them against <paramref name="labels"/>.</summary>
    public static AutomatonAnalysis From(double[] states, int hidden, int[] labels, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(states);
        ArgumentNullException.ThrowIfNull(labels);
        if (states.Length != labels.Length * hidden)
            throw new ArgumentException($"{states.Length} values are not {labels.Length} states of {hidden} units.", nameof(states));
        var clustering = KMeans.Fit(states, hidden, K, rng);
        var table = new int[K, K];
        for (int i = 0; i < labels.Length; i++) table[clustering.Assignments[i], labels[i]]++;
        int majority = 0;
        for (int c = 0; c < K; c++)
        {
            int best = 0;
            for (int s = 0; s < K; s++) best = Math.Max(best, table[c, s]);
            majority += best;
        }
        double saturation = states.Average(h => Math.Abs(2 * h - 1));
        return new AutomatonAnalysis(states, hidden, labels, clustering.Assignments, table, (double)majority / labels.Length, saturation);
    }

    /// <summary>The table as text: one row per cluster, one column per automaton state.</summary>
    public string FormatTable()
    {
        var lines = new List<string> { $"{"cluster",-8}" + string.Concat(CarryAutomaton.StateNames.Select(n => $"{n,19}")) };
        for (int c = 0; c < K; c++)
            lines.Add($"{c,-8}" + string.Concat(Enumerable.Range(0, K).Select(s => $"{Table[c, s],19}")));
        lines.Add($"purity {Purity:F3}, saturation {Saturation:F3}");
        return string.Join(Environment.NewLine, lines);
    }
}
