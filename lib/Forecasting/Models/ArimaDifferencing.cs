namespace RnnLstm.Forecasting.Models;

/// <summary>
/// How many differences auto.arima takes: d by repeated KPSS tests (forecast's <c>ndiffs</c>), D by the seasonal
/// strength of a decomposition (forecast 8.x's <c>nsdiffs(test = "seas")</c>).
/// </summary>
/// <remarks>
/// <code>
/// KPSS (level):  e_t = x_t - mean(x),  S_t = Σ_{i≤t} e_i,  L = ⌊3√n / 13⌋
///                s² = (1/n) Σ e_t² + (2/n) Σ_{l=1}^{L} (1 - l/(L+1)) Σ_{t>l} e_t e_{t-l}
///                KPSS = Σ S_t² / (n² s²);  non-stationary at 5% when KPSS &gt; 0.463 (urca's critical value)
/// seasonal strength:  F_s = max(0, 1 - Var(R) / Var(S + R)),  D = 1 when F_s &gt; 0.64
/// </code>
/// forecast decomposes with STL (<c>mstl</c>, seasonal window 11); here the trend T is the centred moving average
/// of the classical decomposition and the seasonal S_t the mean of y - T at the same position in the 11 nearest
/// cycles (a moving seasonal figure, not STL's loess), R = y - T - S over the values where T is defined.
/// </remarks>
public static class ArimaDifferencing
{
    /// <summary>urca's 5% critical value of the level KPSS statistic.</summary>
    public const double KpssCritical5 = 0.463;

    /// <summary>forecast's threshold on the seasonal strength.</summary>
    public const double SeasonalStrengthThreshold = 0.64;

    /// <summary>The level KPSS statistic of <paramref name="x"/> with the Bartlett long-run variance of lag ⌊3√n/13⌋.</summary>
    public static double Kpss(ReadOnlySpan<double> x)
    {
        int n = x.Length;
        if (n < 2) throw new ArgumentException($"The KPSS test needs at least 2 values; got {n}.", nameof(x));
        double mean = 0;
        foreach (double v in x) mean += v;
        mean /= n;
        var e = new double[n];
        for (int t = 0; t < n; t++) e[t] = x[t] - mean;
        double cumulative = 0, eta = 0, s2 = 0;
        for (int t = 0; t < n; t++) { cumulative += e[t]; eta += cumulative * cumulative; s2 += e[t] * e[t]; }
        int lags = (int)Math.Truncate(3 * Math.Sqrt(n) / 13);
        for (int l = 1; l <= lags; l++)
        {
            double s = 0;
            for (int t = l; t < n; t++) s += e[t] * e[t - l];
            s2 += 2 * (1 - l / (lags + 1.0)) * s;
        }
        s2 /= n;
        return s2 > 0 ? eta / ((double)n * n * s2) : 0;
    }

    /// <summary>
    /// d as forecast's <c>ndiffs(x, alpha = 0.05, test = "kpss", max.d = 2)</c>: difference while the KPSS test rejects
    /// stationarity; 0 for a constant series, and stop when the differenced series is constant.
    /// </summary>
    public static int Ndiffs(ReadOnlySpan<double> x, int maxD = 2)
    {
        if (x.Length < 2 || EtsAuto.IsConstant(x)) return 0;
        var current = x.ToArray();
        int d = 0;
        while (d < maxD && current.Length >= 3 && Kpss(current) > KpssCritical5)
        {
            current = Diff(current, 1);
            d++;
            if (EtsAuto.IsConstant(current)) break;
        }
        return d;
    }

    /// <summary>Cycles in the window of the local seasonal average (the seasonal window mstl gives stl: 7 + 4 = 11).</summary>
    public const int SeasonalWindow = 11;

    /// <summary>
    /// F_s = max(0, 1 - Var(R) / Var(S + R)) with S + R = y - T (T the centred moving average of order m) and
    /// S_t the mean of S + R over the <see cref="SeasonalWindow"/> cycles nearest t at the same position t mod m
    /// (a local seasonal, as STL's cycle-subseries smoothing lets the season change); 0 when n &lt; 2m or y is constant.
    /// </summary>
    public static double SeasonalStrength(ReadOnlySpan<double> y, int m)
    {
        if (m < 2 || y.Length < 2 * m || EtsAuto.IsConstant(y)) return 0;
        int half = m / 2, first = half, last = y.Length - half; // detrended values exist for t in [first, last)
        var detrended = new double[y.Length];
        for (int t = first; t < last; t++) detrended[t] = y[t] - CentredMovingAverage(y, t, m);
        var remainder = new List<double>();
        var seasonalPlusRemainder = new List<double>();
        int reach = SeasonalWindow / 2;
        for (int t = first; t < last; t++)
        {
            // The window keeps SeasonalWindow cycles where it can, shifted inwards at the ends.
            int cyclesBefore = (t - first) / m, cyclesAfter = (last - 1 - t) / m;
            int back = Math.Min(cyclesBefore, Math.Max(reach, SeasonalWindow - 1 - Math.Min(reach, cyclesAfter)));
            int ahead = Math.Min(cyclesAfter, SeasonalWindow - 1 - back);
            double sum = 0;
            for (int j = -back; j <= ahead; j++) sum += detrended[t + j * m];
            double seasonal = sum / (back + ahead + 1);
            seasonalPlusRemainder.Add(detrended[t]);
            remainder.Add(detrended[t] - seasonal);
        }
        double total = Variance(seasonalPlusRemainder);
        return total > 0 ? Math.Max(0, 1 - Variance(remainder) / total) : 0;
    }

    /// <summary>D as forecast's <c>nsdiffs(x, test = "seas", max.D = 1)</c>: 1 when the seasonal strength exceeds 0.64.</summary>
    public static int Nsdiffs(ReadOnlySpan<double> y, int m) => SeasonalStrength(y, m) > SeasonalStrengthThreshold ? 1 : 0;

    /// <summary>x_t - x_{t-lag}. Result [n - lag].</summary>
    public static double[] Diff(ReadOnlySpan<double> x, int lag)
    {
        var r = new double[Math.Max(0, x.Length - lag)];
        for (int t = 0; t < r.Length; t++) r[t] = x[t + lag] - x[t];
        return r;
    }

    /// <summary>The trend of <see cref="ClassicalDecomposition"/> at t: the centred moving average of order m (2×m for even m).</summary>
    private static double CentredMovingAverage(ReadOnlySpan<double> y, int t, int m)
    {
        int half = m / 2;
        double s = 0;
        if (m % 2 == 0)
        {
            s = 0.5 * (y[t - half] + y[t + half]);
            for (int k = t - half + 1; k < t + half; k++) s += y[k];
        }
        else for (int k = t - half; k <= t + half; k++) s += y[k];
        return s / m;
    }

    private static double Variance(List<double> v)
    {
        if (v.Count < 2) return 0;
        double mean = v.Average();
        return v.Sum(x => (x - mean) * (x - mean)) / (v.Count - 1);
    }
}
