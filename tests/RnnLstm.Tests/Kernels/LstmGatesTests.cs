using RnnLstm.Cells;
using RnnLstm.Models;
using RnnLstm.Numerics;
using RnnLstm.Numerics.Kernels;

namespace RnnLstm.Tests.Kernels;

/// <summary>
/// The float32 LSTM cell's step (forward and backward run the vectorized <c>LstmGates</c> kernel) against the float64 cell
/// (generic loops) on the same numbers: H = 20 covers a 16-wide vector and a scalar tail.
/// </summary>
[Collection("KernelThreads")]
public class LstmGatesTests
{
    /// <summary>
    /// A float32 LSTM layer large enough that the gate maths is shared by two kernel threads (B·H ≥ 4096, with a
    /// batch of 37 that does not split evenly) and the products are split too: forward outputs, every gradient and
    /// dL/dx must equal the one-thread run bit for bit, because every row and every element of a product is still
    /// computed by one thread in the same order.
    /// </summary>
    [SkippableFact]
    public void A_layer_step_gives_the_same_bits_on_one_and_two_threads()
    {
        Skip.If(Environment.ProcessorCount < 2, "Needs 2 cores to split the step; this machine has 1.");
        const int input = 24, hidden = 130, steps = 5, batch = 37;
        float[] Run(int threads)
        {
            int before = KernelThreads.Count;
            try
            {
                KernelThreads.Count = threads;
                var parameters = new ParameterSet<float>();
                var layer = new RecurrentLayer<float>(new LstmCell<float>(input, hidden, parameters, "l"));
                layer.Cell.Initialize(new Rng(3));
                var rng = new Rng(4);
                var x = new float[steps * batch * input];
                Init.Uniform<float>(x, 1, rng);
                var dOut = new float[steps * batch * hidden];
                Init.Uniform<float>(dOut, 1, rng);
                layer.Forward(x, steps, batch);
                layer.Backward(dOut);
                return [.. layer.Outputs, .. layer.FinalCell, .. parameters.Gradients, .. layer.InputGradient];
            }
            finally { KernelThreads.Count = before; }
        }
        Assert.Equal(Run(1), Run(2));
    }

    [Theory]
    [InlineData(1, 20)]
    [InlineData(3, 20)]
    [InlineData(2, 32)]
    public void Float_forward_and_backward_steps_match_the_float64_cell(int batch, int hidden)
    {
        const int input = 3;
        var rng = new Random(batch * 100 + hidden);
        double[] Random(int n, double scale = 1) => Enumerable.Range(0, n).Select(_ => scale * (rng.NextDouble() * 2 - 1)).ToArray();
        var p64 = new ParameterSet<double>();
        var c64 = new LstmCell<double>(input, hidden, p64, "l");
        var p32 = new ParameterSet<float>();
        var c32 = new LstmCell<float>(input, hidden, p32, "l");
        var weights = Random(p64.Count, 0.5);
        weights.CopyTo(p64.Values);
        for (int k = 0; k < weights.Length; k++) p32.Values[k] = (float)weights[k];

        int bh = batch * hidden, g = 4 * hidden;
        double[] zx = Random(batch * g, 3), hPrev = Random(bh), cPrev = Random(bh), dh = Random(bh), dc = Random(bh);
        var r64 = Step(c64, zx, hPrev, cPrev, dh, dc, batch, x => x);
        var r32 = Step(c32, zx, hPrev, cPrev, dh, dc, batch, x => (float)x);

        for (int part = 0; part < r64.Length; part++)
            for (int k = 0; k < r64[part].Length; k++)
                Assert.True(Math.Abs(r64[part][k] - r32[part][k]) <= 1e-5 * (1 + Math.Abs(r64[part][k])),
                    $"part {part}, index {k}: float64 {r64[part][k]}, float32 {r32[part][k]}");
    }

    /// <summary>Forward then backward of one step; returns h, c, the cache, dzx, dhPrev and dcPrev as float64 (dV is the layer's, summed over steps).</summary>
    private static double[][] Step<T>(LstmCell<T> cell, double[] zx, double[] hPrev, double[] cPrev, double[] dh, double[] dc,
        int batch, Func<double, T> cast) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        T[] Cast(double[] v) => v.Select(cast).ToArray();
        int bh = batch * cell.HiddenSize;
        var h = new T[bh];
        var c = new T[bh];
        var cache = new T[batch * cell.CacheWidth];
        var dzx = new T[batch * cell.GateCount * cell.HiddenSize];
        var dhPrev = new T[bh];
        var dcPrev = Cast(dc.Select(v => 0.5 * v).ToArray());                // accumulated into: start non-zero
        T[] xhPrev = Cast(hPrev), xcPrev = Cast(cPrev);
        cell.Forward(Cast(zx), xhPrev, xcPrev, h, c, cache, batch);
        cell.Backward(Cast(dh), Cast(dc), xhPrev, xcPrev, h, c, cache, dzx, dhPrev, dcPrev, batch);
        double[] D(T[] v) => v.Select(x => double.CreateChecked(x)).ToArray();
        return [D(h), D(c), D(cache), D(dzx), D(dhPrev), D(dcPrev)];
    }
}
