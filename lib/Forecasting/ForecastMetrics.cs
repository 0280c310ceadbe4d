using RnnLstm.Series;

namespace RnnLstm.Forecasting;

/// <summary>The scale-free errors forecasters compare across series (M4 definitions), beside <see cref="Metrics"/>' RMSE and MAE.</summary>
public static class ForecastMetrics
{
    /// <summary>
    /// Symmetric mean absolute percentage error, in percent: sMAPE = (200 / n) Σ |y_t - ŷ_t| / (|y_t| + |ŷ_t|).
    /// A term whose actual and forecast are both zero counts as 0.
    /// </summary>
    public static double Smape(ReadOnlySpan<double> actual, ReadOnlySpan<double> forecast)
    {
        Check(actual, forecast);
        double sum = 0;
        for (int i = 0; i < actual.Length; i++)
        {
            double denominator = Math.Abs(actual[i]) + Math.Abs(forecast[i]);
            if (denominator > 0) sum += Math.Abs(actual[i] - forecast[i]) / denominator;
        }
        return 200 * sum / actual.Length;
    }

    /// <summary>
    /// The in-sample MAE of the seasonal naive forecast on <paramref name="training"/>:
    /// (1 / (n - m)) Σ_{t=m}^{n-1} |y_t - y_{t-m}| (m = 1: the naive forecast). MASE divides by it.
    /// </summary>
    public static double SeasonalNaiveScale(ReadOnlySpan<double> training, int seasonLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(seasonLength, 1);
        if (training.Length <= seasonLength)
            throw new ArgumentException($"The MASE scale needs more than m = {seasonLength} training values; there are {training.Length}.", nameof(training));
        double sum = 0;
        for (int t = seasonLength; t < training.Length; t++) sum += Math.Abs(training[t] - training[t - seasonLength]);
        return sum / (training.Length - seasonLength);
    }

    /// <summary>
    /// Mean absolute scaled error: MAE(actual, forecast) / <paramref name="scale"/>, with the scale from
    /// <see cref="SeasonalNaiveScale"/> on the training part. Below 1: better than the in-sample seasonal naive forecast.
    /// </summary>
    public static double Mase(ReadOnlySpan<double> actual, ReadOnlySpan<double> forecast, double scale)
    {
        Check(actual, forecast);
        if (!(scale > 0)) throw new ArgumentOutOfRangeException(nameof(scale), scale, "The MASE scale must be positive (a constant training part has none).");
        return Metrics.Mae(actual, forecast) / scale;
    }

    /// <summary>
    /// Root mean squared error computed in units of the largest |error| e_max, so that errors near 1e200 do not
    /// overflow when squared: RMSE = e_max · sqrt(mean((e / e_max)²)).
    /// </summary>
    public static double Rmse(ReadOnlySpan<double> actual, ReadOnlySpan<double> forecast)
    {
        Check(actual, forecast);
        double largest = 0;
        for (int i = 0; i < actual.Length; i++) largest = Math.Max(largest, Math.Abs(actual[i] - forecast[i]));
        if (largest == 0 || !double.IsFinite(largest)) return largest == 0 ? 0 : double.NaN;
        double sum = 0;
        for (int i = 0; i < actual.Length; i++) { double e = (actual[i] - forecast[i]) / largest; sum += e * e; }
        return largest * Math.Sqrt(sum / actual.Length);
    }

    /// <summary>Geometric mean of positive ratios: exp(mean(log r)); the fair average of "x times better".</summary>
    public static double GeometricMean(IEnumerable<double> ratios)
    {
        var list = ratios.ToList();
        if (list.Count == 0) throw new ArgumentException("No ratios to average.", nameof(ratios));
        if (list.Any(r => !(r > 0))) throw new ArgumentException("Every ratio must be positive.", nameof(ratios));
        return Math.Exp(list.Average(Math.Log));
    }

    private static void Check(ReadOnlySpan<double> actual, ReadOnlySpan<double> forecast)
    {
        if (actual.Length != forecast.Length) throw new ArgumentException($"{actual.Length} actual values but {forecast.Length} forecasts.");
        if (actual.IsEmpty) throw new ArgumentException("No values to score.");
    }
}
