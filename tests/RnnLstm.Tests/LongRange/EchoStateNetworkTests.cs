using RnnLstm.Models;
using RnnLstm.Numerics;
using RnnLstm.Tasks;

namespace RnnLstm.Tests.LongRange;

public class EchoStateNetworkTests
{
    [Theory]
    [InlineData(50, 0.5, 0.2)]
    [InlineData(100, 0.95, 0.1)]
    [InlineData(200, 1.2, 0.05)]
    [InlineData(60, 0.9, 1.0)]
    public void The_reservoir_has_the_requested_spectral_radius_within_one_percent(int size, double radius, double density)
    {
        var esn = new EchoStateNetwork(2, 1, new EchoStateOptions { ReservoirSize = size, SpectralRadius = radius, Density = density }, seed: size);
        var w = esn.ReservoirWeights.ToArray();
        // An estimate independent of the library's repeated squaring: the growth rate of ‖Wᵏ v‖ for a random v.
        double growth = GrowthRate(w, size);
        Assert.Equal(radius, growth, radius * 0.01);
        Assert.Equal(radius, esn.ReservoirSpectralRadius, radius * 0.01);
        int nonzero = w.Count(v => v != 0);
        Assert.InRange(nonzero / (double)(size * size), density * 0.7, density * 1.3 + 1.0 / size);
    }

    [Fact]
    public void The_same_seed_draws_the_same_reservoir()
    {
        var options = new EchoStateOptions { ReservoirSize = 40 };
        Assert.Equal(new EchoStateNetwork(2, 1, options, 3).ReservoirWeights.ToArray(), new EchoStateNetwork(2, 1, options, 3).ReservoirWeights.ToArray());
        Assert.NotEqual(new EchoStateNetwork(2, 1, options, 3).ReservoirWeights.ToArray(), new EchoStateNetwork(2, 1, options, 4).ReservoirWeights.ToArray());
    }

    [Fact]
    public void The_series_readout_is_the_closed_form_ridge_solution_on_the_states_after_the_washout()
    {
        const int steps = 300, washout = 50, N = 20;
        var options = new EchoStateOptions { ReservoirSize = N, Washout = washout, Ridge = 1e-3, Density = 0.3 };
        var esn = new EchoStateNetwork(1, 1, options, seed: 9);
        var rng = new Rng(1);
        var u = Enumerable.Range(0, steps).Select(_ => rng.Uniform(-1, 1)).ToArray();
        var target = new double[steps];
        for (int t = 2; t < steps; t++) target[t] = u[t - 2];                  // recall the input two steps back
        esn.FitSeries(u, target, steps);

        var states = esn.SeriesStates(u, steps);                              // [steps, N+1]
        int F = esn.FeatureCount;
        var expected = Closed.RidgeByGaussJordan(states[(washout * F)..], target[washout..], steps - washout, F, 1, options.Ridge);
        for (int f = 0; f < F; f++) Assert.Equal(expected[f], esn.ReadoutWeights[f], 8);

        // and the fit is good: a reservoir remembers two steps easily
        var y = esn.Readout(states, steps);
        double mse = 0;
        for (int t = washout; t < steps; t++) mse += (y[t] - target[t]) * (y[t] - target[t]) / (steps - washout);
        Assert.True(mse < 0.01, $"MSE {mse}");
    }

    [Fact]
    public void Final_states_respect_each_sequences_length()
    {
        var esn = new EchoStateNetwork(2, 1, new EchoStateOptions { ReservoirSize = 10 }, seed: 1);
        var rng = new Rng(2);
        const int steps = 6, batch = 2;
        var x = Enumerable.Range(0, steps * batch * 2).Select(_ => rng.Uniform(-1, 1)).ToArray();
        var padded = esn.FinalStates(x, steps, batch, [4, 6]);
        // sequence 0 alone, cut to its 4 steps
        var alone = new double[4 * 2];
        for (int t = 0; t < 4; t++) { alone[t * 2] = x[(t * batch) * 2]; alone[t * 2 + 1] = x[(t * batch) * 2 + 1]; }
        var single = esn.FinalStates(alone, 4, 1);
        for (int f = 0; f < esn.FeatureCount; f++) Assert.Equal(single[f], padded[f], 14);
    }

