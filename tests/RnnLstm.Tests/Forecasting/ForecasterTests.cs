using RnnLstm.Forecasting;
using Xunit.Abstractions;

namespace RnnLstm.Tests.ForecastingLayer;

public class ForecasterTests(ITestOutputHelper output)
{
    private static readonly ForecasterSettings Quick = new() { MaxEpochs = 15, Horizon = 4 };

    [Fact]
    public void Selection_never_reads_the_test_part()
    {
        var y = Synthetic.Values(150, 12, amplitude: 10, noise: 2, slope: 0.5);
        var other = (double[])y.Clone();
        int trainCount = (int)Math.Floor(150 * Quick.TrainFraction);
        for (int t = trainCount; t < other.Length; t++) other[t] = 1000 - 3 * y[t]; // a different test part
        var a = Forecaster.Run(Synthetic.Series(y, 12), Quick);
        var c = Forecaster.Run(Synthetic.Series(other, 12), Quick);
        output.WriteLine(string.Join("\n", a.Selection.Candidates));
        // the same selection, candidate for candidate, whatever the test part holds
        Assert.Equal(a.Selection.Season, c.Selection.Season);
        Assert.Equal(a.Selection.Candidates.Select(s => (s.Candidate.ToString(), s.ValidationMae, s.Epochs)),
                     c.Selection.Candidates.Select(s => (s.Candidate.ToString(), s.ValidationMae, s.Epochs)));
        Assert.Equal(a.Selection.Winner.Candidate, c.Selection.Winner.Candidate);
        Assert.Equal(a.Selection.EnsembleSize, c.Selection.EnsembleSize);
        Assert.NotEqual(a.ModelScore.Mae, c.ModelScore.Mae); // ...while the test scores do change
        // a non-positive test value does not switch the log candidates off (that would be reading the test part)
        other[^1] = -5;
        var d = Forecaster.Select(other, trainCount, a.Selection.Season, Quick);
        Assert.True(d.LogAllowed);
        Assert.Equal(a.Selection.Candidates.Select(s => (s.Candidate.ToString(), s.ValidationMae)), d.Candidates.Select(s => (s.Candidate.ToString(), s.ValidationMae)));
    }

    [Fact]
    public void Two_runs_give_the_same_report()
    {
        var series = Synthetic.Series(Synthetic.Values(120, 4, amplitude: 5, noise: 1, slope: 0.2), 4);
        var a = Forecaster.Run(series, Quick);
        var b = Forecaster.Run(series, Quick);
        Assert.Equal(a.Future, b.Future);
        Assert.Equal(a.Scores, b.Scores);
        Assert.Equal(a.Selection.Candidates.Select(s => (s.Candidate, s.ValidationMae)), b.Selection.Candidates.Select(s => (s.Candidate, s.ValidationMae)));
        Assert.Equal(a.Backtest!.Scores.SelectMany(s => s.Mae), b.Backtest!.Scores.SelectMany(s => s.Mae));
    }

    [Fact]
    public void Without_a_season_no_baseline_is_called_seasonal()
    {
        var report = Forecaster.Run(Synthetic.Series(Synthetic.RandomWalk(120, seed: 7)), Quick);
        Assert.Equal(1, report.Selection.Season.Length);
        Assert.Equal(["model", "persistence", "Holt-Winters"], report.Scores.Select(s => s.Name));
        Assert.DoesNotContain(report.Selection.Candidates, c => c.Candidate.Base is BaseKind.SeasonalNaive or BaseKind.SeasonalNaiveDrift);
    }

    [Fact]
    public void An_untrained_correction_net_gives_exactly_the_base_forecast_and_training_moves_it()
    {
        var y = Synthetic.Values(120, 12, amplitude: 10, noise: 2, slope: 0.5);
        var b = new BaseForecaster(BaseKind.SeasonalNaive, 12).OneStep(y);
        var targets = Enumerable.Range(20, 80).ToArray();
        var untrained = CorrectionNet.Train(new NetShape(RnnLstm.Cells.CellKind.Lstm, 4, 4), y, b, targets, [], epochs: 1, seed: 1);
        var net = CorrectionNet.Train(new NetShape(RnnLstm.Cells.CellKind.Lstm, 4, 4), y, b, targets, [], epochs: 30, seed: 1);
        var zero = untrained.Corrections(y, b, [100, 101]);
        Assert.True(zero.All(v => Math.Abs(v) < 0.5 * untrained.Scale), string.Join(", ", zero)); // one epoch from a zero output layer: still near the base
        Assert.NotEqual(zero, net.Corrections(y, b, [100, 101]));
    }

    [Fact]
    public void Metrics_of_the_report_are_those_of_its_forecasts()
    {
        var series = Synthetic.Series(Synthetic.Values(120, 4, amplitude: 5, noise: 1, slope: 0.2), 4);
        var report = Forecaster.Run(series, Quick);
        var actual = report.TestTargets.Select(t => series.Values[t]).ToArray();
        var persistence = report.TestTargets.Select(t => series.Values[t - 1]).ToArray();
        var score = report.Score("persistence")!;
        Assert.Equal(RnnLstm.Series.Metrics.Mae(actual, persistence) / report.MaseScale, score.Mase, 12);
        Assert.Equal(ForecastMetrics.Smape(actual, persistence), score.Smape, 12);
        Assert.Equal(ForecastMetrics.SeasonalNaiveScale(series.Values.AsSpan(0, report.TrainCount), report.Selection.Season.Length), report.MaseScale, 12);
        Assert.Equal(4, report.Backtest!.Horizon);
    }
}
