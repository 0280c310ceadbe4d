using CsCheck;
using RnnLstm.Forecasting;
using RnnLstm.Series;
using RnnLstm.Tests.ForecastingLayer;
using Xunit.Abstractions;

namespace RnnLstm.Tests.Properties;

/// <summary>
/// Generated series through <see cref="Forecaster.Run"/> with fast settings: a report with no NaN or infinity
/// anywhere in its numbers, or an <see cref="ArgumentException"/> (too short, or a setting the series cannot take)
/// whose message says what was wrong; never another exception. Tens of cases: each run takes about a second.
/// </summary>
public sealed class ForecasterProperties(ITestOutputHelper output)
{
    /// <summary>A series as users have them: a level, a season, a trend, noise, constant runs, an outlier, at magnitudes 1e-300 to 1e300.</summary>
    internal static readonly Gen<double[]> Series =
        Gen.Select(Gen.Frequency((1, Gen.Int[0, 30]), (6, Gen.Int[31, 300]), (1, Gen.Int[301, 600])), Gen.Frequency((4, Gen.Int[-2, 4]), (1, Gen.Int[-300, 300])),
                   Gen.OneOf(1, 4, 7, 12), Gen.Double[0, 1], Gen.Double[-0.5, 0.5], Gen.Frequency((3, 0.0), (1, 1.0)), Gen.Frequency((3, 0.0), (1, 1e6), (1, -1e6)), Gen.Int[0, 1000],
                   (n, exponent, period, noise, slope, constantRun, outlier, seed) =>
                   {
                       double scale = Math.Pow(10, exponent);
                       double[] y = Synthetic.Values(n, period == 1 ? 0 : period, amplitude: 10, noise: 3 * noise, slope: slope, seed: seed + 1);
                       if (constantRun > 0) for (int t = n / 3; t < 2 * n / 3; t++) y[t] = y[n / 3];
                       if (outlier != 0 && n > 0) y[(int)(0.9 * n)] *= outlier;
                       return y.Select(v => v * scale).ToArray();
                   });

    [Fact]
    public void Any_series_gives_a_finite_report_or_says_why_not()
    {
        var settings = new ForecasterSettings { MaxEpochs = 2, Horizon = 3 };
        int reports = 0, refusals = 0;
        Sampling.Check(Series, count: 16, seed: 23, y =>
        {
            ForecastReport report;
            try
            {
                report = Forecaster.Run(Synthetic.Series(y, season: 1), settings);
            }
            catch (Exception e) when (e is ArgumentException or SeriesFormatException)
            {
                Assert.False(string.IsNullOrWhiteSpace(e.Message));
                refusals++;
                return;
            }
            List<string> bad = FiniteNumbers.In(report);
            Assert.True(bad.Count == 0, $"{bad.Count} non-finite numbers, e.g. {string.Join("; ", bad.Take(5))}");
            reports++;
        }, y => $"{y.Length} values: {string.Join(", ", y.Take(8).Select(v => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture)))}...");
        output.WriteLine($"{reports} reports, {refusals} refusals");
        Assert.True(reports > 0);
    }
}
