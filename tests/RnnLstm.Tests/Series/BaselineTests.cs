using RnnLstm.Series;

namespace RnnLstm.Tests.Series;

public class BaselineTests
{
    //                         index: 0  1  2  3  4  5  6  7   8
    private static readonly double[] Y = [1, 2, 3, 4, 5, 7, 9, 11, 14];
    private static readonly int[] Targets = [6, 7, 8];

    [Fact]
    public void Persistence_repeats_the_previous_value()
    {
        var b = Baselines.Persistence(Y, Targets);
        Assert.Equal([7.0, 9, 11], b.Forecast);
        Assert.Equal([9.0, 11, 14], b.Actual);
        Assert.Equal(Math.Sqrt((4 + 4 + 9) / 3.0), b.Rmse, 12);
        Assert.Equal(7 / 3.0, b.Mae, 12);
    }

    [Fact]
    public void Seasonal_naive_repeats_the_value_one_season_ago()
    {
        Assert.Equal([3.0, 4, 5], Baselines.SeasonalNaive(Y, Targets, seasonLength: 4).Forecast);
    }

    [Fact]
    public void Seasonal_naive_with_drift_adds_the_latest_one_season_change()
    {
        // t=6: y[2] + (y[5] - y[1]) = 3 + 5; t=7: 4 + (9 - 3); t=8: 5 + (11 - 4)
        Assert.Equal([8.0, 10, 12], Baselines.SeasonalNaiveWithDrift(Y, Targets, seasonLength: 4).Forecast);
    }

    [Fact]
    public void Targets_too_early_for_a_baseline_are_refused_not_dropped()
    {
        Assert.Equal(5, Baselines.EarliestTarget(4, withDrift: true));
        Assert.Equal([1.0], Baselines.SeasonalNaive(Y, [4], 4).Forecast);
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => Baselines.SeasonalNaiveWithDrift(Y, [4, 6], 4));
        Assert.Contains("can forecast indices 5..8", ex.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => Baselines.Persistence(Y, [0]));
        Assert.Throws<ArgumentOutOfRangeException>(() => Baselines.Persistence(Y, [9]));
    }

    [Fact]
    public void Metrics_check_their_inputs()
    {
        Assert.Equal(0.0, Metrics.Rmse([1, 2], [1, 2]));
        Assert.Equal(1.5, Metrics.Mae([0, 0], [1, -2]));
        Assert.Throws<ArgumentException>(() => Metrics.Rmse([1], [1, 2]));
        Assert.Throws<ArgumentException>(() => Metrics.Mae([], []));
    }

    [Theory]
    [InlineData(1e200)]
    [InlineData(1e300)]
    [InlineData(1e-200)]
    [InlineData(1e-300)]
    public void Rmse_and_mae_scale_with_the_series_at_any_magnitude(double factor)
    {
        double[] actual = [9, 11, 14], forecast = [7, 9, 11];
        double[] bigActual = actual.Select(v => v * factor).ToArray(), bigForecast = forecast.Select(v => v * factor).ToArray();

        Assert.Equal(Math.Sqrt(17 / 3.0), Metrics.Rmse(bigActual, bigForecast) / factor, 12);
        Assert.Equal(7 / 3.0, Metrics.Mae(bigActual, bigForecast) / factor, 12);
    }

    [Fact]
    public void Rmse_is_zero_for_exact_forecasts_and_infinite_only_for_an_infinite_error()
    {
        Assert.Equal(0.0, Metrics.Rmse([1e300, -1e300], [1e300, -1e300]));
        Assert.Equal(double.PositiveInfinity, Metrics.Rmse([1.7e308, 0], [-1.7e308, 0]));
        Assert.Equal(Math.Sqrt(2), Metrics.Rmse([3, 1], [1, 1]), 15);
    }
}
