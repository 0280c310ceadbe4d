using RnnLstm.Cells;
using RnnLstm.Models;
using RnnLstm.Numerics;
using RnnLstm.Numerics.Kernels;

namespace RnnLstm.Tests.Kernels;

/// <summary>
/// The fused float32 LSTM pass (<c>LstmSequence</c>: one product [x_t | h_{t-1}]·[U | V]ᵀ per step, gate rows regrouped
/// by 32 units) against the float64 layer's step-by-step loops on the same weights: outputs, final cell state, every
/// step cache (the backward pass reads them) and the gradients of a backward pass after it. H = 96 is three groups
/// (two threads get unequal shares); B = 37 leaves a ragged tile of rows. And the inference pass (<c>Infer</c>, no step
/// caches) against the training pass.
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

    [SkippableTheory]
    [InlineData(1)]
    [InlineData(2)]
    public void Inference_gives_the_training_pass_outputs_and_final_state_bit_for_bit(int threads)
    {
        Skip.If(threads > Environment.ProcessorCount, $"Needs {threads} cores; this machine has {Environment.ProcessorCount}.");
        Assert.Equal(Pass<float>(threads, v => (float)v, infer: false), Pass<float>(threads, v => (float)v, infer: true));
        Assert.Equal(Pass<double>(threads, v => v, infer: false), Pass<double>(threads, v => v, infer: true));   // the generic loops
    }

    [SkippableFact]
    public void Inference_that_runs_alone_on_two_threads_gives_the_same_bits()
    {
        // With two kernel threads a pass is cut in two chunks, unless it runs alone (its model's split policy, or the
        // workers busy with other work): then chunk 0 is every row, and its scratch must hold them all.
        Skip.If(Environment.ProcessorCount < 2, "Needs 2 cores; this machine has 1.");
        var split = Pass<float>(2, v => (float)v, infer: true);
        int before = KernelThreads.Count;
        try
        {
            KernelThreads.Count = 2;
            double[]? alone = null;
            var outer = new Nested(() => alone = Pass<float>(2, v => (float)v, infer: true));
            Assert.True(KernelThreads.TryRun(outer, 1));                         // the workers are this work's: inner passes run alone
            Assert.Equal(split, alone);
        }
        finally { KernelThreads.Count = before; }
    }

    private sealed class Nested(Action action) : IParallelWork
    {
        public void RunChunk(int chunk, int chunks) => action();
    }

    [Fact]
    public void After_inference_backward_and_the_inner_states_refuse_until_the_next_forward()
    {
        var (layer, x, dOut, _) = Seeded<float>(v => (float)v);
        layer.Forward(x, Steps, Batch);
        layer.Infer(x, Steps, Batch);
        Assert.Contains("Infer", Assert.Throws<InvalidOperationException>(() => layer.Backward(dOut)).Message);
        Assert.Throws<InvalidOperationException>(() => layer.CellStates.Length);
        Assert.Throws<InvalidOperationException>(() => layer.StepCache(0).Length);
        Assert.Equal(Batch * Hidden, layer.FinalCell.Length);
        layer.Forward(x, Steps, Batch);
        layer.Backward(dOut);
        Assert.Equal((Steps + 1) * Batch * Hidden, layer.CellStates.Length);
    }

    [Fact]
    public void A_model_refuses_backward_after_inference_before_touching_a_gradient()
    {
        var model = new SequenceModel<float>(new ModelSpec { Cell = CellKind.Lstm, InputSize = Input, HiddenSizes = [Hidden, 32], OutputSize = 2, Output = OutputMode.EveryStep }, seed: 3);
        var x = new float[Steps * Batch * Input];
        for (int k = 0; k < x.Length; k++) x[k] = (float)Math.Sin(k);
        var y = model.Forward(x, Steps, Batch).ToArray();
        Assert.Equal(y, model.Infer(x, Steps, Batch).ToArray());
        Assert.Equal(y, model.Predict(x, Steps, Batch));
        Assert.Throws<InvalidOperationException>(() => model.Backward(new float[y.Length]));
        Assert.All(model.Parameters.Gradients.ToArray(), g => Assert.Equal(0f, g));
    }

    /// <summary>Outputs, h_T and c_T (as float64) of a seeded layer's training pass (<c>Forward</c>) or inference pass (<c>Infer</c>), from a set initial state.</summary>
    private static double[] Pass<T>(int threads, Func<double, T> cast, bool infer) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        int before = KernelThreads.Count;
        try
        {
            KernelThreads.Count = threads;
            var (layer, x, _, _) = Seeded(cast);
            if (infer) layer.Infer(x, Steps, Batch); else layer.Forward(x, Steps, Batch);
            return [.. layer.Outputs.ToArray().Concat(layer.FinalHidden.ToArray()).Concat(layer.FinalCell.ToArray()).Select(v => double.CreateChecked(v))];
        }
        finally { KernelThreads.Count = before; }
    }

    /// <summary>A layer with seeded weights (in <c>Parameters</c>) and initial state, an x and a dL/dh for it.</summary>
    private static (RecurrentLayer<T> Layer, T[] X, T[] DOut, ParameterSet<T> Parameters) Seeded<T>(Func<double, T> cast) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var rng = new Random(11);
        T[] Random(int n, double scale) => Enumerable.Range(0, n).Select(_ => cast(scale * (rng.NextDouble() * 2 - 1))).ToArray();
        var parameters = new ParameterSet<T>();
        var layer = new RecurrentLayer<T>(new LstmCell<T>(Input, Hidden, parameters, "l"));
        Random(parameters.Count, 0.3).CopyTo(parameters.Values);
        var x = Random(Steps * Batch * Input, 1);
        var dOut = Random(Steps * Batch * Hidden, 1);
        layer.SetInitialState(Random(Batch * Hidden, 0.5), Random(Batch * Hidden, 0.5));
        return (layer, x, dOut, parameters);
    }

    /// <summary>Outputs, final c, all step caches and all gradients (as float64) of a seeded layer: forward then backward.</summary>
    private static double[] Run<T>(int threads, Func<double, T> cast) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        int before = KernelThreads.Count;
        try
        {
            KernelThreads.Count = threads;
            var (layer, x, dOut, parameters) = Seeded(cast);
            layer.Forward(x, Steps, Batch);
            var caches = Enumerable.Range(0, Steps).SelectMany(t => layer.StepCache(t).ToArray());
            var forward = layer.Outputs.ToArray().Concat(layer.FinalCell.ToArray()).Concat(caches).ToArray();
            layer.Backward(dOut);
            return [.. forward.Concat(parameters.Gradients.ToArray()).Concat(layer.InputGradient.ToArray()).Select(v => double.CreateChecked(v))];
        }
        finally { KernelThreads.Count = before; }
    }
}
