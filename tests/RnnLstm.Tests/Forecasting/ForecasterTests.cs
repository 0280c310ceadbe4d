using System.Text.Json;
using RnnLstm.Forecasting;
using Xunit.Abstractions;

namespace RnnLstm.Tests.ForecastingLayer;

public class ForecasterTests(ITestOutputHelper output)
{
    private static readonly ForecasterSettings Quick = new() { MaxEpochs = 15, Horizon = 6, EnsembleSize = 2 };

    [Fact]
    public void Selection_and_the_fitted_model_never_read_the_test_part()
    {
        var y = Synthetic.Values(150, 12, amplitude: 10, noise: 2, slope: 0.5);
        var other = (double[])y.Clone();
        int trainCount = (int)Math.Floor(150 * Quick.TrainFraction);
        for (int t = trainCount; t < other.Length; t++) other[t] = 1000 - 3 * y[t]; // a different test part
        var a = Forecaster.Run(Synthetic.Series(y, 12), Quick);
        var c = Forecaster.Run(Synthetic.Series(other, 12), Quick);
        output.WriteLine(a.Selection.ToString());
        Assert.NotNull(a.Selection.Net); // the net took part in the selection
        // the same selection, candidate for candidate, whatever the test part holds
        Assert.Equal(a.Selection.Season, c.Selection.Season);
        Assert.Equal(a.Selection.Candidates.Select(s => (s.Name, s.MultiStepMase)), c.Selection.Candidates.Select(s => (s.Name, s.MultiStepMase)));
        Assert.Equal(a.Selection.Net!.Cv.MultiStepMase, c.Selection.Net!.Cv.MultiStepMase);
        Assert.Equal(a.Selection.Net.Used, c.Selection.Net.Used);
        Assert.Equal(a.Intervals, c.Intervals, IntervalsComparer);
        // the fitted model is the same: its forecast from the end of the training part does not move
        var fromTrainEnd = (ForecastReport r, double[] v) => r.Model.Paths(Array.ConvertAll(v, x => x / r.InternalScale), [trainCount - 1], 6, withNet: true)[0];
        Assert.Equal(fromTrainEnd(a, y), fromTrainEnd(c, other));
        Assert.NotEqual(a.ModelScore.Mae, c.ModelScore.Mae); // ...while the test scores do change
        // a non-positive test value does not switch the log candidates off (that would be reading the test part)
        other[^1] = -5;
        var d = Forecaster.Select(Array.ConvertAll(other, v => v / a.InternalScale), trainCount, a.Selection.Season, Quick);
        Assert.True(d.LogAllowed);
        Assert.Equal(a.Selection.Candidates.Select(s => (s.Name, s.MultiStepMase)), d.Candidates.Select(s => (s.Name, s.MultiStepMase)));
    }

    [Fact]
    public void Two_runs_with_one_seed_give_the_same_report_and_json()
    {
        var series = Synthetic.Series(Synthetic.Values(120, 4, amplitude: 5, noise: 1, slope: 0.2), 4);
        var a = Forecaster.Run(series, Quick);
        var b = Forecaster.Run(series, Quick);
        Assert.Equal(a.Future, b.Future);
        Assert.Equal(a.Forecast.Bands.SelectMany(x => x.Lower.Concat(x.Upper)), b.Forecast.Bands.SelectMany(x => x.Lower.Concat(x.Upper)));
        Assert.Equal(a.Scores, b.Scores);
        Assert.Equal(a.Selection.Candidates.Select(s => s.MultiStepMase), b.Selection.Candidates.Select(s => s.MultiStepMase));
        Assert.Equal(a.Selection.Net?.Cv.MultiStepMase, b.Selection.Net?.Cv.MultiStepMase);
        Assert.Equal(a.Backtest!.Scores.SelectMany(s => s.Mae), b.Backtest!.Scores.SelectMany(s => s.Mae));
        Assert.Equal(a.Backtest.Intervals, b.Backtest.Intervals);
    }

    [Fact]
    public void A_trending_series_stays_near_its_trend_over_twelve_steps()
    {
        // the compounding case: a steady trend that a net fed its own forecasts drifts away from
        const double slope = 2, noise = 3;
        var y = Synthetic.Values(160, 12, amplitude: 15, noise: noise, slope: slope);
        var report = Forecaster.Run(Synthetic.Series(y, 12), new ForecasterSettings { MaxEpochs = 30, Horizon = 12 });
        var truth = Enumerable.Range(160, 12).Select(t => 100 + slope * t + 15 * Math.Sin(2 * Math.PI * t / 12)).ToArray();
        var errors = report.Future.Zip(truth, (f, v) => Math.Abs(f - v)).ToArray();
        output.WriteLine($"{report.Model}: |error| per step {string.Join(", ", errors.Select(e => e.ToString("F1")))}");
        Assert.True(errors.Average() < 2 * noise, $"mean |error| {errors.Average():F2} over 12 steps; the noise is {noise}");
        Assert.True(errors[^1] < 4 * noise, $"step 12 |error| {errors[^1]:F2}");
        Assert.True(report.Backtest!.Score(Forecaster.ModelName)!.Mase[^1] < 2 * report.Backtest.Score(Forecaster.ModelName)!.Mase[0] + 0.5,
            "the 12-step error grows like a compounding forecast's");
    }

    [Fact]
    public void A_short_monthly_series_with_a_yearly_cycle_keeps_season_12()
    {
        // 72 monthly values: 48 in the training part, where the ACF test at lag 12 is not sure; cross-validation decides
        var y = Synthetic.Values(72, 12, amplitude: 6, noise: 3, slope: 0.1, seed: 5);
        var report = Forecaster.Run(Synthetic.Series(y, 12), Quick with { Horizon = 12, Net = false });
        var detected = SeasonDetection.Detect(y.AsSpan(0, report.TrainCount), 12);
        output.WriteLine(detected.Reason);
        output.WriteLine(report.Selection.ToString());
        Assert.True(detected.Length == 12 || detected.Alternative == 12, detected.Reason);
        Assert.True(report.Selection.Season.Length == 12, report.Selection.Season.Reason);
    }

