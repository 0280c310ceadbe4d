using System.Globalization;

namespace RnnLstm.Forecasting;

/// <summary>The season length used, and why.</summary>
/// <param name="Length">The season length m (1: no season).</param>
/// <param name="Prior">The season the date spacing suggests (<see cref="Series.TimeSeries.SeasonLength"/>).</param>
/// <param name="Autocorrelation">The autocorrelation of the differenced training part at lag <paramref name="Length"/> (or at the prior when none was found).</param>
/// <param name="Reason">One sentence: what was tested and what it showed.</param>
public sealed record SeasonFinding(int Length, int Prior, double? Autocorrelation, string Reason)
{
    /// <summary>
    /// A second season length the test could not rule out (the date spacing's season when its ACF is positive but
    /// under the limit, as on short series; no season, 1, when the season was found by searching lags the dates do not
    /// suggest): the forecaster lets cross-validation choose between the two. Null: sure.
    /// </summary>
    public int? Alternative { get; init; }

    /// <inheritdoc/>
    public override string ToString() => Reason;
}

/// <summary>
/// Finds the season length from the data: the autocorrelation function (ACF) of the training part after a lag-1
/// difference (which removes a trend that would otherwise correlate everything with everything).
/// </summary>
/// <remarks>
/// r_k = Σ_t (x_t - x̄)(x_{t+k} - x̄) / Σ_t (x_t - x̄)². A lag k counts as a season when r_k is above the
/// significance limit z · sqrt((1 + 2 Σ_{j&lt;k} r_j²) / n) (Bartlett's formula, as in the M4 competition's seasonality
/// test). The prior from the date spacing is tested at z = 1.645 (90%); any other lag must pass z = 2.576 (99%), be a local
/// peak of the ACF, and have r_k ≥ 0.25, because searching many lags finds chance peaks; even then it is not sure
/// (a cycle or short-range dependence also peaks), so no season stays a second choice for cross-validation.
/// </remarks>
public static class SeasonDetection
{
    private const double PriorZ = 1.645, SearchZ = 2.576, SearchMinimum = 0.25;

    /// <summary>r_0..r_maxLag of <paramref name="x"/> (r_0 = 1); all zero for a constant series.</summary>
    public static double[] Autocorrelation(ReadOnlySpan<double> x, int maxLag)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxLag);
        int n = x.Length;
        var r = new double[maxLag + 1];
        if (n == 0) return r;
        double mean = 0;
        foreach (double v in x) mean += v;
        mean /= n;
        double denominator = 0;
        foreach (double v in x) denominator += (v - mean) * (v - mean);
        if (denominator == 0) return r;
        for (int k = 0; k <= maxLag && k < n; k++)
        {
            double sum = 0;
            for (int t = 0; t + k < n; t++) sum += (x[t] - mean) * (x[t + k] - mean);
            r[k] = sum / denominator;
        }
        return r;
    }

    /// <summary>The season of <paramref name="training"/>, with <paramref name="prior"/> (from the dates) tested first.</summary>
    public static SeasonFinding Detect(ReadOnlySpan<double> training, int prior)
    {
        var c = CultureInfo.InvariantCulture;
        var x = new double[Math.Max(0, training.Length - 1)];
        for (int t = 1; t < training.Length; t++) x[t - 1] = training[t] - training[t - 1];
        int n = x.Length;
        int maxLag = Math.Min(n / 3, Math.Max(3 * prior, 24));
        if (maxLag < 2) return new SeasonFinding(1, prior, null, $"no seasonality tested: only {training.Length} training values");
        var r = Autocorrelation(x, maxLag);
        if (prior > 1 && prior <= maxLag && r[prior] > Limit(r, prior, n, PriorZ))
        {
            return new SeasonFinding(prior, prior, r[prior], string.Create(c,
                $"season {prior} (from the date spacing) confirmed: the ACF of the differenced training part at lag {prior} is {r[prior]:F2}, above the 90% limit {Limit(r, prior, n, PriorZ):F2}"));
        }
        int best = 0;
        for (int k = 2; k < maxLag; k++)
        {
            if (r[k] >= r[k - 1] && r[k] >= r[k + 1] && r[k] >= SearchMinimum && r[k] > Limit(r, k, n, SearchZ) && (best == 0 || r[k] > r[best])) best = k;
        }
        string priorText = prior > 1
            ? prior <= maxLag ? string.Create(c, $"the date spacing's season {prior} has ACF {r[prior]:F2}, below the 90% limit {Limit(r, prior, n, PriorZ):F2}") : $"the date spacing's season {prior} is too long for {training.Length} training values"
            : "the date spacing suggests no season";
        if (best > 0)
        {
            // A lag found by searching, that the dates do not suggest, may be a cycle or short-range dependence rather
            // than a season (a monthly price whose changes persist peaks at lag 2): cross-validation also tries none.
            return new SeasonFinding(best, prior, r[best], string.Create(c,
                $"season {best} found in the data: {priorText}; the ACF of the differenced training part peaks at lag {best} ({r[best]:F2}, above the 99% limit {Limit(r, best, n, SearchZ):F2}); the dates do not suggest it, so cross-validation also tries no season"))
            { Alternative = 1 };
        }
        bool unsure = prior > 1 && prior <= maxLag && r[prior] > 0;
        return new SeasonFinding(1, prior, prior > 1 && prior <= maxLag ? r[prior] : null,
            $"no seasonality found: {priorText}, and no lag from 2 to {maxLag} has a significant ACF peak" +
            (unsure ? $"; the ACF at lag {prior} is positive, so cross-validation also tries season {prior}" : ""))
        { Alternative = unsure ? prior : null };
    }

    /// <summary>A season given by the user (<c>--season</c>), checked: an integer from 2 to half the training length.</summary>
    /// <returns>The finding, or an error message naming the value and the allowed range.</returns>
    public static (SeasonFinding? Finding, string? Error) Given(string text, int prior, int trainCount)
    {
        int half = trainCount / 2;
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int m))
            return (null, $"--season must be a whole number from 2 to {half} (half the {trainCount} training values); got '{text}'.");
        if (m < 2 || m > half)
            return (null, $"--season must be from 2 to {half} (half the {trainCount} training values); got {m}.");
        return (new SeasonFinding(m, prior, null, $"season {m} as given (--season); the date spacing suggests {prior}"), null);
    }

    private static double Limit(double[] r, int k, int n, double z)
    {
        double sum = 0;
        for (int j = 1; j < k; j++) sum += r[j] * r[j];
        return z * Math.Sqrt((1 + 2 * sum) / n);
    }
}
