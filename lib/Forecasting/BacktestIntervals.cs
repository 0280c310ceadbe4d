namespace RnnLstm.Forecasting;

/// <summary>How one method's intervals at one level did on the backtest.</summary>
/// <param name="Level">Nominal coverage, percent.</param>
/// <param name="Coverage">Share of the actual values inside [lower, upper], in percent.</param>
/// <param name="Msis">Mean interval score over the MASE scale (M4's MSIS).</param>
public sealed record IntervalScore(string Name, double Level, double Coverage, double Msis);

/// <summary>A method's bands over the backtest origins, scored with <see cref="Evaluation.IntervalScores"/>.</summary>
public static class BacktestIntervals
{
    /// <summary>Coverage (percent) and MSIS (mean Winkler score / <paramref name="maseScale"/>) of a band list against the actual values.</summary>
    /// <param name="level">Nominal coverage in percent.</param>
    /// <param name="bands">Per origin, the band at this level.</param>
    /// <param name="actual">Per origin, the values the band should cover.</param>
    public static IntervalScore Score(string name, double level, IReadOnlyList<IntervalBand> bands, IReadOnlyList<double[]> actual, double maseScale)
    {
        int inside = 0, count = 0;
        double sum = 0;
        for (int k = 0; k < bands.Count; k++)
            for (int h = 0; h < actual[k].Length; h++)
            {
                double y = actual[k][h], l = bands[k].Lower[h], u = bands[k].Upper[h];
                if (y >= l && y <= u) inside++;
                sum += Evaluation.IntervalScores.Winkler(y, l, u, level / 100);
                count++;
            }
        if (count == 0) throw new ArgumentException("No outcomes to score the intervals on.", nameof(actual));
        return new IntervalScore(name, level, 100.0 * inside / count, sum / count / maseScale);
    }
}
