using RnnLstm.Series;

namespace RnnLstm.Forecasting;

/// <summary>The simple forecasts the network corrects (and the baselines it is scored against).</summary>
public enum BaseKind
{
    /// <summary>ŷ_t = y_{t-1} (the forecast a lag-1 difference implies).</summary>
    Persistence,
    /// <summary>ŷ_t = y_{t-m} (the forecast a seasonal difference implies).</summary>
    SeasonalNaive,
    /// <summary>ŷ_t = y_{t-m} + (y_{t-1} - y_{t-1-m}) (the forecast both differences imply).</summary>
    SeasonalNaiveDrift,
    /// <summary>A fitted <see cref="HoltWintersModel"/>.</summary>
    HoltWinters,
}

/// <summary>One of the <see cref="BaseKind"/> forecasts, ready to run one step ahead over any series.</summary>
/// <param name="SeasonLength">m; the seasonal kinds need m ≥ 2.</param>
/// <param name="Smoothing">The fitted model, for <see cref="BaseKind.HoltWinters"/>.</param>
public sealed record BaseForecaster(BaseKind Kind, int SeasonLength, HoltWintersModel? Smoothing = null)
{
    /// <summary>The first index with a forecast.</summary>
    public int Earliest => Kind switch
    {
        BaseKind.Persistence => 1,
        BaseKind.SeasonalNaive => SeasonLength,
        BaseKind.SeasonalNaiveDrift => SeasonLength + 1,
        _ => Smoothing!.Earliest,
    };

    /// <summary>Short name: "persistence", "seasonal naive", "seasonal naive with drift" or "Holt-Winters".</summary>
    public string Name => NameOf(Kind);

    /// <summary>The display name of a kind.</summary>
    public static string NameOf(BaseKind kind) => kind switch
    {
        BaseKind.Persistence => "persistence",
        BaseKind.SeasonalNaive => "seasonal naive",
        BaseKind.SeasonalNaiveDrift => "seasonal naive with drift",
        _ => "Holt-Winters",
    };

    /// <summary>The kinds that make sense for season length m: the seasonal naive forms only when m ≥ 2 (at m = 1 they
    /// would be persistence and a lag-1 trend rule under misleading names).</summary>
    public static IReadOnlyList<BaseKind> KindsFor(int m) =>
        m > 1 ? [BaseKind.Persistence, BaseKind.SeasonalNaive, BaseKind.SeasonalNaiveDrift, BaseKind.HoltWinters] : [BaseKind.Persistence, BaseKind.HoltWinters];

    /// <summary>f[t] for t = 0..n from y[0..t) only (f[n] forecasts the value after the data); NaN before <see cref="Earliest"/>.</summary>
    public double[] OneStep(ReadOnlySpan<double> y)
    {
        if (Kind == BaseKind.HoltWinters) return Smoothing!.OneStep(y);
        int m = SeasonLength;
        var f = new double[y.Length + 1];
        for (int t = 0; t <= y.Length; t++)
        {
            f[t] = t < Earliest ? double.NaN : Kind switch
            {
                BaseKind.Persistence => Baselines.PersistenceAt(y, t),
                BaseKind.SeasonalNaive => Baselines.SeasonalNaiveAt(y, t, m),
                _ => Baselines.SeasonalNaiveWithDriftAt(y, t, m),
            };
        }
        return f;
    }

    /// <summary>
    /// Fits the base on y[0..<paramref name="fitCount"/>): nothing to fit for the naive kinds; for Holt-Winters every
    /// variant is fitted there and the one with the lowest one-step MAE on y[fitCount..scoreEnd) is kept (when that
    /// range is empty, the lowest squared error on the fit part).
    /// </summary>
    public static BaseForecaster Fit(BaseKind kind, ReadOnlySpan<double> y, int fitCount, int scoreEnd, int m)
    {
        if (kind != BaseKind.HoltWinters) return new BaseForecaster(kind, m);
        var fit = y[..fitCount];
        bool positive = true;
        foreach (double v in fit) positive &= v > 0;
        HoltWintersModel? best = null;
        double bestScore = double.PositiveInfinity;
        foreach (var (trend, season) in HoltWinters.Variants(fit.Length >= 2 * m + 1 ? m : 1, positive))
        {
            var model = HoltWinters.Fit(fit, trend, season, m);
            double score;
            if (scoreEnd > fitCount)
            {
                var f = model.OneStep(y[..scoreEnd]);
                score = 0;
                for (int t = fitCount; t < scoreEnd; t++) score += Math.Abs(y[t] - f[t]);
                if (!double.IsFinite(score)) score = double.PositiveInfinity;
            }
            else score = model.SquaredErrors(fit);
            if (best is null || score < bestScore) (best, bestScore) = (model, score);
        }
        return new BaseForecaster(kind, m, best);
    }
}
