namespace RnnLstm.Forecasting;

/// <summary>How one method's intervals at one level did on the backtest.</summary>
/// <param name="Level">Nominal coverage, percent.</param>
/// <param name="Coverage">Share of the actual values inside [lower, upper], in percent.</param>
/// <param name="Msis">Mean interval score over the MASE scale (M4's MSIS).</param>
public sealed record IntervalScore(string Name, double Level, double Coverage, double Msis);

/// <summary>Scores of prediction intervals, as the M4 competition scored them.</summary>
public static class IntervalScores
{
    /// <summary>
    /// The interval (Winkler) score of one interval [l, u] at level 1 - α for the outcome y:
    /// <code>IS = (u - l) + (2/α)(l - y)·[y &lt; l] + (2/α)(y - u)·[y &gt; u]</code>
    /// Lower is better: narrow, and penalized in proportion to how far outside the outcome falls.
    /// </summary>
    public static double Winkler(double lower, double upper, double actual, double level)
    {
        double alpha = 1 - level / 100;
        double score = upper - lower;
        if (actual < lower) score += 2 / alpha * (lower - actual);
        if (actual > upper) score += 2 / alpha * (actual - upper);
        return score;
    }

    /// <summary>Coverage (percent) and MSIS (mean Winkler score / <paramref name="maseScale"/>) of a band list against the actual values.</summary>
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
                sum += Winkler(l, u, y, level);
                count++;
            }
        if (count == 0) throw new ArgumentException("No outcomes to score the intervals on.", nameof(actual));
        return new IntervalScore(name, level, 100.0 * inside / count, sum / count / maseScale);
    }
}
