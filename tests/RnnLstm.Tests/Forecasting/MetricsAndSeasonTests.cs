using RnnLstm.Forecasting;

namespace RnnLstm.Tests.ForecastingLayer;

public class MetricsAndSeasonTests
{
    [Fact]
    public void Smape_and_mase_match_hand_computed_values()
    {
        double[] actual = [100, 200, 50], forecast = [110, 180, 50];
        // sMAPE = 200/3 · (10/210 + 20/380 + 0/100)
        Assert.Equal(200.0 / 3 * (10.0 / 210 + 20.0 / 380), ForecastMetrics.Smape(actual, forecast), 12);
        // in-sample seasonal naive (m = 2) on 1, 3, 2, 6, 4: |2-1|, |6-3|, |4-2| → MAE 2
        double scale = ForecastMetrics.SeasonalNaiveScale([1, 3, 2, 6, 4], 2);
        Assert.Equal(2.0, scale, 12);
        // MAE of the forecasts: (10 + 20 + 0) / 3 = 10 → MASE 5
        Assert.Equal(5.0, ForecastMetrics.Mase(actual, forecast, scale), 12);
        Assert.Equal(0, ForecastMetrics.Smape([0, 0], [0, 0]));
        Assert.Equal(2.0, ForecastMetrics.GeometricMean([1, 4]), 12);
    }

    [Fact]
    public void Rmse_of_errors_near_1e200_does_not_overflow()
    {
        Assert.Equal(Math.Sqrt((9 + 16) / 2.0), ForecastMetrics.Rmse([3, 4], [0, 0]), 12);
        Assert.Equal(Math.Sqrt((9 + 16) / 2.0) * 1e200, ForecastMetrics.Rmse([3e200, 4e200], [0, 0]), 1e188);
        Assert.Equal(0, ForecastMetrics.Rmse([1, 2], [1, 2]));
    }

    [Theory]
    [InlineData(12, 12)] // the prior is confirmed
    [InlineData(12, 1)]  // no prior: found by the search
    [InlineData(5, 7)]   // a wrong prior (daily dates, but a 5-step cycle) is replaced
    [InlineData(4, 4)]
    public void A_known_season_is_found(int period, int prior)
    {
        var y = Synthetic.Values(240, period, amplitude: 10, noise: 2, slope: 0.3);
        var found = SeasonDetection.Detect(y, prior);
        Assert.True(period == found.Length, found.Reason);
        Assert.True(found.Alternative == (period == prior ? null : 1), $"alternative {found.Alternative}: {found.Reason}"); // a season the dates do not suggest is not sure
    }

    [Theory]
    [InlineData(12)]
    [InlineData(7)]
    [InlineData(1)]
    public void Noise_and_a_random_walk_have_no_season(int prior)
    {
        var noise = SeasonDetection.Detect(Synthetic.Values(300, 0, 0, noise: 5, seed: 3), prior);
        Assert.True(noise.Length == 1, noise.Reason);
        Assert.StartsWith("no seasonality found", noise.Reason);
        var walk = SeasonDetection.Detect(Synthetic.RandomWalk(300, seed: 4), prior);
        Assert.True(walk.Length == 1, walk.Reason);
    }

    [Theory]
    [InlineData("1", "from 2 to 50")]
    [InlineData("51", "from 2 to 50")]
    [InlineData("2.5", "whole number")]
    [InlineData("twelve", "whole number")]
    public void A_bad_season_is_refused_with_the_range(string text, string reason)
    {
        var (finding, error) = SeasonDetection.Given(text, prior: 12, trainCount: 100);
        Assert.Null(finding);
        Assert.Contains(reason, error);
        Assert.Contains(text, error);
        Assert.Equal(12, SeasonDetection.Given("12", 12, 100).Finding!.Length);
    }

    [Fact]
    public void Nelder_mead_finds_the_minimum_of_rosenbrock()
    {
        var (x, f) = NelderMead.Minimize(p => 100 * Math.Pow(p[1] - p[0] * p[0], 2) + Math.Pow(1 - p[0], 2), [-1.2, 1], step: 0.5, maxIterations: 2000, tolerance: 1e-14);
        Assert.InRange(x[0], 0.99, 1.01);
        Assert.InRange(x[1], 0.98, 1.02);
        Assert.True(f < 1e-4);
    }

    [Fact]
    public void Holt_winters_fitted_on_a_seasonal_trend_beats_seasonal_naive_one_step()
    {
        var y = Synthetic.Values(144, 12, amplitude: 20, noise: 2, slope: 1);
        var hw = BaseForecaster.Fit(BaseKind.HoltWinters, y, 96, 120, 12);
        Assert.NotEqual(SeasonKind.None, hw.Smoothing!.Season);
        var f = hw.OneStep(y);
        var naive = new BaseForecaster(BaseKind.SeasonalNaive, 12).OneStep(y);
        double hwMae = Enumerable.Range(120, 24).Average(t => Math.Abs(y[t] - f[t]));
        double naiveMae = Enumerable.Range(120, 24).Average(t => Math.Abs(y[t] - naive[t]));
        Assert.True(hwMae < naiveMae, $"{hw.Smoothing}: {hwMae} vs seasonal naive {naiveMae}");
        // one-step means one step: changing y[130] does not move any forecast up to index 130
        var changed = (double[])y.Clone();
        changed[130] += 1000;
        var g = hw.OneStep(changed);
        Assert.Equal(f[..131], g[..131]);
        Assert.NotEqual(f[131], g[131]);
    }
}
