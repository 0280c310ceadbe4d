using System.Runtime.Intrinsics;
using RnnLstm.Numerics.Kernels;

namespace RnnLstm.Tests.Kernels;

/// <summary>
/// The fused kernels' e^x, σ and tanh against double-precision Math on a dense grid over the range an LSTM meets
/// (and beyond it, where they must saturate without NaN). Limits: relative error 4e-7 (a few float ulps) for e^x
/// and σ, and 4e-7 relative or 1e-9 absolute for tanh (whose series branch near 0 is the one to watch).
/// </summary>
public class ActivationsTests
{
    private static IEnumerable<float> Grid()
    {
        for (double x = -30; x <= 30; x += 0.0137) yield return (float)x;
        for (double x = -0.4; x <= 0.4; x += 0.00031) yield return (float)x;       // around the tanh series switch at 1/4
        foreach (float x in new[] { 0f, -0f, 1e-30f, -1e-30f, 1e-6f, 0.25f, -0.25f, 0.24999999f, 80f, -80f, 87f, -87f })
            yield return x;
    }

    private static float[] Apply(Func<Vector512<float>, Vector512<float>> f, float[] xs)
    {
        var ys = new float[xs.Length];
        for (int k = 0; k < xs.Length; k += 16)
        {
            var lane = new float[16];
            Array.Copy(xs, k, lane, 0, Math.Min(16, xs.Length - k));
            f(Vector512.Create(lane)).CopyTo(lane);
            Array.Copy(lane, 0, ys, k, Math.Min(16, xs.Length - k));
        }
        return ys;
    }

    private static void Check(Func<Vector512<float>, Vector512<float>> f, Func<double, double> exact, double relative, double absolute)
    {
        Skip.IfNot(Vector512.IsHardwareAccelerated, "The float32 activations run only with AVX-512; this machine has none.");
        var xs = Grid().ToArray();
        var ys = Apply(f, xs);
        for (int k = 0; k < xs.Length; k++)
        {
            double want = exact(xs[k]);
            Assert.True(Math.Abs(ys[k] - want) <= Math.Max(relative * Math.Abs(want), absolute), $"x = {xs[k]:R}: got {ys[k]:R}, want {want:R}");
        }
    }

    [SkippableFact]
    public void Exp_is_within_a_few_ulps() => Check(Activations.Exp, Math.Exp, 4e-7, 0);

    [SkippableFact]
    public void Sigmoid_is_within_a_few_ulps() => Check(Activations.Sigmoid, x => 1 / (1 + Math.Exp(-x)), 4e-7, 1e-37);

    [SkippableFact]
    public void Tanh_is_within_a_few_ulps_and_keeps_its_sign() => Check(Activations.Tanh, Math.Tanh, 4e-7, 1e-9);

    [SkippableFact]
    public void Extremes_saturate_without_NaN()
    {
        Skip.IfNot(Vector512.IsHardwareAccelerated, "The float32 activations run only with AVX-512; this machine has none.");
        float[] xs = [-1e30f, -200f, 200f, 1e30f, float.NegativeInfinity, float.PositiveInfinity, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
        var s = Apply(Activations.Sigmoid, xs);
        var t = Apply(Activations.Tanh, xs);
        Assert.Equal([0f, 0f, 1f, 1f, 0f, 1f], s[..6]);
        Assert.Equal([-1f, -1f, 1f, 1f, -1f, 1f], t[..6]);
        var exp = Apply(Activations.Exp, [100f, -100f, -1e30f, .. new float[13]]);
        Assert.Equal(float.PositiveInfinity, exp[0]);
        Assert.All(exp[1..3], e => Assert.True(float.IsNormal(e) && e < 2e-38f, $"{e:R} should be the clamped normal 1.6e-38"));
    }
}
