using RnnLstm.Cells;
using RnnLstm.Models;
using RnnLstm.Numerics;
using RnnLstm.Numerics.Kernels;

namespace RnnLstm.Tests.Kernels;

/// <summary>
/// The fused float32 LSTM pass (<c>LstmSequence</c>: one product [x_t | h_{t-1}]·[U | V]ᵀ per step, gate rows regrouped
/// by 32 units) against the float64 layer's step-by-step loops on the same weights: outputs, final cell state, every
/// step cache (the backward pass reads them) and the gradients of a backward pass after it. H = 96 is three groups
/// (two threads get unequal shares); B = 37 leaves a ragged tile of rows.
/// </summary>
[Collection("KernelThreads")]
public class LstmSequenceTests
{
    private const int Input = 24, Hidden = 96, Steps = 5, Batch = 37;

    [Fact]
    public void The_fused_pass_runs_at_this_size() =>
        Assert.Equal(LstmSequence.Supports(Hidden) && PackedGemm.WorthPacking(Batch, 4 * Hidden, Input + Hidden), PackedGemm.IsSupported);

    [Fact]
    public void Float_pass_and_its_gradients_match_the_float64_layer()
    {
        var f32 = Run<float>(1, v => (float)v);
        var f64 = Run<double>(1, v => v);
        Assert.Equal(f64.Length, f32.Length);
        for (int k = 0; k < f64.Length; k++)
            Assert.True(Math.Abs(f64[k] - f32[k]) <= 1e-4 * (1 + Math.Abs(f64[k])), $"index {k}: float64 {f64[k]}, float32 {f32[k]}");
    }

    [SkippableFact]
    public void The_pass_gives_the_same_bits_on_one_and_two_threads()
    {
        Skip.If(Environment.ProcessorCount < 2, "Needs 2 cores to split the steps; this machine has 1.");
        Assert.Equal(Run<float>(1, v => (float)v), Run<float>(2, v => (float)v));
    }

    /// <summary>Outputs, final c, all step caches and all gradients (as float64) of a seeded layer: forward then backward.</summary>
    private static double[] Run<T>(int threads, Func<double, T> cast) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        int before = KernelThreads.Count;
        try
        {
            KernelThreads.Count = threads;
            var rng = new Random(11);
            T[] Random(int n, double scale) => Enumerable.Range(0, n).Select(_ => cast(scale * (rng.NextDouble() * 2 - 1))).ToArray();
            var parameters = new ParameterSet<T>();
            var layer = new RecurrentLayer<T>(new LstmCell<T>(Input, Hidden, parameters, "l"));
            Random(parameters.Count, 0.3).CopyTo(parameters.Values);
            var x = Random(Steps * Batch * Input, 1);
            var dOut = Random(Steps * Batch * Hidden, 1);
            layer.SetInitialState(Random(Batch * Hidden, 0.5), Random(Batch * Hidden, 0.5));
            layer.Forward(x, Steps, Batch);
            var caches = Enumerable.Range(0, Steps).SelectMany(t => layer.StepCache(t).ToArray());
            var forward = layer.Outputs.ToArray().Concat(layer.FinalCell.ToArray()).Concat(caches).ToArray();
            layer.Backward(dOut);
            return [.. forward.Concat(parameters.Gradients.ToArray()).Concat(layer.InputGradient.ToArray()).Select(v => double.CreateChecked(v))];
        }
        finally { KernelThreads.Count = before; }
    }
}
