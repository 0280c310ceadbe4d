using RnnLstm.Cells;
using RnnLstm.Numerics;

namespace RnnLstm.Tests.Kernels;

/// <summary>
/// The float32 LSTM cell's step (its backward runs the vectorized <c>LstmGates</c> kernel) against the float64 cell
/// (generic loops) on the same numbers: H = 20 covers a 16-wide vector and a scalar tail.
/// </summary>
public class LstmGatesTests
{
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

    /// <summary>Forward then backward of one step; returns h, c, the cache, dzx, dhPrev, dcPrev and dV as float64.</summary>
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
        return [D(h), D(c), D(cache), D(dzx), D(dhPrev), D(dcPrev), D(cell.RecurrentWeights.Grad.ToArray())];
    }
}
