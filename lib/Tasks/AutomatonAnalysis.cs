using RnnLstm.Numerics;

namespace RnnLstm.Tasks;

/// <summary>
/// How well clusters of hidden states line up with the states of a finite automaton: whether the net's state
/// determines the automaton's.
/// </summary>
/// <remarks>
/// The states are clustered into <see cref="ClustersPerState"/> × K groups, not K: a net may hold one automaton state
/// as two patterns of activity (the delay-1 adders measured here keep 16 patterns for the 8 states: they also remember
/// the previous carry, which the automaton does not need), and that is still the automaton. Purity asks only that no
/// cluster mixes states. With exactly K clusters, two patterns of one state would force two other states to share a
/// cluster, and purity would fall for a net that is perfectly correct.
/// </remarks>
/// <param name="States">Hidden-state vectors, [N, H].</param>
/// <param name="Hidden">H.</param>
/// <param name="Labels">Automaton state of each vector (0 .. K - 1).</param>
/// <param name="StateNames">Name of each automaton state; K = their number.</param>
/// <param name="Clusters">k-means cluster of each vector.</param>
/// <param name="Table">Counts, [cluster, state], (<see cref="ClustersPerState"/> · K) × K.</param>
/// <param name="Purity">Σ over clusters of its most common state's count, / N: 1 means no cluster mixes automaton states.</param>
/// <param name="Spread">Root-mean-square distance of a vector to its cluster's centre: near 0 when the states sit at a few
/// points (for example saturated units, at corners of the cube).</param>
/// <param name="Saturation">Mean |2h - 1| over all units and vectors: 1 means every logistic unit is fully on or off.</param>
public sealed record AutomatonAnalysis(double[] States, int Hidden, int[] Labels, IReadOnlyList<string> StateNames, int[] Clusters,
    int[,] Table, double Purity, double Spread, double Saturation)
{
    /// <summary>Clusters per automaton state.</summary>
    public const int ClustersPerState = 2;

    /// <summary>Number of automaton states.</summary>
    public int K => StateNames.Count;

    /// <summary>Number of clusters: <see cref="ClustersPerState"/> · K.</summary>
    public int ClusterCount => Table.GetLength(0);

    /// <summary>
    /// Clusters <paramref name="states"/> [N, H] into <see cref="ClustersPerState"/> groups per automaton state (one
    /// state per name in <paramref name="stateNames"/>) and tabulates them against <paramref name="labels"/>.
    /// </summary>
    public static AutomatonAnalysis From(double[] states, int hidden, int[] labels, IReadOnlyList<string> stateNames, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(states);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(stateNames);
        if (states.Length != labels.Length * hidden)
            throw new ArgumentException($"{states.Length} values are not {labels.Length} states of {hidden} units.", nameof(states));
        int k = stateNames.Count;
        if (labels.Any(l => l < 0 || l >= k)) throw new ArgumentException($"Every label must be a state number 0..{k - 1}.", nameof(labels));
        var clustering = KMeans.Fit(states, hidden, ClustersPerState * k, rng);
        var table = new int[ClustersPerState * k, k];
        for (int i = 0; i < labels.Length; i++) table[clustering.Assignments[i], labels[i]]++;
        double saturation = states.Average(h => Math.Abs(2 * h - 1));
        return new AutomatonAnalysis(states, hidden, labels, stateNames, clustering.Assignments, table, Purity: Majority(table) / (double)labels.Length,
            Spread: Math.Sqrt(clustering.Inertia / labels.Length), saturation);
    }

    /// <summary>Σ over rows of the row's largest count.</summary>
    private static int Majority(int[,] table)
    {
        int majority = 0;
        for (int c = 0; c < table.GetLength(0); c++)
        {
            int best = 0;
            for (int s = 0; s < table.GetLength(1); s++) best = Math.Max(best, table[c, s]);
            majority += best;
        }
        return majority;
    }

    /// <summary>The state most points of cluster <paramref name="cluster"/> are in, and how many of them.</summary>
    public (int State, int Count, int Size) MajorityOf(int cluster)
    {
        int best = 0, size = 0;
        for (int s = 0; s < K; s++)
        {
            size += Table[cluster, s];
            if (Table[cluster, s] > Table[cluster, best]) best = s;
        }
        return (best, Table[cluster, best], size);
    }

    /// <summary>
    /// The table as text: with up to 8 states one row per cluster and one column per state; with more, one line per
    /// cluster naming its majority state. Empty clusters are left out.
    /// </summary>
    public string FormatTable()
    {
        var lines = new List<string>();
        if (K <= 8)
        {
            int width = StateNames.Max(n => n.Length) + 2;
            lines.Add($"{"cluster",-8}" + string.Concat(StateNames.Select(n => n.PadLeft(width))));
            foreach (int c in NonEmptyClusters())
                lines.Add($"{c,-8}" + string.Concat(Enumerable.Range(0, K).Select(s => Table[c, s].ToString().PadLeft(width))));
        }
        else
        {
            foreach (int c in NonEmptyClusters())
            {
                var (state, count, size) = MajorityOf(c);
                lines.Add($"cluster {c,3}: {size,5} states, {count,5} of them in {StateNames[state]}");
            }
        }
        lines.Add($"purity {Purity:F3} of {ClusterCount} clusters against the {K} automaton states, spread {Spread:F3}, saturation {Saturation:F3}");
        return string.Join(Environment.NewLine, lines);
    }

    /// <summary>Clusters that hold at least one state vector, in order.</summary>
    public IEnumerable<int> NonEmptyClusters() => Enumerable.Range(0, ClusterCount).Where(c => MajorityOf(c).Size > 0);
}
