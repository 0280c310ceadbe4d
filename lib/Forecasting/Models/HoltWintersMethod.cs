namespace RnnLstm.Forecasting.Models;

/// <summary>
/// One variant of the project's <see cref="HoltWinters"/> (smoothing parameters by least squares of the one-step
/// errors) as an <see cref="IForecastMethod"/>. The h-step forecast feeds each one-step forecast back as the next value
/// (which, with the errors then zero, is the usual Holt-Winters h-step forecast).
/// </summary>
public sealed class HoltWintersMethod(TrendKind trend, SeasonKind season) : IForecastMethod
{
    /// <summary>The trend of the variant.</summary>
    public TrendKind Trend { get; } = trend;

    /// <summary>The season of the variant.</summary>
    public SeasonKind Season { get; } = season;

    /// <summary>Every variant <see cref="HoltWinters.Variants"/> lists for season length m and data positive or not.</summary>
    public static IReadOnlyList<HoltWintersMethod> All(int m, bool positive) =>
        [.. HoltWinters.Variants(m, positive).Select(v => new HoltWintersMethod(v.Trend, v.Season))];

    /// <inheritdoc/>
    public string Name => $"Holt-Winters ({(Trend == TrendKind.Damped ? "damped trend" : "no trend")}, {(Season == SeasonKind.None ? "no season" : Season.ToString().ToLowerInvariant() + " season")})";

    /// <inheritdoc/>
    public IFittedForecaster Fit(ReadOnlySpan<double> y, int seasonLength) =>
        new Fitted(HoltWinters.Fit(y, Trend, Season, Season == SeasonKind.None ? 1 : seasonLength));

    private sealed record Fitted(HoltWintersModel Model) : IFittedForecaster
    {
        public string Description => Model.ToString();

        public double[] Forecast(ReadOnlySpan<double> history, int horizon)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(horizon);
            if (history.IsEmpty) throw new ArgumentException("A Holt-Winters forecast needs at least one value of history.", nameof(history));
            var extended = new double[history.Length + horizon];
            history.CopyTo(extended);
            for (int t = history.Length; t < extended.Length; t++)
            {
                double next = t >= Model.Earliest ? Model.OneStep(extended.AsSpan(0, t))[t] : double.NaN;
                extended[t] = double.IsFinite(next) ? next : extended[t - 1];
            }
            return extended[history.Length..];
        }
    }
}
