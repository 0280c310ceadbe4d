using System.Globalization;

namespace RnnLstm.Forecasting;

/// <summary>The bounds of one central prediction interval at every step.</summary>
/// <param name="Level">Nominal coverage in percent, e.g. 80 or 95.</param>
/// <param name="Lower">[H]: lower bound per step.</param>
/// <param name="Upper">[H]: upper bound per step.</param>
public sealed record IntervalBand(double Level, double[] Lower, double[] Upper)
{
    /// <summary>The level as a name: "80", "95", "97.5".</summary>
    public string Name => Level.ToString("0.##", CultureInfo.InvariantCulture);
}

/// <summary>
/// One forecast of H steps: the mean (point forecast) and, per level, the lower and upper bounds at each step (as R's
/// <c>forecast()</c> returns them). The CSV, the JSON, the charts and the report all read this object.
/// </summary>
/// <param name="Mean">[H]: point forecast, step h = 1 at index 0.</param>
/// <param name="Bands">One band per level, in the order the levels were asked for.</param>
public sealed record IntervalForecast(double[] Mean, IReadOnlyList<IntervalBand> Bands)
{
    /// <summary>H.</summary>
    public int Horizon => Mean.Length;

    /// <summary>The band of a level, or null.</summary>
    public IntervalBand? At(double level) => Bands.FirstOrDefault(b => b.Level == level);

    /// <summary>A forecast with no bands (no interval could be calibrated).</summary>
    public static IntervalForecast PointOnly(double[] mean) => new(mean, []);

    /// <summary>Every value multiplied by <paramref name="factor"/> (back from the forecaster's internal scale).</summary>
    public IntervalForecast Scaled(double factor) => new(Array.ConvertAll(Mean, v => v * factor),
        Bands.Select(b => b with { Lower = Array.ConvertAll(b.Lower, v => v * factor), Upper = Array.ConvertAll(b.Upper, v => v * factor) }).ToList());
}
