using System.Globalization;

namespace RnnLstm.Forecasting;

/// <summary>The trend of a Holt-Winters model: none, or damped additive.</summary>
public enum TrendKind { None, Damped }

/// <summary>The season of a Holt-Winters model: none, added to the level, or multiplying it.</summary>
public enum SeasonKind { None, Additive, Multiplicative }

/// <summary>
/// A fitted Holt-Winters (exponential smoothing) model. With level l, damped trend b, season s of length m:
/// <code>
/// forecast  ŷ_t = (l_{t-1} + φ b_{t-1}) + s_{t-m}          (multiplicative: (l_{t-1} + φ b_{t-1}) · s_{t-m})
/// level     l_t = α (y_t - s_{t-m}) + (1 - α)(l_{t-1} + φ b_{t-1})      (multiplicative: α y_t / s_{t-m} + ...)
/// trend     b_t = β (l_t - l_{t-1}) + (1 - β) φ b_{t-1}
/// season    s_t = γ (y_t - l_t) + (1 - γ) s_{t-m}                      (multiplicative: γ y_t / l_t + ...)
/// </code>
/// Without a trend b = 0; without a season s = 0 (additive). The initial state comes from the start of the series:
/// <list type="bullet">
/// <item>with a season: l = mean(y[0..m)); s_i = y_i - l (multiplicative: y_i / l) for i &lt; m; with the damped trend,
/// b = (mean(y[m..2m)) - l) / m, the mean change per step from the first season to the second, which reads the
/// second season y[m..2m);</item>
/// <item>without a season: l = y_0, and with the damped trend b = y_1 - y_0, which reads y_1.</item>
/// </list>
/// So the start-up reads ahead: with a damped trend the one-step forecasts f[m..2m) (seasonal) or f[1] (no season)
/// use the values y[m..2m) (resp. y_1) that they forecast. From f[2m] (resp. f[2]) on, and for every forecast without a
/// trend, f[t] reads y[0..t) only. The fit scores all forecasts from <see cref="Earliest"/> on, start-up included.
/// </summary>
/// <remarks>
/// Overflow: the squared errors are summed in units of the series' largest |y| (dividing the objective by a constant
/// does not move its minimum), so values up to about 1e307 give a finite objective and finite forecasts.
/// </remarks>
/// <param name="Alpha">Level smoothing α ∈ (0, 1).</param>
/// <param name="Beta">Trend smoothing β ∈ (0, α).</param>
/// <param name="Gamma">Season smoothing γ ∈ (0, 1 - α).</param>
/// <param name="Phi">Trend damping φ ∈ [0.8, 0.98].</param>
public sealed record HoltWintersModel(TrendKind Trend, SeasonKind Season, int SeasonLength, double Alpha, double Beta, double Gamma, double Phi)
{
    /// <summary>The first index with a one-step forecast: m with a season, else 1.</summary>
    public int Earliest => Season == SeasonKind.None ? 1 : SeasonLength;

    /// <summary>
    /// One-step forecasts over <paramref name="y"/>: f[t] for t = Earliest..n (f[n] is the next value); NaN before
    /// <see cref="Earliest"/>. f[t] uses y[0..t) only, except during the start-up with a damped trend, which reads
    /// y[m..2m) (seasonal) or y_1 (no season): see the type's summary. Feeding a forecast back as the next value gives
    /// the multi-step forecast. Every f[t] from Earliest on is finite for finite y: a state update that a division by
    /// a zero multiplicative state would make infinite keeps the previous state instead.
    /// </summary>
    public double[] OneStep(ReadOnlySpan<double> y)
    {
        var f = new double[y.Length + 1];
        Array.Fill(f, double.NaN);
        Run(y, f);
        return f;
    }

    /// <summary>
    /// Sum of squared one-step errors over y[Earliest..n), in units of max|y|²: Σ ((y_t - ŷ_t) / max|y|)² (infinity when
    /// a multiplicative state turns non-positive, or the series is too short).
    /// </summary>
    internal double SquaredErrors(ReadOnlySpan<double> y) => Run(y, null);

