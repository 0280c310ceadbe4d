using RnnLstm.Forecasting;
using RnnLstm.Series;

namespace RnnLstm.Tests.Series;

/// <summary>The metrics' and baselines' argument checks and names, and the MAE's overflow path.</summary>
public class MetricEdgeTests
{
    [Fact]
    public void Mae_of_errors_whose_sum_overflows_is_still_their_mean()
    {
        Assert.Equal(1.5e308, Metrics.Mae([1e308, 1e308], [-5e307, -5e307]), 1e294);
    }

    [Fact]
    public void Mismatched_or_empty_inputs_are_refused_with_what_was_given()
    {
        Assert.Equal("3 actual values but 2 forecasts.", Assert.Throws<ArgumentException>(() => Metrics.Rmse([1, 2, 3], [1, 2])).Message);
        Assert.Equal("No values to score.", Assert.Throws<ArgumentException>(() => Metrics.Mae([], [])).Message);
        Assert.Throws<ArgumentException>(() => ForecastMetrics.Smape([1, 2], [1]));
        Assert.Throws<ArgumentException>(() => ForecastMetrics.Smape([], []));
        Assert.Throws<ArgumentException>(() => ForecastMetrics.Mase([1, 2], [1], 1));
    }

    [Fact]
    public void The_mase_scale_needs_a_season_of_at_least_1_and_more_values_than_it()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ForecastMetrics.SeasonalNaiveScale([1, 2, 3], 0));
        Assert.Contains("needs more than m = 3 training values; there are 3", Assert.Throws<ArgumentException>(() => ForecastMetrics.SeasonalNaiveScale([1, 2, 3], 3)).Message);
        Assert.Equal(3.0, ForecastMetrics.SeasonalNaiveScale([1, 2, 3, 4], 3));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    public void Mase_refuses_a_scale_that_is_not_positive(double scale)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ForecastMetrics.Mase([1, 2], [2, 3], scale));
    }

    [Fact]
    public void The_geometric_mean_takes_positive_ratios_only()
    {
        Assert.Equal(4.0, ForecastMetrics.GeometricMean([2, 8]), 12);
        Assert.Throws<ArgumentException>(() => ForecastMetrics.GeometricMean([]));
        Assert.Throws<ArgumentException>(() => ForecastMetrics.GeometricMean([2, 0]));
        Assert.Throws<ArgumentException>(() => ForecastMetrics.GeometricMean([2, -1]));
    }

    [Fact]
    public void Baselines_are_named_and_check_their_season_and_targets()
    {
        double[] y = [1, 2, 3, 4, 5, 7, 9, 11, 14];
        Assert.Equal("persistence", Baselines.Persistence(y, [6]).Name);
        Assert.Equal("seasonal naive (m=4)", Baselines.SeasonalNaive(y, [6], 4).Name);
        Assert.Equal("seasonal naive with drift (m=4)", Baselines.SeasonalNaiveWithDrift(y, [6], 4).Name);
        Assert.Equal(1, Baselines.EarliestTarget(1, withDrift: false));
        Assert.Throws<ArgumentOutOfRangeException>(() => Baselines.EarliestTarget(0, withDrift: false));
        Assert.Throws<ArgumentException>(() => Baselines.Persistence(y, []));
        Assert.Contains("Score every method on targets inside that range", Assert.Throws<ArgumentOutOfRangeException>(() => Baselines.Persistence(y, [9])).Message);
    }

    [Fact]
    public void Refusals_say_what_was_wrong()
    {
        Assert.StartsWith("The MASE scale must be positive", Assert.Throws<ArgumentOutOfRangeException>(() => ForecastMetrics.Mase([1], [2], 0)).Message);
        Assert.StartsWith("No ratios to average.", Assert.Throws<ArgumentException>(() => ForecastMetrics.GeometricMean([])).Message);
        Assert.StartsWith("Every ratio must be positive.", Assert.Throws<ArgumentException>(() => ForecastMetrics.GeometricMean([0.0])).Message);
        Assert.Equal("2 actual values but 1 forecasts.", Assert.Throws<ArgumentException>(() => ForecastMetrics.Smape([1, 2], [1])).Message);
        Assert.Equal("No values to score.", Assert.Throws<ArgumentException>(() => ForecastMetrics.Smape([], [])).Message);
        Assert.StartsWith("The season length must be at least 1.", Assert.Throws<ArgumentOutOfRangeException>(() => Baselines.EarliestTarget(0, false)).Message);
        Assert.StartsWith("No target indices given.", Assert.Throws<ArgumentException>(() => Baselines.Persistence([1.0, 2], [])).Message);
    }
}