    [Fact]
    public void Without_a_season_no_candidate_is_called_seasonal()
    {
        var report = Forecaster.Run(Synthetic.Series(Synthetic.RandomWalk(120, seed: 7)), Quick with { Net = false });
        Assert.Equal(1, report.Selection.Season.Length);
        Assert.DoesNotContain(report.Scores, s => s.Name.Contains("seasonal"));
        Assert.Contains(report.Scores, s => s.Name == "persistence");
    }

    [Fact]
    public void Values_near_1e200_give_a_finite_report_and_a_huge_test_outlier_finite_naive_scores()
    {
        var y = Synthetic.Values(120, 4, amplitude: 5, noise: 1, slope: 0.2);
        var huge = Array.ConvertAll(y, v => v * 1e200);
        var big = Forecaster.Run(Synthetic.Series(huge, 4), Quick with { Net = false });
        var plain = Forecaster.Run(Synthetic.Series(y, 4), Quick with { Net = false });
        AssertFinite(big);
        Assert.Equal(plain.Selection.Statistical.Name, big.Selection.Statistical.Name); // the internal scale makes 1e200 fit like 1
        Assert.Equal(plain.ModelScore.Mase, big.ModelScore.Mase, 6);
        var outlier = (double[])y.Clone();
        outlier[110] = 1e300;
        var withOutlier = Forecaster.Run(Synthetic.Series(outlier, 4), Quick with { Net = false });
        // the squared errors near 1e298 must not overflow the RMSE (Holt-Winters' own start-up and states with such a
        // value are Holt-Winters' business, in HoltWinters.cs)
        foreach (string naive in new[] { "persistence", "seasonal naive" })
            Assert.True(double.IsFinite(withOutlier.Score(naive)!.Rmse) && double.IsFinite(withOutlier.Score(naive)!.Mase), withOutlier.Score(naive)!.ToString());
    }

    [Fact]
    public void A_constant_series_says_why_its_mase_scale_is_what_it_is()
    {
        var report = Forecaster.Run(Synthetic.Series(Enumerable.Repeat(7.0, 80).ToArray()), Quick with { Net = false });
        Assert.NotNull(report.MaseScaleNote);
        Assert.Contains("constant", report.MaseScaleNote);
        Assert.Equal(7.0, report.MaseScale, 12); // the training part's mean |y|
        Assert.All(report.Future, v => Assert.Equal(7.0, v, 9));
    }

    [Fact]
    public void A_series_that_repeats_exactly_is_not_called_constant()
    {
        double[] cycle = [1, 5, 3, 9];
        var report = Forecaster.Run(Synthetic.Series(Enumerable.Range(0, 80).Select(i => cycle[i % 4]).ToArray(), 4), Quick with { Net = false });
        Assert.Equal(4, report.Selection.Season.Length);
        Assert.NotNull(report.MaseScaleNote);
        Assert.Contains("repeats itself exactly every 4 values", report.MaseScaleNote);
        Assert.DoesNotContain("constant", report.MaseScaleNote);
    }

    [Fact]
    public void Metrics_of_the_report_are_those_of_its_forecasts()
    {
        var series = Synthetic.Series(Synthetic.Values(120, 4, amplitude: 5, noise: 1, slope: 0.2), 4);
        var report = Forecaster.Run(series, Quick with { Net = false });
        var actual = report.TestTargets.Select(t => series.Values[t]).ToArray();
        var persistence = report.TestTargets.Select(t => series.Values[t - 1]).ToArray();
        var score = report.Score("persistence")!;
        Assert.Equal(RnnLstm.Series.Metrics.Mae(actual, persistence) / report.MaseScale, score.Mase, 9);
        Assert.Equal(ForecastMetrics.Smape(actual, persistence), score.Smape, 9);
        Assert.Equal(ForecastMetrics.SeasonalNaiveScale(series.Values.AsSpan(0, report.TrainCount), report.Selection.Season.Length), report.MaseScale, 9);
        var bt = report.Backtest!;
        Assert.Equal(6, bt.Horizon);
        var model = bt.Score(Forecaster.ModelName)!;
        for (int h = 0; h < 6; h++)
            Assert.Equal(bt.Origins.Select((o, k) => Math.Abs(series.Values[o + 1 + h] - model.Paths[k][h])).Average() / report.MaseScale, model.Mase[h], 9);
    }

    private static void AssertFinite(ForecastReport report)
    {
        Assert.All(report.Scores, s => Assert.True(double.IsFinite(s.Mase) && double.IsFinite(s.Rmse), s.ToString()));
        Assert.All(report.Future, v => Assert.True(double.IsFinite(v)));
        Assert.All(report.Forecast.Bands.SelectMany(b => b.Lower.Concat(b.Upper)), v => Assert.True(double.IsFinite(v)));
        Assert.True(double.IsFinite(report.MaseScale));
        Assert.All(report.Backtest!.Scores.Where(s => s.Name == Forecaster.ModelName), s => Assert.All(s.Mase, v => Assert.True(double.IsFinite(v))));
    }

    private static readonly IEqualityComparer<PredictionIntervals> IntervalsComparer = EqualityComparer<PredictionIntervals>.Create(
        (p, q) => p!.Multiplicative == q!.Multiplicative && p.Sigma.SequenceEqual(q.Sigma) && p.Origins.SequenceEqual(q.Origins));
}