    private double Run(ReadOnlySpan<double> y, double[]? f)
    {
        int m = Season == SeasonKind.None ? 1 : SeasonLength, start = Earliest;
        if (y.Length < start + 1) return double.PositiveInfinity;
        bool multiply = Season == SeasonKind.Multiplicative;
        double scale = 0;
        foreach (double v in y) scale = Math.Max(scale, Math.Abs(v));
        if (!(scale > 0)) scale = 1;
        double level = 0;
        for (int i = 0; i < m; i++) level += y[i] / m;
        double trend = 0;
        if (Trend == TrendKind.Damped)
        {
            if (Season == SeasonKind.None) trend = y.Length > 1 ? y[1] - y[0] : 0;
            else if (y.Length >= 2 * m)
            {
                double second = 0;
                for (int i = m; i < 2 * m; i++) second += y[i] / m;
                trend = (second - level) / m;
            }
        }
        if (Season == SeasonKind.None) level = y[0];
        var season = new double[m];
        for (int i = 0; i < m; i++) season[i] = Season switch { SeasonKind.Additive => y[i] - level, SeasonKind.Multiplicative => y[i] / level, _ => 0 };
        if (multiply && (level <= 0 || season.Any(s => !(s > 0)))) return double.PositiveInfinity;
        double phi = Trend == TrendKind.Damped ? Phi : 0, sse = 0;
        for (int t = start; t <= y.Length; t++)
        {
            double s = season[t % m], baseLevel = level + phi * trend;
            double forecast = multiply ? baseLevel * s : baseLevel + s;
            if (f is not null) f[t] = forecast;
            if (t == y.Length) break;
            double e = y[t] / scale - forecast / scale;
            sse += e * e;
            double newLevel = multiply ? Alpha * y[t] / s + (1 - Alpha) * baseLevel : Alpha * (y[t] - s) + (1 - Alpha) * baseLevel;
            if (!double.IsFinite(newLevel)) newLevel = level; // only a zero multiplicative index s gets here (forecasting only)
            if (Trend == TrendKind.Damped) trend = Beta * (newLevel - level) + (1 - Beta) * phi * trend;
            level = newLevel;
            if (Season != SeasonKind.None)
            {
                double newSeason = multiply ? Gamma * y[t] / level + (1 - Gamma) * s : Gamma * (y[t] - level) + (1 - Gamma) * s;
                if (double.IsFinite(newSeason)) season[t % m] = newSeason;
            }
            // The fit rejects parameters that drive a multiplicative state non-positive; forecasting goes on regardless.
            if (f is null && multiply && !(level > 0 && season[t % m] > 0)) return double.PositiveInfinity;
        }
        return double.IsFinite(sse) ? sse : double.PositiveInfinity;
    }

    /// <summary>e.g. "Holt-Winters (damped trend, multiplicative season 12; α 0.31, β 0.01, γ 0.45, φ 0.95)".</summary>
    public override string ToString()
    {
        var c = CultureInfo.InvariantCulture;
        string what = string.Join(", ", new[]
        {
            Trend == TrendKind.Damped ? "damped trend" : "no trend",
            Season == SeasonKind.None ? "no season" : $"{Season.ToString().ToLowerInvariant()} season {SeasonLength}",
        });
        string parameters = string.Create(c, $"α {Alpha:F2}")
            + (Trend == TrendKind.Damped ? string.Create(c, $", β {Beta:F2}, φ {Phi:F2}") : "")
            + (Season != SeasonKind.None ? string.Create(c, $", γ {Gamma:F2}") : "");
        return $"Holt-Winters ({what}; {parameters})";
    }
}

/// <summary>Fits <see cref="HoltWintersModel"/>s: smoothing parameters by Nelder-Mead on the one-step squared errors of a training part.</summary>
public static class HoltWinters
{
    /// <summary>The variants worth trying for season length <paramref name="m"/> (multiplicative only for positive data).</summary>
    public static IReadOnlyList<(TrendKind Trend, SeasonKind Season)> Variants(int m, bool positive)
    {
        var seasons = m > 1 ? positive ? new[] { SeasonKind.Additive, SeasonKind.Multiplicative } : [SeasonKind.Additive] : [SeasonKind.None];
        return [.. seasons.SelectMany(s => new[] { (TrendKind.None, s), (TrendKind.Damped, s) })];
    }

    /// <summary>
    /// Fits α, β, γ, φ on <paramref name="training"/> (only those the variant uses). Each is a logistic function of
    /// an unbounded parameter, so the bounds of <see cref="HoltWintersModel"/> always hold.
    /// </summary>
    public static HoltWintersModel Fit(ReadOnlySpan<double> training, TrendKind trend, SeasonKind season, int m)
    {
        if (season != SeasonKind.None && m < 2) throw new ArgumentOutOfRangeException(nameof(m), m, "A seasonal model needs a season length of at least 2.");
        int needed = season == SeasonKind.None ? 3 : 2 * m + 1;
        if (training.Length < needed) throw new ArgumentException($"Holt-Winters with {season} season needs at least {needed} training values; there are {training.Length}.", nameof(training));
        var data = training.ToArray();
        HoltWintersModel Model(double[] p) => new(trend, season, season == SeasonKind.None ? 1 : m,
            Alpha: Logistic(p[0]), Beta: Logistic(p[0]) * Logistic(p[1]), Gamma: (1 - Logistic(p[0])) * Logistic(p[2]), Phi: 0.8 + 0.18 * Logistic(p[3]));
        // start: α ≈ 0.5, β ≈ 0.05 α, γ ≈ 0.1 (1 - α), φ ≈ 0.95
        double[] start = [0.0, -3.0, -2.2, 1.4];
        var (best, _) = NelderMead.Minimize(p => Model(p).SquaredErrors(data), start, step: 1.0, maxIterations: 300);
        return Model(best);
    }

    private static double Logistic(double x) => 1 / (1 + Math.Exp(-x));
}
