using RnnLstm.Series;
using RnnLstm.Tasks;
using Xunit.Abstractions;

namespace RnnLstm.Tests.Tasks;

public class ForecastingTests(ITestOutputHelper output)
{
    private static readonly string DataFile = Path.Combine(Notebooks.Repository.Root, "data", "data.csv");

    [Fact]
    public void Brownlee_setup_lands_within_the_published_range()
    {
        var result = WindowForecaster.Run(SeriesCsv.Load(DataFile), ForecastOptions.Brownlee);
        output.WriteLine(result.ToString());
        Assert.Equal(94, result.Windows.Train.Count); // Brownlee's arithmetic: 96 training points, look-back 1, one dropped
        Assert.Equal(46, result.Windows.Test.Count);
        Assert.True(result.ModelScore.TestRmse <= 55, $"test RMSE {result.ModelScore.TestRmse:F2}");
        Assert.InRange(result.ModelScore.TrainRmse!.Value, 15, 30); // published: 22.93
    }

    [Fact]
    public void The_better_model_beats_the_seasonal_naive_baseline()
    {
        var result = WindowForecaster.Run(SeriesCsv.Load(DataFile), ForecastOptions.Better);
        output.WriteLine(result.ToString());
        Assert.Equal(4, result.Scores.Count);
        Assert.True(result.ModelScore.TestRmse < result.Baseline("seasonal naive")!.TestRmse, result.ToString());
    }

    [Fact]
    public void The_scaler_sees_only_the_training_part_unless_told_to_reproduce_brownlee()
    {
        var series = SeriesCsv.Load(DataFile);
        var honest = WindowForecaster.Run(series, ForecastOptions.Brownlee with { ScaleOnWholeSeries = false, Epochs = 1 });
        Assert.Equal(series.Values[..96].Max(), honest.Transform.Scaler!.DataMax);
        Assert.True(honest.Transform.Output.Max() > 1.5); // test values beyond the training range stay beyond it
        var leaky = WindowForecaster.Run(series, ForecastOptions.Brownlee with { Epochs = 1 });
        Assert.Equal(series.Values.Max(), leaky.Transform.Scaler!.DataMax);
    }

    [Fact]
    public void Forecast_past_the_end_has_the_horizon_and_continues_the_dates()
    {
        var result = WindowForecaster.Run(SeriesCsv.Load(DataFile), ForecastOptions.Better with { Epochs = 5, Horizon = 18 });
        Assert.Equal(18, result.Future.Length);
        Assert.All(result.Future, v => Assert.True(double.IsFinite(v) && v > 0));
        Assert.Equal(new DateTime(1961, 1, 1), result.FutureDates![0]);
        Assert.Equal(new DateTime(1962, 6, 1), result.FutureDates[^1]);
    }

    [Fact]
    public void Gate_activations_cover_every_window_and_stay_in_range()
    {
        var result = WindowForecaster.Run(SeriesCsv.Load(DataFile), ForecastOptions.Brownlee with { Epochs = 3 });
        var gates = WindowForecaster.Gates(result)!;
        Assert.Equal(4, gates.Input.GetLength(0));
        Assert.Equal(result.Options.Windows.WindowCount(result.Series.Count), gates.Input.GetLength(1)); // every window of the series, in order
        foreach (var g in new[] { gates.Input, gates.Forget, gates.Output })
            foreach (double v in g) Assert.InRange(v, 0, 1);
        Assert.Null(WindowForecaster.Gates(WindowForecaster.Run(SeriesCsv.Load(DataFile), ForecastOptions.Brownlee with { Epochs = 1, Cell = RnnLstm.Cells.CellKind.Gru })));
    }

    [Fact]
    public void The_log_decision_reads_the_training_part_only_and_a_later_non_positive_value_fails_naming_it()
    {
        var series = SeriesCsv.Load(DataFile);
        var values = (double[])series.Values.Clone();
        values[^3] = -1; // in the test part
        var changed = series with { Values = values };
        var options = ForecastOptions.BetterFor(changed);
        Assert.True(options.LogTransform); // decided from the 96 training values, all positive
        var error = Assert.Throws<ArgumentException>(() => WindowForecaster.Run(changed, options with { Epochs = 1 }));
        Assert.Contains($"index {values.Length - 3}", error.Message);
        Assert.Contains("after the 96 training values", error.Message);
        values[5] = 0; // in the training part: no log
        Assert.False(ForecastOptions.BetterFor(changed).LogTransform);
    }

    [Fact]
    public void The_options_line_says_where_the_scaler_was_fitted()
    {
        Assert.Contains("scaler fitted on the whole series (test part included)", ForecastOptions.Brownlee.ToString());
        Assert.Contains("scaler fitted on the training part", (ForecastOptions.Brownlee with { ScaleOnWholeSeries = false }).ToString());
        Assert.DoesNotContain("whole series", ForecastOptions.Better.ToString());
    }

    [Fact]
    public void Without_a_season_the_seasonal_baselines_are_not_scored_under_their_names()
    {
        var series = SeriesCsv.Load(DataFile) with { SeasonLength = 1 };
        var result = WindowForecaster.Run(series, ForecastOptions.Brownlee with { Epochs = 1 });
        Assert.Equal(["model", "persistence"], result.Scores.Select(s => s.Name));
        Assert.Contains(result.Notes, n => n.Contains("no season (m = 1)"));
    }
}
