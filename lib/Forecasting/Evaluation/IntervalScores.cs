namespace RnnLstm.Forecasting.Evaluation;

/// <summary>
/// Scores of prediction intervals [l, u] at level 1 - a (a = 0.2 for 80%) against the values that came, as in the M4
/// competition (Makridakis, Spiliotis and Assimakopoulos 2020; Gneiting and Raftery 2007). Lower is better for the
/// scores; the coverage should be near the level.
/// </summary>
public static class IntervalScores
{
    /// <summary>Share of <paramref name="actual"/> inside [lower, upper] (bounds included).</summary>
    public static double Coverage(ReadOnlySpan<double> actual, ReadOnlySpan<double> lower, ReadOnlySpan<double> upper)
    {
        Check(actual, lower, upper);
        int inside = 0;
        for (int i = 0; i < actual.Length; i++) if (actual[i] >= lower[i] && actual[i] <= upper[i]) inside++;
        return (double)inside / actual.Length;
    }

    /// <summary>
    /// The interval (Winkler) score of one interval: (u - l) + (2/a)(l - y)[y &lt; l] + (2/a)(y - u)[y &gt; u], with
    /// a = 1 - <paramref name="level"/> (level as a fraction, e.g. 0.95). Its expectation is smallest for the true
    /// a/2 and 1 - a/2 quantiles.
    /// </summary>
    public static double Winkler(double actual, double lower, double upper, double level)
    {
        if (!(level > 0 && level < 1)) throw new ArgumentOutOfRangeException(nameof(level), level, "The level must be a fraction in (0, 1), e.g. 0.95.");
        if (upper < lower) throw new ArgumentException($"The upper bound {upper} is below the lower bound {lower}.", nameof(upper));
        double a = 1 - level, score = upper - lower;
        if (actual < lower) score += 2 / a * (lower - actual);
        if (actual > upper) score += 2 / a * (actual - upper);
        return score;
    }

    /// <summary>The mean <see cref="Winkler"/> score over the points.</summary>
    public static double MeanWinkler(ReadOnlySpan<double> actual, ReadOnlySpan<double> lower, ReadOnlySpan<double> upper, double level)
    {
        Check(actual, lower, upper);
        double sum = 0;
        for (int i = 0; i < actual.Length; i++) sum += Winkler(actual[i], lower[i], upper[i], level);
        return sum / actual.Length;
    }

    /// <summary>
    /// MSIS of M4: the mean interval score divided by the in-sample MAE of the seasonal naive forecast,
    /// (1/(n - m)) Σ_{t=m}^{n-1} |y_t - y_{t-m}| on <paramref name="training"/>, so series of any scale can be averaged.
    /// </summary>
    public static double Msis(ReadOnlySpan<double> actual, ReadOnlySpan<double> lower, ReadOnlySpan<double> upper, double level, ReadOnlySpan<double> training, int seasonLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(seasonLength, 1);
        if (training.Length <= seasonLength) throw new ArgumentException($"The MSIS scale needs more than m = {seasonLength} training values; there are {training.Length}.", nameof(training));
        double scale = 0;
        for (int t = seasonLength; t < training.Length; t++) scale += Math.Abs(training[t] - training[t - seasonLength]);
        scale /= training.Length - seasonLength;
        if (!(scale > 0)) throw new ArgumentException("The seasonal naive forecast is exact on the training part, so the MSIS scale is 0.", nameof(training));
        return MeanWinkler(actual, lower, upper, level) / scale;
    }

    private static void Check(ReadOnlySpan<double> actual, ReadOnlySpan<double> lower, ReadOnlySpan<double> upper)
    {
        if (actual.IsEmpty) throw new ArgumentException("No values to score.", nameof(actual));
        if (lower.Length != actual.Length || upper.Length != actual.Length)
            throw new ArgumentException($"{actual.Length} values but {lower.Length} lower and {upper.Length} upper bounds.");
    }
}
