using RnnLstm.Cells;
using RnnLstm.Models;
using RnnLstm.Numerics;
using RnnLstm.Numerics.Kernels;

namespace RnnLstm.Tests.Kernels;

/// <summary>
/// The float32 GRU layer's forward pass (its gate maths in the vectorized <c>GruGates</c> kernel) against the float64
/// layer (generic loops) on the same weights and input, and on one against two kernel threads. H = 130 covers 16-wide
/// vectors and a scalar tail; B·H ≥ 4096 makes the two-thread run share the rows of every step.
/// </summary>
[Collection("KernelThreads")]
public class GruGatesTests
{
    private const int Input = 24, Hidden = 130, Steps = 5, Batch = 37;

    [Fact]
    public void Float_forward_matches_the_float64_layer()
    {
        var (f32, _) = Forward<float>(1, v => (float)v);
        var (f64, _) = Forward<double>(1, v => v);
        for (int k = 0; k < f64.Length; k++)
            Assert.True(Math.Abs(f64[k] - f32[k]) <= 1e-5 * (1 + Math.Abs(f64[k])), $"h index {k}: float64 {f64[k]}, float32 {f32[k]}");
    }

    [SkippableFact]
    public void Forward_gives_the_same_bits_on_one_and_two_threads()
    {
        Skip.If(Environment.ProcessorCount < 2, "Needs 2 cores to split the step; this machine has 1.");
        Assert.Equal(Forward<float>(1, v => (float)v).Cache, Forward<float>(2, v => (float)v).Cache);
        Assert.Equal(Forward<float>(1, v => (float)v).Outputs, Forward<float>(2, v => (float)v).Outputs);
    }

    /// <summary>h_1..h_T (as float64) and the step caches of a seeded layer.</summary>
    private static (double[] Outputs, double[] Cache) Forward<T>(int threads, Func<double, T> cast)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        int before = KernelThreads.Count;
        try
        {
            KernelThreads.Count = threads;
            var rng = new Random(5);
            var parameters = new ParameterSet<T>();
            var layer = new RecurrentLayer<T>(new GruCell<T>(Input, Hidden, parameters, "l"));
            for (int k = 0; k < parameters.Count; k++) parameters.Values[k] = cast(0.3 * (rng.NextDouble() * 2 - 1));
            var x = Enumerable.Range(0, Steps * Batch * Input).Select(_ => cast(rng.NextDouble() * 2 - 1)).ToArray();
            layer.Forward(x, Steps, Batch);
            var cache = Enumerable.Range(0, Steps).SelectMany(t => layer.StepCache(t).ToArray()).Select(v => double.CreateChecked(v)).ToArray();
            return (layer.Outputs.ToArray().Select(v => double.CreateChecked(v)).ToArray(), cache);
        }
        finally { KernelThreads.Count = before; }
    }
}
