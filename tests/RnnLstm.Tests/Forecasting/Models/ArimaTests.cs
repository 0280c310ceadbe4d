using RnnLstm.Forecasting.Models;
using RnnLstm.Numerics;

namespace RnnLstm.Tests.ForecastingLayer;

public class ArimaTests
{
    /// <summary>y_t = φ y_{t-1} + e_t + θ e_{t-1} + c, e ~ N(0, 1), after a burn-in of 200 values.</summary>
    private static double[] Arma11(int n, double phi, double theta, double c, int seed)
    {
        var rng = new Rng(seed);
        var y = new double[n + 200];
        double previousE = 0;
        for (int t = 1; t < y.Length; t++)
        {
            double e = rng.Normal();
            y[t] = c + phi * y[t - 1] + e + theta * previousE;
            previousE = e;
        }
        return y[200..];
    }

    [Theory]
    [InlineData(0.6, 0.0)]
    [InlineData(0.0, 0.5)]
    [InlineData(-0.4, 0.0)]
    public void Css_recovers_ar1_and_ma1_coefficients_within_four_standard_errors(double phi, double theta)
    {
        const int n = 3000;
        var y = Arma11(n, phi, theta, c: 10, seed: 7);
        var order = new ArimaOrder(phi != 0 ? 1 : 0, 0, theta != 0 ? 1 : 0, Constant: true);
        var model = ArimaFit.Fit(order, y);
        // Asymptotic standard errors: AR(1) sqrt((1 - φ²)/n), MA(1) sqrt((1 - θ²)/n).
        if (phi != 0) Assert.InRange(model.Coefficients.Ar[0], phi - 4 * Math.Sqrt((1 - phi * phi) / n), phi + 4 * Math.Sqrt((1 - phi * phi) / n));
        if (theta != 0) Assert.InRange(model.Coefficients.Ma[0], theta - 4 * Math.Sqrt((1 - theta * theta) / n), theta + 4 * Math.Sqrt((1 - theta * theta) / n));
        double mean = 10 / (1 - phi);
        Assert.InRange(model.ConstantInSeriesUnits, mean - 0.3, mean + 0.3);
        Assert.InRange(model.Sigma2, 0.9, 1.1);
        Assert.True(double.IsFinite(model.Aicc));
    }

    [Fact]
    public void Expanded_polynomials_multiply_the_seasonal_factor()
    {
        // (1 - 0.5B)(1 - 0.3B^4) = 1 - 0.5B - 0.3B^4 + 0.15B^5  →  w_t = 0.5 w_{t-1} + 0.3 w_{t-4} - 0.15 w_{t-5} + …
        var ar = ArimaPolynomial.Expand([0.5], [0.3], 4, -1);
        Assert.Equal([new LagTerm(1, 0.5), new LagTerm(4, 0.3), new LagTerm(5, -0.15)], ar.Select(t => t with { Coefficient = Math.Round(t.Coefficient, 12) }));
        // (1 + 0.4B)(1 + 0.2B^4) = 1 + 0.4B + 0.2B^4 + 0.08B^5
        var ma = ArimaPolynomial.Expand([0.4], [0.2], 4, +1);
        Assert.Equal([new LagTerm(1, 0.4), new LagTerm(4, 0.2), new LagTerm(5, 0.08)], ma.Select(t => t with { Coefficient = Math.Round(t.Coefficient, 12) }));
        // (1 - B)(1 - B^4) = 1 - B - B^4 + B^5  →  y_t = y_{t-1} + y_{t-4} - y_{t-5} + w_t
        Assert.Equal([new LagTerm(1, 1), new LagTerm(4, 1), new LagTerm(5, -1)], ArimaPolynomial.Differencing(1, 1, 4));
    }

    [Theory]
    [InlineData(new[] { 0.5 }, true)]
    [InlineData(new[] { 1.0 }, false)]
    [InlineData(new[] { -1.2 }, false)]
    [InlineData(new[] { 1.5, -0.56 }, true)]   // roots 1.25 and 1.43
    [InlineData(new[] { 1.5, -0.5 }, false)]   // roots 1 and 2
    [InlineData(new[] { 0.995 }, false)]       // root 1.005, inside forecast's 1.01 margin
    public void Root_test_matches_the_roots_of_the_polynomial(double[] a, bool outside) =>
        Assert.Equal(outside, ArimaPolynomial.RootsOutside(a));

