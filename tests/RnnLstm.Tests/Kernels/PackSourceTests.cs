using RnnLstm.Cells;
using RnnLstm.Models;
using RnnLstm.Numerics;
using RnnLstm.Numerics.Kernels;

namespace RnnLstm.Tests.Kernels;

/// <summary>
/// Packing is skipped when the weights have not changed since the last pack (<c>PackSource</c>). What could go wrong is
/// a stale pack: a pass after a weight change that still multiplies by the old panels. So: any change, however small
/// and wherever it is (the last value of the last part, a sign of zero), must count as a change, and a model whose
/// weights were changed between two passes must give, bit for bit, what a fresh model with the new weights gives.
/// </summary>
[Collection("KernelThreads")]
public class PackSourceTests
{
    [Fact]
    public void Only_the_same_bits_in_the_same_lengths_count_as_unchanged()
    {
        var source = new PackSource();
        float[] a = [1, 2, 3], b = [4, 5], c = [0];
        Assert.True(source.Changed(a, b, c));                 // nothing remembered yet
        Assert.False(source.Changed(a, b, c));
        Assert.False(source.Changed([1, 2, 3], [4, 5], [0])); // equal values in other arrays
        c[0] = -0f;
        Assert.True(source.Changed(a, b, c));                 // 0 and -0 differ as bits
        b[1] = 5.0000005f;
        Assert.True(source.Changed(a, b, c));
        Assert.False(source.Changed(a, b, c));
        Assert.True(source.Changed(a, b));                    // a part fewer
        Assert.True(source.Changed(a, b, c));
    }

    [SkippableTheory]
    [InlineData(CellKind.Lstm, 1)]
    [InlineData(CellKind.Lstm, 2)]
    [InlineData(CellKind.Gru, 1)]
    [InlineData(CellKind.Gru, 2)]
    [InlineData(CellKind.Elman, 1)]
    public void A_pass_after_a_weight_change_uses_the_new_weights(CellKind cell, int threads)
    {
        Skip.If(threads > Environment.ProcessorCount, $"Needs {threads} cores; this machine has {Environment.ProcessorCount}.");
        int before = KernelThreads.Count;
        try
        {
            KernelThreads.Count = threads;
            // I = 32, H = 128, B = 32: large enough for the packed products and the fused LSTM pass.
            const int steps = 4, batch = 32, input = 32;
            var spec = new ModelSpec { Cell = cell, InputSize = input, HiddenSizes = [128], OutputSize = 1, Output = OutputMode.LastStep };
            var rng = new Random(5);
            var x = Enumerable.Range(0, steps * batch * input).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray();
            var model = new SequenceModel<float>(spec, seed: 1);
            var first = model.Forward(x, steps, batch).ToArray();
            Assert.Equal(first, model.Forward(x, steps, batch).ToArray());  // unchanged weights: the kept pack

            var recurrent = model.Layers[0].Cell.RecurrentWeights.Value;
            recurrent[^1] += 0.25f;                                          // the last value the comparison reads
            var changed = model.Forward(x, steps, batch).ToArray();

            var fresh = new SequenceModel<float>(spec, seed: 2);
            model.Parameters.Values.CopyTo(fresh.Parameters.Values);
            Assert.Equal(fresh.Forward(x, steps, batch).ToArray(), changed);
            Assert.NotEqual(first, changed);
        }
        finally { KernelThreads.Count = before; }
    }
}
