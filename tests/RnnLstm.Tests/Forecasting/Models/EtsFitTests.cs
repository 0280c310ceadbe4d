using System.Diagnostics;
using RnnLstm.Forecasting.Models;

namespace RnnLstm.Tests.Forecasting.Models;

/// <summary>Fitting and choosing ETS models: exact cases, selection on long synthetic series, robustness, speed.</summary>
public class EtsFitTests
{
    [Fact]
    public void LinearTrend_ForecastIsTheLine()
    {
        var y = Enumerable.Range(0, 60).Select(t => 3 + 2.0 * t).ToArray();
        var model = Ets.Auto().FitModel(y, 1);
        var f = model.Forecast(y, 12);
        for (int h = 1; h <= 12; h++) Assert.Equal(3 + 2.0 * (59 + h), f[h - 1], 6);
        Assert.True(model.Spec.HasTrend, model.Description);
    }

    [Fact]
    public void PureSeason_ForecastRepeatsIt()
    {
        double[] pattern = [1, -2, 3, -2];
        var y = Enumerable.Range(0, 40).Select(t => 10 + pattern[t % 4]).ToArray();
        var model = Ets.Auto().FitModel(y, 4);
        var f = model.Forecast(y, 8);
        for (int h = 0; h < 8; h++) Assert.Equal(10 + pattern[(40 + h) % 4], f[h], 6);
        Assert.True(model.Spec.HasSeason, model.Description);
    }

    [Fact]
    public void LocalLevelSeries_SelectsNoTrendNoSeason()
    {
        // ETS(A,N,N) with α 0.3, σ 1 around 50: y_t = l_{t-1} + e_t, l_t = l_{t-1} + α e_t
        var e = ModelSeries.Normal(800, seed: 11);
        var y = new double[e.Length];
        double level = 50;
        for (int t = 0; t < y.Length; t++) { y[t] = level + e[t]; level += 0.3 * e[t]; }
        var model = EtsAuto.Select(y, 4);
        Assert.False(model.Spec.HasTrend, model.Description);
        Assert.False(model.Spec.HasSeason, model.Description);
        Assert.InRange(model.Parameters.Alpha, 0.2, 0.4);
    }

    [Fact]
    public void TrendingSeasonalSeries_SelectsTrendAndAdditiveSeason()
    {
        // ETS(A,A,A), m 4, α 0.2, β 0.02, γ 0.1, seasons (-6, 2, 6, -2), σ 1
        var e = ModelSeries.Normal(600, seed: 5);
        double[] s = [-6, 2, 6, -2];
        double level = 20, trend = 0.3;
        var y = new double[e.Length];
        for (int t = 0; t < y.Length; t++)
        {
            double q = level + trend, f = q + s[t % 4];
            y[t] = f + e[t];
            level = q + 0.2 * e[t];
            trend += 0.02 * e[t];
            s[t % 4] += 0.1 * e[t];
        }
        var model = EtsAuto.Select(y, 4);
        Assert.True(model.Spec.HasTrend, model.Description);
        Assert.Equal(EtsSeason.Additive, model.Spec.Season);
    }

    [Fact]
    public void MultiplicativeSeasonalSeries_SelectsMultiplicativeSeason()
    {
        // ETS(M,N,M), m 12, α 0.1, γ 0.05, seasons 1 ± 0.4, σ 0.03 (relative), level 100
        var e = ModelSeries.Normal(480, seed: 3);
        var s = Enumerable.Range(0, 12).Select(i => 1 + 0.4 * Math.Sin(2 * Math.PI * i / 12)).ToArray();
        double level = 100;
        var y = new double[e.Length];
        for (int t = 0; t < y.Length; t++)
        {
            double f = level * s[t % 12], error = 0.03 * e[t];
            y[t] = f * (1 + error);
            level *= 1 + 0.1 * error;
            s[t % 12] *= 1 + 0.05 * error;
        }
        var model = EtsAuto.Select(y, 12);
        Assert.Equal(EtsSeason.Multiplicative, model.Spec.Season);
        Assert.Equal(EtsError.Multiplicative, model.Spec.Error);
    }

