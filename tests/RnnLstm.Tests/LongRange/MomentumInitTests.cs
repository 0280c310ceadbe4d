using RnnLstm.Numerics;
using RnnLstm.Tasks;
using RnnLstm.Training;

namespace RnnLstm.Tests.LongRange;

/// <summary>The pieces of "initialize like an echo state network, then learn everything with momentum".</summary>
public class MomentumInitTests
{
    [Fact]
    public void The_schedule_rises_like_the_papers_and_stops_at_its_ceiling()
    {
        var paper = new MomentumSchedule(Start: 0.5, Max: 0.995, Period: 250);   // Sutskever et al.: 1 - 2^(-1 - log2(⌊t/250⌋ + 1))
        foreach (long t in new long[] { 0, 249, 250, 600, 5000, 40_000 })
            Assert.Equal(Math.Min(0.995, 1 - Math.Pow(2, -1 - Math.Log2(t / 250 + 1))), paper.At(t), 12);
        var ours = new MomentumSchedule(0.9, 0.99, 100);
        Assert.Equal(0.9, ours.At(0));
        Assert.Equal(0.95, ours.At(100), 12);
        Assert.Equal(0.99, ours.At(1_000_000));
        Assert.Equal("Max", Assert.ThrowsAny<ArgumentException>(() => new NesterovMomentum<double>(0.1, new MomentumSchedule(Max: 1))).ParamName);
    }

    [Fact]
    public void Nesterov_keeps_the_look_ahead_point_of_the_textbook_form()
    {
        // Textbook: v ← μ_t v - η ∇L(θ + μ_t v); θ ← θ + v. On L = ½ Σ a_k θ_k², the optimizer's weights must be θ + μ_{t+1} v.
        double[] a = [1.0, 10.0, 0.1];
        var schedule = new MomentumSchedule(0.5, 0.9, 2);
        const double eta = 0.05;
        var parameters = new ParameterSet<double>();
        parameters.Add("w", 3);
        double[] theta = [1.0, -2.0, 3.0], v = new double[3];
        theta.CopyTo(parameters.Values);                                      // Θ_0 = θ_0 (v_0 = 0)
        var optimizer = new NesterovMomentum<double>(eta, schedule);
        for (int t = 0; t < 12; t++)
        {
            double mu = schedule.At(t), muNext = schedule.At(t + 1);
            for (int k = 0; k < 3; k++)
            {
                v[k] = mu * v[k] - eta * a[k] * (theta[k] + mu * v[k]);
                theta[k] += v[k];
            }
            for (int k = 0; k < 3; k++) parameters.Gradients[k] = a[k] * parameters.Values[k];
            optimizer.Step(parameters);
            for (int k = 0; k < 3; k++) Assert.Equal(theta[k] + muNext * v[k], parameters.Values[k], 12);
        }
        Assert.Equal(12, optimizer.Updates);
    }

    [Theory]
    [InlineData(100, 0.15, 1.1)]
    [InlineData(60, 0.25, 0.5)]
    public void The_sparse_initial_matrix_has_the_requested_spectral_radius_and_density(int size, double density, double radius)
    {
        var w = new float[size * size];
        double measured = Init.SparseSpectral<float>(w, size, density, radius, new Rng(size));
        Assert.Equal(radius, measured, radius * 0.01);
        Assert.Equal(radius, LinearAlgebra.SpectralRadius(w.Select(x => (double)x).ToArray(), size), radius * 0.01);
        Assert.InRange(w.Count(x => x != 0) / (double)(size * size), density * 0.8, density * 1.2 + 1.0 / size);
        for (int i = 0; i < size; i++) Assert.Contains(w.Skip(i * size).Take(size), x => x != 0);   // no unit cut off
    }

    [Fact]
    public void Input_weights_get_one_scale_per_channel()
    {
        var u = new double[500 * 2];
        Init.UniformPerColumn<double>(u, 2, [0.1, 3.0], new Rng(2));
        var value = u.Where((_, k) => k % 2 == 0).ToArray();
        var marker = u.Where((_, k) => k % 2 == 1).ToArray();
        Assert.InRange(value.Max(Math.Abs), 0.09, 0.1);
        Assert.InRange(marker.Max(Math.Abs), 2.9, 3.0);
        Assert.Equal("scales", Assert.Throws<ArgumentException>(() => Init.UniformPerColumn<double>(u, 2, [1.0], new Rng(1))).ParamName);
    }

    [Fact]
    public void The_momentum_method_describes_its_recipe_and_rejects_a_bad_schedule()
    {
        var s = AddingProblemSettings.For(AddingMethod.Momentum, 50);
        Assert.Contains("sparse init (ρ=1.1, 15 N(0,1) per unit", s.Describe());
        Assert.Contains("Nesterov", s.Describe());
        Assert.Equal("Period", Assert.ThrowsAny<ArgumentException>(() => (s with { Schedule = new MomentumSchedule(Period: 0) }).Validate()).ParamName);
        Assert.Equal("InputScales", Assert.ThrowsAny<ArgumentException>(() => (s with { InputScales = (-1, 1) }).Validate()).ParamName);
    }
}
