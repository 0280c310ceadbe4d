namespace RnnLstm.Series;

/// <summary>Forecast-error measures, in the units of the series (inverse-transform forecasts first).</summary>
public static class Metrics
{
    /// <summary>
    /// Root mean squared error: sqrt(mean((actual - forecast)^2)). Punishes large misses more than MAE does.
    /// Where the squares would overflow (errors above about 1e154) or underflow (below about 1e-145), it is computed
    /// as M · sqrt(mean((e/M)^2)) with M = max |e|, which is the same number without leaving the range of a double.
    /// </summary>
    public static double Rmse(ReadOnlySpan<double> actual, ReadOnlySpan<double> forecast)
    {
        CheckLengths(actual, forecast);
        double sum = 0, largest = 0;
        for (int i = 0; i < actual.Length; i++)
        {
            double e = actual[i] - forecast[i];
            sum += e * e;
            largest = Math.Max(largest, Math.Abs(e));
        }
        if (double.IsFinite(sum) && (sum >= 1e-290 || largest == 0)) return Math.Sqrt(sum / actual.Length);
        if (!double.IsFinite(largest)) return largest;
        double scaled = 0;
        for (int i = 0; i < actual.Length; i++)
        {
            double r = (actual[i] - forecast[i]) / largest;
            scaled += r * r;
        }
        return largest * Math.Sqrt(scaled / actual.Length);
    }

    /// <summary>Mean absolute error: mean(|actual - forecast|); as Σ (|e| / n) term by term where the sum would overflow.</summary>
    public static double Mae(ReadOnlySpan<double> actual, ReadOnlySpan<double> forecast)
    {
        CheckLengths(actual, forecast);
        double sum = 0;
        for (int i = 0; i < actual.Length; i++) sum += Math.Abs(actual[i] - forecast[i]);
        if (double.IsFinite(sum)) return sum / actual.Length;
        double mean = 0;
        for (int i = 0; i < actual.Length; i++) mean += Math.Abs(actual[i] - forecast[i]) / actual.Length;
        return mean;
    }

    private static void CheckLengths(ReadOnlySpan<double> actual, ReadOnlySpan<double> forecast)
    {
        if (actual.Length != forecast.Length) throw new ArgumentException($"{actual.Length} actual values but {forecast.Length} forecasts.");
        if (actual.IsEmpty) throw new ArgumentException("No values to score.");
    }
}

/// <summary>One baseline's forecasts for a list of target indices, with its errors.</summary>
/// <param name="Name">e.g. "seasonal naive (m=12)".</param>
/// <param name="TargetIndices">Indices of the series forecast, as given.</param>
/// <param name="Actual">series[t] for each target.</param>
/// <param name="Forecast">The baseline's forecast for each target.</param>
public sealed record BaselineForecast(string Name, int[] TargetIndices, double[] Actual, double[] Forecast)
{
    /// <summary>RMSE of <see cref="Forecast"/> against <see cref="Actual"/>.</summary>
    public double Rmse => Metrics.Rmse(Actual, Forecast);

    /// <summary>MAE of <see cref="Forecast"/> against <see cref="Actual"/>.</summary>
    public double Mae => Metrics.Mae(Actual, Forecast);

    /// <inheritdoc/>
    public override string ToString() => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Name}: RMSE {Rmse:0.###}, MAE {Mae:0.###} over {TargetIndices.Length} points");
}

/// <summary>
/// The simple forecasts a model must beat, computed on the same target points as the model (pass the test
/// windows' <see cref="WindowSet.TargetIndices"/>) and on the unscaled series, so their errors share the model's units.
/// </summary>
/// <remarks>
/// Every baseline is one step ahead: it may use any actual value before the target, never the target itself.
/// A target too early for a baseline (no value one season back) makes the whole baseline throw
/// (<see cref="ArgumentOutOfRangeException"/>) rather than score it on fewer points, so that every score a baseline
/// does return is on exactly the model's points; <see cref="EarliestTarget"/> says where each can start. A caller
/// may then leave that baseline out, but must say so: WindowForecaster lists it as "not computed" in its notes.
/// </remarks>
public static class Baselines
{
    /// <summary>y_hat[t] = y[t-1]: tomorrow looks like today. Needs t ≥ 1.</summary>
    public static BaselineForecast Persistence(ReadOnlySpan<double> series, ReadOnlySpan<int> targets) =>
        Forecast("persistence", series, targets, earliest: 1, static (y, t) => PersistenceAt(y, t));