    [Fact]
    public void Random_walk_with_drift_gets_one_difference_and_forecasts_a_line()
    {
        var rng = new Rng(3);
        var y = new double[300];
        for (int t = 1; t < y.Length; t++) y[t] = y[t - 1] + 0.5 + rng.Normal();
        var model = ArimaAuto.Select(y, 1);
        Assert.Equal(1, model.Order.d);
        Assert.True(model.Order.Constant, model.Description);
        var f = model.Forecast(y, 60);
        // Far from the origin the ARMA part has died out and the forecast rises by the drift per step.
        double slope = f[59] - f[58];
        Assert.InRange(slope, 0.5 - 0.25, 0.5 + 0.25);
        Assert.Equal(slope, f[40] - f[39], 6);
    }

    [Fact]
    public void Seasonal_random_walk_gets_one_seasonal_difference()
    {
        var rng = new Rng(5);
        var y = new double[240];
        for (int t = 0; t < y.Length; t++) y[t] = t < 12 ? 20 * Math.Sin(2 * Math.PI * t / 12) : y[t - 12] + rng.Normal();
        var model = ArimaAuto.Select(y, 12);
        Assert.Equal(1, model.Order.D);
        Assert.Equal(12, model.Order.SeasonLength);
    }

    [Fact]
    public void White_noise_is_not_differenced()
    {
        var rng = new Rng(11);
        var y = Enumerable.Range(0, 400).Select(_ => 5 + rng.Normal()).ToArray();
        Assert.Equal(0, ArimaDifferencing.Ndiffs(y));
        var model = ArimaAuto.Select(y, 1);
        Assert.Equal(0, model.Order.d);
        Assert.InRange(model.Forecast(y, 5)[4], 4.7, 5.3);
    }

    [Fact]
    public void Constant_series_forecasts_its_value()
    {
        var y = Enumerable.Repeat(42.0, 30).ToArray();
        var model = ArimaAuto.Select(y, 12);
        Assert.All(model.Forecast(y, 12), v => Assert.Equal(42.0, v, 10));
        Assert.Contains("constant", model.Description);
    }

    [Fact]
    public void Ten_values_give_finite_forecasts()
    {
        double[] y = [3, 5, 4, 6, 7, 6, 8, 9, 8, 10];
        var model = ArimaAuto.Select(y, 12);
        var f = model.Forecast(y, 12);
        Assert.All(f, v => Assert.True(double.IsFinite(v)));
        Assert.False(model.Order.IsSeasonal, model.Description);
        Assert.InRange(f[0], 5, 15);
    }

    [Theory]
    [InlineData(1e250)]
    [InlineData(1e-290)]
    public void Magnitude_does_not_change_the_model(double factor)
    {
        var y = Arma11(200, 0.7, 0.3, 1, seed: 2).Select(v => v + 20).ToArray();
        var scaled = y.Select(v => v * factor).ToArray();
        var plain = ArimaAuto.Select(y, 1);
        var big = ArimaAuto.Select(scaled, 1);
        Assert.Equal(plain.Order, big.Order);
        var f = plain.Forecast(y, 12);
        var g = big.Forecast(scaled, 12);
        for (int h = 0; h < 12; h++)
        {
            Assert.True(double.IsFinite(g[h]));
            Assert.Equal(1.0, g[h] / factor / f[h], 6);
        }
        Assert.True(double.IsFinite(big.Aicc));
    }

    [Fact]
    public void Selection_is_deterministic()
    {
        var rng = new Rng(9);
        var y = new double[80];
        for (int t = 0; t < y.Length; t++) y[t] = 100 + t + 10 * Math.Sin(2 * Math.PI * t / 4) + 3 * rng.Normal();
        var a = ArimaAuto.Select(y, 4);
        var b = ArimaAuto.Select(y, 4);
        Assert.Equal(a.Description, b.Description);
        Assert.Equal(a.Forecast(y, 24), b.Forecast(y, 24));
    }

    [Fact]
    public void A_bad_order_is_refused_with_its_reason()
    {
        var error = Assert.Throws<ArgumentException>(() => Arima.Of(new ArimaOrder(0, 2, 0, Constant: true)));
        Assert.Contains("d + D = 2", error.Message);
        Assert.Throws<ArgumentException>(() => ArimaFit.Fit(new ArimaOrder(1, 0, 0), [1, double.NaN, 3]));
    }
}
