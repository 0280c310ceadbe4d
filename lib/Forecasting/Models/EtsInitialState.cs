namespace RnnLstm.Forecasting.Models;

/// <summary>
/// The starting guess of the initial state x₀ = (l₀, b₀, s_{1-m}..s₀) that the optimiser refines, as forecast's
/// <c>initstate</c>: the seasons from a classical decomposition of the first three seasons (of all values when fewer
/// than 3m; forecast fits a Fourier regression there instead); the level and trend from a straight line fitted by least
/// squares to the first max(10, 2m) seasonally adjusted values (a mean without a trend).
/// </summary>
public static class EtsInitialState
{
    /// <summary>The heuristic initial state of <paramref name="spec"/> on <paramref name="y"/> (seasonal models need n ≥ 2m).</summary>
    public static EtsState Guess(EtsSpec spec, ReadOnlySpan<double> y)
    {
        int m = spec.M, n = y.Length;
        if (n == 0) throw new ArgumentException("No values to guess an initial state from.", nameof(y));
        var season = new double[m];
        var adjusted = y.ToArray();
        if (spec.HasSeason)
        {
            bool multiplicative = spec.Season == EtsSeason.Multiplicative;
            var figure = ClassicalDecomposition.SeasonalFigure(y[..Math.Min(n, 3 * m)], m, multiplicative ? DecompositionType.Multiplicative : DecompositionType.Additive);
            if (multiplicative)
            {
                // forecast: pmax(s, 1e-2), then rescaled when the seasons sum to more than m
                for (int i = 0; i < m; i++) figure[i] = Math.Max(figure[i], 1e-2);
                double total = figure.Sum();
                if (total > m) for (int i = 0; i < m; i++) figure[i] = figure[i] / (total + 1e-2 * m) * m;
            }
            figure.CopyTo(season, 0);
            for (int t = 0; t < n; t++) adjusted[t] = multiplicative ? y[t] / figure[t % m] : y[t] - figure[t % m];
        }
        else if (spec.Season == EtsSeason.None) season[0] = 0;
        int maxn = Math.Min(Math.Max(10, 2 * m), n);
        if (!spec.HasTrend) return new EtsState(adjusted[..maxn].Average(), 0, season);
        var (intercept, slope) = LineFit(adjusted.AsSpan(0, maxn));
        if (Math.Abs(intercept + slope) < 1e-8) { intercept *= 1 + 1e-3; slope *= 1 - 1e-3; }
        return new EtsState(intercept, slope, season);
    }

    /// <summary>Least-squares line a + b·t through (t, x_{t-1}) for t = 1..n: a is the value at t = 0 (one step before x₀).</summary>
    internal static (double Intercept, double Slope) LineFit(ReadOnlySpan<double> x)
    {
        int n = x.Length;
        if (n < 2) return (n == 1 ? x[0] : 0, 0);
        double tMean = (n + 1) / 2.0, xMean = 0;
        foreach (double v in x) xMean += v;
        xMean /= n;
        double sxy = 0, sxx = 0;
        for (int i = 0; i < n; i++) { double dt = i + 1 - tMean; sxy += dt * (x[i] - xMean); sxx += dt * dt; }
        double slope = sxy / sxx;
        return (xMean - slope * tMean, slope);
    }
}