    /// <summary>y_hat[t] = y[t-m]: this month looks like the same month last year. Needs t ≥ m.</summary>
    public static BaselineForecast SeasonalNaive(ReadOnlySpan<double> series, ReadOnlySpan<int> targets, int seasonLength) =>
        Forecast($"seasonal naive (m={seasonLength})", series, targets, EarliestTarget(seasonLength, withDrift: false),
            (y, t) => SeasonalNaiveAt(y, t, seasonLength));

    /// <summary>
    /// y_hat[t] = y[t-m] + (y[t-1] - y[t-1-m]): the value one season ago plus the latest one-season change, so a
    /// growing seasonal series is followed up as well as round. Needs t ≥ m + 1.
    /// </summary>
    public static BaselineForecast SeasonalNaiveWithDrift(ReadOnlySpan<double> series, ReadOnlySpan<int> targets, int seasonLength) =>
        Forecast($"seasonal naive with drift (m={seasonLength})", series, targets, EarliestTarget(seasonLength, withDrift: true),
            (y, t) => SeasonalNaiveWithDriftAt(y, t, seasonLength));

    /// <summary>The persistence forecast of y[t] from y[0..t): y[t-1]. t may be y.Length (the value after the data).</summary>
    public static double PersistenceAt(ReadOnlySpan<double> y, int t) => y[t - 1];

    /// <summary>The seasonal naive forecast of y[t] from y[0..t): y[t-m].</summary>
    public static double SeasonalNaiveAt(ReadOnlySpan<double> y, int t, int seasonLength) => y[t - seasonLength];

    /// <summary>The seasonal naive forecast with drift of y[t] from y[0..t): y[t-m] + (y[t-1] - y[t-1-m]).</summary>
    public static double SeasonalNaiveWithDriftAt(ReadOnlySpan<double> y, int t, int seasonLength) =>
        y[t - seasonLength] + (y[t - 1] - y[t - 1 - seasonLength]);

    /// <summary>All three baselines on the same targets.</summary>
    public static IReadOnlyList<BaselineForecast> All(ReadOnlySpan<double> series, ReadOnlySpan<int> targets, int seasonLength) =>
    [
        Persistence(series, targets),
        SeasonalNaive(series, targets, seasonLength),
        SeasonalNaiveWithDrift(series, targets, seasonLength),
    ];

    /// <summary>The first target index a seasonal baseline can forecast: m, or m + 1 with drift.</summary>
    public static int EarliestTarget(int seasonLength, bool withDrift) =>
        seasonLength >= 1
            ? seasonLength + (withDrift ? 1 : 0)
            : throw new ArgumentOutOfRangeException(nameof(seasonLength), seasonLength, "The season length must be at least 1.");

    private delegate double Rule(ReadOnlySpan<double> series, int target);

    private static BaselineForecast Forecast(string name, ReadOnlySpan<double> series, ReadOnlySpan<int> targets, int earliest, Rule rule)
    {
        if (targets.IsEmpty) throw new ArgumentException("No target indices given.", nameof(targets));
        var actual = new double[targets.Length];
        var forecast = new double[targets.Length];
        for (int k = 0; k < targets.Length; k++)
        {
            int t = targets[k];
            if (t < earliest || t >= series.Length)
            {
                throw new ArgumentOutOfRangeException(nameof(targets), t,
                    $"The {name} baseline can forecast indices {earliest}..{series.Length - 1} of this series; target {k} is index {t}. " +
                    "Score every method on targets inside that range (e.g. the test windows' TargetIndices).");
            }
            actual[k] = series[t];
            forecast[k] = rule(series, t);
        }
        return new BaselineForecast(name, targets.ToArray(), actual, forecast);
    }
}
