using System.Diagnostics;
using System.Runtime.Intrinsics;
using TorchSharp;
using static TorchSharp.torch;

namespace RnnLstm.Bench.Harness;

/// <summary>The machine's measured float32 arithmetic ceilings, to read our GFLOP/s against.</summary>
public static class Peak
{
    /// <summary>
    /// Register-only FMA loop: 12 independent Vector512&lt;float&gt; accumulators, each FMA = 2 flops per lane. Run
    /// on <paramref name="threads"/> threads at once; returns the summed GFLOP/s (best of 5 rounds), or NaN on a
    /// machine without AVX-512 (where our kernels fall back to the generic loops anyway).
    /// </summary>
    public static double FmaLoopGflops(int threads, long iterations = 20_000_000)
    {
        if (!Vector512.IsHardwareAccelerated) return double.NaN;
        double best = 0;
        for (int round = 0; round < 5; round++)
        {
            var sw = Stopwatch.StartNew();
            var tasks = Enumerable.Range(0, threads).Select(_ => Task.Factory.StartNew(() => FmaLoop(iterations),
                TaskCreationOptions.LongRunning)).ToArray();
            Task.WaitAll(tasks);
            double seconds = sw.Elapsed.TotalSeconds;
            double flops = threads * (double)iterations * 12 * 2 * 16;
            best = Math.Max(best, flops / seconds / 1e9);
        }
        return best;
    }

    static float FmaLoop(long iterations)
    {
        var m = Vector512.Create(0.999999f);
        var a = Vector512.Create(1e-7f);
        Vector512<float> c0 = default, c1 = default, c2 = default, c3 = default, c4 = default, c5 = default,
            c6 = default, c7 = default, c8 = default, c9 = default, c10 = default, c11 = default;
        for (long i = 0; i < iterations; i++)
        {
            c0 = Vector512.FusedMultiplyAdd(c0, m, a); c1 = Vector512.FusedMultiplyAdd(c1, m, a);
            c2 = Vector512.FusedMultiplyAdd(c2, m, a); c3 = Vector512.FusedMultiplyAdd(c3, m, a);
            c4 = Vector512.FusedMultiplyAdd(c4, m, a); c5 = Vector512.FusedMultiplyAdd(c5, m, a);
            c6 = Vector512.FusedMultiplyAdd(c6, m, a); c7 = Vector512.FusedMultiplyAdd(c7, m, a);
            c8 = Vector512.FusedMultiplyAdd(c8, m, a); c9 = Vector512.FusedMultiplyAdd(c9, m, a);
            c10 = Vector512.FusedMultiplyAdd(c10, m, a); c11 = Vector512.FusedMultiplyAdd(c11, m, a);
        }
        return Vector512.Sum(c0 + c1 + c2 + c3 + c4 + c5 + c6 + c7 + c8 + c9 + c10 + c11);
    }

    /// <summary>float32 GEMM through libtorch (torch.mm, n x n by n x n) on the given thread count: median GFLOP/s.</summary>
    public static double TorchGemmGflops(int threads, int n = 1024, int reps = 15)
    {
        set_num_threads(threads);
        using var scope = NewDisposeScope();
        var a = randn(n, n);
        var b = randn(n, n);
        var c = mm(a, b);
        for (int i = 0; i < 3; i++) c = mm(a, b);
        var times = new List<double>();
        for (int r = 0; r < reps; r++)
        {
            long t0 = Stopwatch.GetTimestamp();
            using var d = mm(a, b);
            times.Add((Stopwatch.GetTimestamp() - t0) / (double)Stopwatch.Frequency);
        }
        double median = times.Order().ElementAt(times.Count / 2);
        return 2.0 * n * n * n / median / 1e9;
    }
}