    [Fact]
    public void Leaky_units_follow_x_t_equals_one_minus_alpha_x_plus_alpha_tanh_of_the_drive()
    {
        const int N = 7, steps = 5, alpha100 = 30;
        var esn = new EchoStateNetwork(2, 1, new EchoStateOptions { ReservoirSize = N, LeakRate = alpha100 / 100.0, InputScales = [0.3, 2.0], BiasScale = 0.5, Density = 0.5 }, seed: 4);
        var rng = new Rng(8);
        var u = Enumerable.Range(0, steps * 2).Select(_ => rng.Uniform(-1, 1)).ToArray();
        var x = new double[N];
        for (int t = 0; t < steps; t++)
        {
            var next = new double[N];
            for (int n = 0; n < N; n++)
            {
                double a = esn.Biases[n] + esn.InputWeights[n * 2] * u[t * 2] + esn.InputWeights[n * 2 + 1] * u[t * 2 + 1];
                for (int m = 0; m < N; m++) a += esn.ReservoirWeights[n * N + m] * x[m];
                next[n] = (1 - alpha100 / 100.0) * x[n] + alpha100 / 100.0 * Math.Tanh(a);
            }
            x = next;
        }
        var final = esn.FinalStates(u, steps, 1);
        for (int n = 0; n < N; n++) Assert.Equal(x[n], final[n], 14);
        Assert.Equal(1, final[N]);
        Assert.All(Enumerable.Range(0, N), n => Assert.InRange(Math.Abs(esn.InputWeights[n * 2]), 0, 0.3));
        Assert.Equal("options", Assert.Throws<ArgumentException>(() => new EchoStateNetwork(2, 1, new EchoStateOptions { InputScales = [1.0] }, 1)).ParamName);
    }

    [Fact]
    public void Fitted_one_step_ahead_on_a_sine_it_generates_the_sine_on_its_own()
    {
        const int train = 600, horizon = 200;
        var sine = Enumerable.Range(0, train + horizon + 1).Select(t => Math.Sin(2 * Math.PI * t / 25.0)).ToArray();
        var esn = new EchoStateNetwork(1, 1, new EchoStateOptions { ReservoirSize = 50, SpectralRadius = 0.9, InputScale = 0.5, BiasScale = 0.2, Ridge = 1e-8, Washout = 100 }, seed: 3);
        esn.FitSeries(sine.AsSpan(0, train), sine.AsSpan(1, train), train);
        var generated = esn.Generate(sine.AsSpan(0, train), train, horizon);  // no input from the true series after step 600
        double worst = Enumerable.Range(0, horizon).Max(k => Math.Abs(generated[k] - sine[train + k]));
        Assert.True(worst < 0.02, $"largest error over {horizon} generated steps: {worst}");
        Assert.Throws<InvalidOperationException>(() => new EchoStateNetwork(2, 1, new EchoStateOptions(), 1).Generate(new double[4], 2, 3));
    }

    [Fact]
    public void A_mackey_glass_series_is_chaotic_in_its_usual_range_and_the_esn_forecasts_it()
    {
        var series = MackeyGlass.Series(1000);
        Assert.InRange(series.Min(), 0.2, 0.6);
        Assert.InRange(series.Max(), 1.1, 1.5);
        var result = MackeyGlass.EchoStateForecast(new EchoStateOptions { ReservoirSize = 150, SpectralRadius = 0.95, InputScale = 1, BiasScale = 0.2, Ridge = 1e-8 }, seed: 1, trainSteps: 1500, horizon: 100, trials: 5);
        Assert.True(result.OneStepNrmse < 1e-2, $"one step: {result.OneStepNrmse}");
        Assert.True(result.Nrmse84 < 0.1, $"84 steps: {result.Nrmse84}");          // the series' own spread is 1
        Assert.Equal(100, result.Generated.Length);
    }

    [Fact]
    public void Bad_options_name_the_setting()
    {
        Assert.Equal("LeakRate", Assert.ThrowsAny<ArgumentException>(() => new EchoStateNetwork(1, 1, new EchoStateOptions { LeakRate = 0 }, 1)).ParamName);
        Assert.Equal("SpectralRadius", Assert.ThrowsAny<ArgumentException>(() => new EchoStateNetwork(1, 1, new EchoStateOptions { SpectralRadius = -1 }, 1)).ParamName);
        Assert.Equal("Density", Assert.ThrowsAny<ArgumentException>(() => new EchoStateNetwork(1, 1, new EchoStateOptions { Density = 0 }, 1)).ParamName);
        var esn = new EchoStateNetwork(1, 1, new EchoStateOptions { ReservoirSize = 5, Washout = 10 }, 1);
        Assert.Equal("steps", Assert.Throws<ArgumentException>(() => esn.FitSeries(new double[10], new double[10], 10)).ParamName);
    }

    /// <summary>(‖Wᵏ⁺ᵐ v‖ / ‖Wᵏ v‖)^(1/m) after a burn-in of k = 500 steps, over m = 4000 steps, renormalizing as it goes.</summary>
    private static double GrowthRate(double[] w, int n)
    {
        var rng = new Rng(123);
        var v = Enumerable.Range(0, n).Select(_ => rng.Normal()).ToArray();
        var next = new double[n];
        double logGrowth = 0;
        const int burnIn = 500, measured = 4000;
        for (int k = 0; k < burnIn + measured; k++)
        {
            Array.Clear(next);
            MatMul.AddProductTransposed<double>(v, w, next, 1, n, n);     // next = W v
            double norm = Math.Sqrt(next.Sum(e => e * e));
            if (k >= burnIn) logGrowth += Math.Log(norm);
            for (int i = 0; i < n; i++) v[i] = next[i] / norm;
        }
        return Math.Exp(logGrowth / measured);
    }
}
