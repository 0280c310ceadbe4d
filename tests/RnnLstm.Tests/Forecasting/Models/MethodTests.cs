using RnnLstm.Forecasting;
using RnnLstm.Forecasting.Models;

namespace RnnLstm.Tests.Forecasting.Models;

/// <summary>Theta, the naive and Holt-Winters adapters, and combinations.</summary>
public class MethodTests
{
    [Fact]
    public void Theta_NonSeasonalLine_DriftIsHalfTheSlope()
    {
        var y = Enumerable.Range(0, 50).Select(t => 5 + 0.8 * t + (t % 2 == 0 ? 0.3 : -0.3)).ToArray();
        var model = new Theta().FitModel(y, 1);
        Assert.Null(model.SeasonalFigure);
        Assert.Equal(0.4, model.Drift, 2);
        var f = model.Forecast(y, 3);
        Assert.Equal(model.Drift, f[1] - f[0], 10);
    }

    [Fact]
    public void Theta_ConstantSeries_ForecastsTheConstant()
    {
        var y = Enumerable.Repeat(4.0, 40).ToArray();
        Assert.All(new Theta().Fit(y, 12).Forecast(y, 12), v => Assert.Equal(4.0, v, 9));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(5)]
    public void Theta_ShortSeries_StaysFinite(int n)
    {
        var y = Enumerable.Range(1, n).Select(t => (double)t * t).ToArray();
        Assert.All(new Theta().Fit(y, 12).Forecast(y, 12), v => Assert.True(double.IsFinite(v)));
    }

    [Fact]
    public void SeasonalNaive_RepeatsTheLastSeason()
    {
        double[] y = [1, 2, 3, 4, 5, 6, 7];
        Assert.Equal([5, 6, 7, 5, 6], new NaiveMethod(NaiveRule.SeasonalNaive).Fit(y, 3).Forecast(y, 5));
        Assert.Equal([7, 7], new NaiveMethod(NaiveRule.Persistence).Fit(y, 3).Forecast(y, 2));
        // y[t-3] + (y[t-1] - y[t-4]): 5 + 3, 6 + 3, then 7 + 3 on the fed-back values
        Assert.Equal([8, 9, 10], new NaiveMethod(NaiveRule.SeasonalNaiveWithDrift).Fit(y, 3).Forecast(y, 3));
    }

    [Fact]
    public void HoltWintersAdapter_FirstStepIsTheModelsOneStepForecast()
    {
        var y = ModelSeries.Corpus("airpassengers");
        var method = new HoltWintersMethod(TrendKind.Damped, SeasonKind.Multiplicative);
        var f = method.Fit(y, 12).Forecast(y, 12);
        var model = HoltWinters.Fit(y, TrendKind.Damped, SeasonKind.Multiplicative, 12);
        Assert.Equal(model.OneStep(y)[y.Length], f[0], 9);
        Assert.All(f, v => Assert.True(double.IsFinite(v)));
    }

    [Fact]
    public void Combination_MeanAndMedian_PerStep()
    {
        double[] y = [1, 2, 3, 4, 5, 6, 10];
        IForecastMethod persistence = new NaiveMethod(NaiveRule.Persistence), seasonal = new NaiveMethod(NaiveRule.SeasonalNaive),
            drift = new NaiveMethod(NaiveRule.SeasonalNaiveWithDrift);
        // m 3, step 1: persistence 10, seasonal naive 5, with drift 5 + (10 - 4) = 11
        Assert.Equal((10 + 5 + 11) / 3.0, new Combination(persistence, seasonal, drift).Fit(y, 3).Forecast(y, 1)[0], 12);
        Assert.Equal(10, new Combination(CombinationRule.Median, persistence, seasonal, drift).Fit(y, 3).Forecast(y, 1)[0], 12);
        Assert.Equal(7.5, Combination.Join(CombinationRule.Median, [5, 10, 11, 1]), 12);
    }

    [Fact]
    public void Combination_LeavesOutMembersThatCannotFit_AndSaysSo()
    {
        double[] y = [1, 2, 3, 4, 5];
        var fitted = new Combination(new NaiveMethod(NaiveRule.Persistence), new HoltWintersMethod(TrendKind.None, SeasonKind.Additive)).Fit(y, 4);
        Assert.Contains("left out", fitted.Description);
        Assert.Equal([5.0], fitted.Forecast(y, 1));
    }
}
