using RnnLstm.Numerics;
using RnnLstm.Numerics.Kernels;
using Xunit.Abstractions;

namespace RnnLstm.Tests.Kernels;

/// <summary>
/// The float32 kernels behind <see cref="MatMul"/> (packed for large products, plain AVX-512 loops for small ones)
/// against a float64 reference, for the three layouts, on shapes with ragged edges (not multiples of the 8 x 32
/// tile, the 8 x 8 transpose blocks or the 16-wide vectors), one and two threads.
/// </summary>
[Collection("KernelThreads")]
public class PackedGemmTests(ITestOutputHelper output)
{
    public static TheoryData<int, int, int, int> Shapes()
    {
        var data = new TheoryData<int, int, int, int>();
        foreach (var (m, n, k) in new[] { (1, 4, 1), (4, 16, 8), (7, 33, 9), (3, 130, 70), (9, 31, 17), (13, 45, 41), (32, 512, 128), (33, 515, 130), (130, 70, 300), (600, 40, 513), (1, 64, 64) })
            foreach (int threads in new[] { 1, 2 }) data.Add(m, n, k, threads);
        return data;
    }

    [SkippableTheory]
    [MemberData(nameof(Shapes))]
    public void Every_layout_matches_a_float64_reference(int m, int n, int k, int threads)
    {
        Skip.If(threads > Environment.ProcessorCount, $"Needs {threads} cores to split the work; this machine has {Environment.ProcessorCount}.");
        int before = KernelThreads.Count;
        try
        {
            KernelThreads.Count = threads;
            var rng = new Random(m * 1000 + n * 10 + k);
            float[] Random(int count) => Enumerable.Range(0, count).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray();
            float[] a = Random(m * k), aT = Random(k * m), b = Random(k * n), bT = Random(n * k), c0 = Random(m * n);
            float[] c1 = (float[])c0.Clone(), c2 = (float[])c0.Clone(), c3 = (float[])c0.Clone();

            MatMul.AddProductTransposed<float>(a, bT, c1, m, n, k);   // c += a · bTᵀ
            MatMul.AddProduct<float>(a, b, c2, m, n, k);              // c += a · b
            MatMul.AddTransposedProduct<float>(aT, b, c3, m, n, k);   // c += aTᵀ · b

            double worst = 0;
            for (int i = 0; i < m; i++)
                for (int j = 0; j < n; j++)
                {
                    double r1 = c0[i * n + j], r2 = r1, r3 = r1;
                    for (int p = 0; p < k; p++)
                    {
                        r1 += (double)a[i * k + p] * bT[j * k + p];
                        r2 += (double)a[i * k + p] * b[p * n + j];
                        r3 += (double)aT[p * m + i] * b[p * n + j];
                    }
                    worst = Math.Max(worst, Math.Max(Math.Abs(r1 - c1[i * n + j]), Math.Max(Math.Abs(r2 - c2[i * n + j]), Math.Abs(r3 - c3[i * n + j]))));
                }
            // Each entry sums k products of numbers in [-1, 1]: float32 rounding grows at most like k·2⁻²⁴.
            double bound = 4 * (k + 1) * Math.Pow(2, -24);
            output.WriteLine($"m={m} n={n} k={k} threads={threads} packed={PackedGemm.WorthPacking(m, n, k)}: max |error| {worst:E2} (bound {bound:E2})");
            Assert.True(worst <= bound, $"max |error| {worst:E2} > {bound:E2}");
        }
        finally { KernelThreads.Count = before; }
    }

    [SkippableFact]
    public void Results_do_not_depend_on_the_thread_count()
    {
        Skip.If(Environment.ProcessorCount < 2, "Needs 2 cores to split the product; this machine has 1.");
        int before = KernelThreads.Count;
        try
        {
            const int m = 64, n = 1024, k = 256;
            var rng = new Random(7);
            float[] a = Enumerable.Range(0, m * k).Select(_ => (float)rng.NextDouble()).ToArray();
            float[] b = Enumerable.Range(0, n * k).Select(_ => (float)rng.NextDouble()).ToArray();
            var one = new float[m * n];
            var two = new float[m * n];
            KernelThreads.Count = 1;
            MatMul.AddProductTransposed<float>(a, b, one, m, n, k);
            KernelThreads.Count = 2;
            MatMul.AddProductTransposed<float>(a, b, two, m, n, k);
            Assert.Equal(one, two);
        }
        finally { KernelThreads.Count = before; }
    }
}
