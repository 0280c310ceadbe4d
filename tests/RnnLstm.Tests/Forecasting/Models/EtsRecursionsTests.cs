using RnnLstm.Forecasting.Models;

namespace RnnLstm.Tests.Forecasting.Models;

/// <summary>The ETS recursions against cases worked by hand (the numbers in the comments).</summary>
public class EtsRecursionsTests
{
    [Fact]
    public void AdditiveTrend_TwoSteps_MatchHandComputation()
    {
        // ETS(A,A,N), α 0.5, β 0.25 (β/α = 0.5), l₀ 10, b₀ 1, y = 12, 13:
        // t0: ŷ 11, e 1,     l 11.5,   b 1 + 0.5(11.5 - 10 - 1) = 1.25
        // t1: ŷ 12.75, e .25, l 12.875, b 1.25 + 0.5(12.875 - 11.5 - 1.25) = 1.3125
        var spec = new EtsSpec(EtsError.Additive, EtsTrend.Additive, EtsSeason.None);
        var pass = EtsRecursions.Run(spec, new EtsParameters(0.5, 0.25), new EtsState(10, 1, [0]), [12, 13]);
        Assert.True(pass.Valid);
        Assert.Equal(12.875, pass.Final.Level, 12);
        Assert.Equal(1.3125, pass.Final.Trend, 12);
        Assert.Equal(1.0625, pass.SumSquaredErrors, 12);
        Assert.Equal(2 * Math.Log(1.0625), pass.Likelihood(EtsError.Additive), 12);
        var f = EtsRecursions.Forecast(spec, new EtsParameters(0.5, 0.25), pass.Final, 2, 2);
        Assert.Equal(14.1875, f[0], 12);
        Assert.Equal(15.5, f[1], 12);
    }

    [Fact]
    public void MultiplicativeSeason_TwoSteps_MatchHandComputation()
    {
        // ETS(M,N,M), m 2, α 0.5, γ 0.2, l₀ 10, seasons (0.8, 1.2), y = 9, 12:
        // t0: ŷ 8,     e 1/8,        l 10 + 0.5(9/0.8 - 10) = 10.625,   s₀ 0.8 + 0.2(9/10 - 0.8) = 0.82
        // t1: ŷ 12.75, e -0.75/12.75, l 10.625 + 0.5(12/1.2 - 10.625) = 10.3125, s₁ 1.2 + 0.2(12/10.625 - 1.2)
        var spec = new EtsSpec(EtsError.Multiplicative, EtsTrend.None, EtsSeason.Multiplicative, 2);
        var p = new EtsParameters(0.5, 0, 0.2);
        var pass = EtsRecursions.Run(spec, p, new EtsState(10, 0, [0.8, 1.2]), [9, 12]);
        Assert.True(pass.Valid);
        Assert.Equal(10.3125, pass.Final.Level, 12);
        Assert.Equal(0.82, pass.Final.Season[0], 12);
        Assert.Equal(1.2 + 0.2 * (12 / 10.625 - 1.2), pass.Final.Season[1], 12);
        Assert.Equal(1.0 / 64 + Math.Pow(0.75 / 12.75, 2), pass.SumSquaredErrors, 12);
        Assert.Equal(2 * Math.Log(pass.SumSquaredErrors) + 2 * (Math.Log(8) + Math.Log(12.75)), pass.Likelihood(EtsError.Multiplicative), 10);
        var f = EtsRecursions.Forecast(spec, p, pass.Final, 2, 2);
        Assert.Equal(10.3125 * 0.82, f[0], 12);
        Assert.Equal(10.3125 * pass.Final.Season[1], f[1], 12);
    }

    [Fact]
    public void DampedTrend_Forecast_SumsPowersOfPhi()
    {
        var spec = new EtsSpec(EtsError.Additive, EtsTrend.Damped, EtsSeason.None);
        var f = EtsRecursions.Forecast(spec, new EtsParameters(0.5, 0.1, 0, 0.9), new EtsState(10, 1, [0]), 0, 3);
        Assert.Equal(10.9, f[0], 12);
        Assert.Equal(10 + 0.9 + 0.81, f[1], 12);
        Assert.Equal(10 + 0.9 + 0.81 + 0.729, f[2], 12);
    }

    [Fact]
    public void MultiplicativeModel_NonPositiveForecast_IsInvalidNotNaN()
    {
        var spec = new EtsSpec(EtsError.Multiplicative, EtsTrend.Additive, EtsSeason.None);
        var pass = EtsRecursions.Run(spec, new EtsParameters(0.5, 0.1), new EtsState(1, -5, [0]), [1, 1]);
        Assert.False(pass.Valid);
        Assert.Equal(double.PositiveInfinity, pass.Likelihood(spec.Error));
    }

    [Theory]
    [InlineData("ETS(M,Ad,M)", EtsError.Multiplicative, EtsTrend.Damped, EtsSeason.Multiplicative)]
    [InlineData("ANN", EtsError.Additive, EtsTrend.None, EtsSeason.None)]
    [InlineData("MAdN", EtsError.Multiplicative, EtsTrend.Damped, EtsSeason.None)]
    public void Parse_RoundTripsNames(string text, EtsError error, EtsTrend trend, EtsSeason season)
    {
        var spec = EtsSpec.Parse(text, 12);
        Assert.Equal((error, trend, season), (spec.Error, spec.Trend, spec.Season));
        Assert.Equal(spec, EtsSpec.Parse(spec.ToString(), 12));
    }

    [Fact]
    public void Parse_BadName_SaysWhatAModelNameLooksLike()
    {
        var e = Assert.Throws<FormatException>(() => EtsSpec.Parse("ETS(X,N,N)"));
        Assert.Contains("ETS(A,N,N)", e.Message);
    }
}
