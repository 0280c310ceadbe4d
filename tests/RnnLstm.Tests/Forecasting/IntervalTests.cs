using RnnLstm.Forecasting;
using RnnLstm.Numerics;

namespace RnnLstm.Tests.ForecastingLayer;

public class IntervalTests
{
    [Fact]
    public void Intervals_contain_the_point_forecast_and_widen_weakly_with_the_step()
    {
        var rng = new Rng(4);
        // errors whose spread does not grow monotonically: the calibration must still never narrow
        var actual = Enumerable.Range(0, 15).Select(_ => Enumerable.Range(0, 8).Select(h => (h == 4 ? 0.2 : 1 + 0.3 * h) * rng.Normal() + 10).ToArray()).ToArray();
        var paths = actual.Select(a => Enumerable.Repeat(10.0, 8).ToArray()).ToArray();
        foreach (bool multiplicative in new[] { false, true })
        {
            var f = PredictionIntervals.Calibrate(paths, actual, multiplicative).Around([10, 11, 12, 13, 14, 15, 16, 17], [80, 95]);
            for (int h = 0; h < 8; h++)
            {
                Assert.InRange(f.Mean[h], f.At(95)!.Lower[h], f.At(95)!.Upper[h]);
                Assert.InRange(f.At(80)!.Lower[h], f.At(95)!.Lower[h], f.Mean[h]);   // 80% inside 95%
                Assert.InRange(f.At(80)!.Upper[h], f.Mean[h], f.At(95)!.Upper[h]);
            }
            var width = f.At(80)!.Upper.Zip(f.At(80)!.Lower, (u, l) => u - l).ToArray();
            for (int h = 1; h < 8; h++)
                Assert.True(width[h] >= width[h - 1] - 1e-12 || multiplicative && width[h] / f.Mean[h] >= width[h - 1] / f.Mean[h - 1] - 1e-12, $"step {h + 1} narrower");
        }
    }

    [Theory]
    [InlineData(80)]
    [InlineData(95)]
    public void Gaussian_errors_get_coverage_near_nominal(double level)
    {
        // calibrate on 20 origins × 6 steps of N(0, 2²) errors, then count fresh outcomes inside the band
        var rng = new Rng(7);
        double[][] Draw(int origins) => Enumerable.Range(0, origins).Select(_ => Enumerable.Range(0, 6).Select(_ => 50 + 2 * rng.Normal()).ToArray()).ToArray();
        var calibration = Draw(20);
        var intervals = PredictionIntervals.Calibrate(calibration.Select(_ => Enumerable.Repeat(50.0, 6).ToArray()).ToArray(), calibration, multiplicative: false);
        var band = intervals.Around(Enumerable.Repeat(50.0, 6).ToArray(), [level]).Bands[0];
        var fresh = Draw(2000);
        double coverage = 100.0 * fresh.Sum(row => row.Where((v, h) => v >= band.Lower[h] && v <= band.Upper[h]).Count()) / (2000 * 6);
        Assert.InRange(coverage, level - 5, Math.Min(99.5, level + 5));
        Assert.InRange(intervals.Sigma[0], 1.6, 2.4);
    }

    [Theory]
    [InlineData(80, 78, 85)]
    [InlineData(95, 93.5, 98.5)]
    public void Errors_that_persist_over_the_steps_count_once_per_origin(double level, double low, double high)
    {
        // Five origins whose error is the same at every step (a forecast that starts too low stays too low): σ rests on
        // five errors, not on the fifteen its three-step pooling reads. Counted as fifteen, the bands held 92.4% (95%)
        // and 77.5% (80%) of these fresh outcomes.
        var rng = new Rng(12);
        int inside = 0, trials = 4000;
        for (int trial = 0; trial < trials; trial++)
        {
            var actual = Enumerable.Range(0, 5).Select(_ => Enumerable.Repeat(rng.Normal(), 6).ToArray()).ToArray();
            var intervals = PredictionIntervals.Calibrate(actual.Select(_ => new double[6]).ToArray(), actual, multiplicative: false);
            Assert.All(intervals.Origins, k => Assert.Equal(5, k));
            var band = intervals.Around(new double[6], [level]).Bands[0];
            double fresh = rng.Normal();
            if (fresh >= band.Lower[5] && fresh <= band.Upper[5]) inside++;
        }
        Assert.InRange(100.0 * inside / trials, low, high);
    }

    [Fact]
    public void A_forecast_of_white_noise_is_covered_near_nominal_on_the_backtest()
    {
        var y = Synthetic.Values(400, 0, 0, noise: 5, seed: 11);
        var report = Forecaster.Run(Synthetic.Series(y), new ForecasterSettings { Horizon = 6, Net = false });
        var at80 = report.Backtest!.Intervals.Single(i => i.Name == Forecaster.ModelName && i.Level == 80);
        var at95 = report.Backtest.Intervals.Single(i => i.Name == Forecaster.ModelName && i.Level == 95);
        Assert.InRange(at80.Coverage, 70, 90);
        Assert.InRange(at95.Coverage, 88, 100);
    }

    [Fact]
    public void Backtest_bands_are_scored_by_coverage_and_msis_and_the_quantiles_match_tables()
    {
        // two origins of two steps: 3 of 4 inside; Winkler at 80%: 4, 4, 4 + 10·1, 4 → mean 6.5, over the scale 2
        var bands = new[] { new IntervalBand(80, [1, 1], [5, 5]), new IntervalBand(80, [1, 1], [5, 5]) };
        var score = BacktestIntervals.Score("m", 80, bands, [[3, 4], [6, 2]], maseScale: 2);
        Assert.Equal(75, score.Coverage, 12);
        Assert.Equal(6.5 / 2, score.Msis, 12);
        Assert.Equal(-1.959963985, PredictionIntervals.NormalQuantile(0.025), 6);
        Assert.Equal(2.228, PredictionIntervals.StudentQuantile(0.975, 10), 2); // tables: t_{0.975, 10} = 2.228
    }

    [Theory]
    [InlineData("80,95", new[] { 80.0, 95 })]
    [InlineData(" 50 , 99.5", new[] { 50.0, 99.5 })]
    public void Levels_parse(string text, double[] levels) => Assert.Equal(levels, PredictionIntervals.ParseLevels(text));

    [Theory]
    [InlineData("80,100")]
    [InlineData("eighty")]
    [InlineData("0")]
    public void A_bad_level_is_refused_naming_it(string text) =>
        Assert.Contains("not an interval level", Assert.Throws<FormatException>(() => PredictionIntervals.ParseLevels(text)).Message);
}