    [Fact]
    public void ConstantSeries_ForecastsTheConstant()
    {
        var y = Enumerable.Repeat(7.5, 30).ToArray();
        var model = EtsAuto.Select(y, 12);
        Assert.All(model.Forecast(y, 12), v => Assert.Equal(7.5, v));
        Assert.Contains("constant", model.Description);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(6)]
    [InlineData(13)]
    public void ShortSeries_FallBackToFewerModels_AndStayFinite(int n)
    {
        var y = Enumerable.Range(0, n).Select(t => 10 + Math.Sin(t) + 0.5 * t).ToArray();
        var model = EtsAuto.Select(y, 12);
        Assert.False(model.Spec.HasSeason, model.Description);
        Assert.All(model.Forecast(y, 24), v => Assert.True(double.IsFinite(v), model.Description));
    }

    [Theory]
    [InlineData(1e250)]
    [InlineData(1e-250)]
    [InlineData(1e300)]
    [InlineData(1e-300)]
    public void ExtremeMagnitudes_GiveTheSameModelScaled(double factor)
    {
        var y = ModelSeries.Corpus("airpassengers");
        var reference = EtsAuto.Select(y, 12);
        var scaled = y.Select(v => v * factor).ToArray();
        var model = EtsAuto.Select(scaled, 12);
        Assert.Equal(reference.Spec, model.Spec);
        var expected = reference.Forecast(y, 12);
        var f = model.Forecast(scaled, 12);
        for (int h = 0; h < 12; h++) Assert.Equal(1.0, f[h] / factor / expected[h], 4);
        Assert.True(double.IsFinite(model.Aicc));
    }

    [Fact]
    public void NegativeSeasonalData_HaveNoMultiplicativeModels_AndStayFinite()
    {
        var y = ModelSeries.Corpus("airpassengers").Select(v => 300 - v).ToArray();
        var model = EtsAuto.Select(y, 12);
        Assert.False(model.Spec.NeedsPositiveData, model.Description);
        Assert.All(model.Forecast(y, 12), v => Assert.True(double.IsFinite(v)));
    }

    [Fact]
    public void Fit_IsDeterministic()
    {
        var y = ModelSeries.Corpus("uk_gas");
        var a = EtsAuto.Select(y, 4);
        var b = EtsAuto.Select(y, 4);
        Assert.Equal(a.Description, b.Description);
        Assert.Equal(a.Forecast(y, 8), b.Forecast(y, 8));
    }

    [Fact]
    public void ForecastFromLongerHistory_RerunsTheStatesWithParametersFixed()
    {
        var y = ModelSeries.Corpus("airpassengers");
        var model = Ets.Of("MAM").FitModel(y.AsSpan(0, 96), 12);
        var f = model.Forecast(y, 12);
        var state = model.ScaledStateAfter(y)!;
        var expected = EtsRecursions.Forecast(model.Spec, model.Parameters, state, y.Length, 12);
        for (int h = 0; h < 12; h++) Assert.Equal(expected[h] * model.Scale, f[h], 9);
    }

    [Fact]
    public void LongSeries_WithSeasonOver24_FitsWellUnderTenSeconds_WithoutSeason()
    {
        var e = ModelSeries.Normal(5000, seed: 2);
        var y = new double[5000];
        double level = 100;
        for (int t = 0; t < y.Length; t++) { level += 0.5 * e[t]; y[t] = level + 10 * Math.Sin(2 * Math.PI * t / 48); }
        var watch = Stopwatch.StartNew();
        var model = EtsAuto.Select(y, 48);
        watch.Stop();
        Assert.False(model.Spec.HasSeason);
        Assert.Contains("m = 48 > 24", model.Description);
        Assert.True(watch.Elapsed.TotalSeconds < 10, $"ETS auto on 5,000 values took {watch.Elapsed.TotalSeconds:0.0} s");
    }

    [Fact]
    public void FixedModel_NeedingPositiveData_RefusesNonPositive_NamingTheValue()
    {
        var e = Assert.Throws<ArgumentException>(() => Ets.Of("MNN").Fit([1, 2, 0, 4, 5, 6, 7], 1));
        Assert.Contains("value 2", e.Message);
    }
}
