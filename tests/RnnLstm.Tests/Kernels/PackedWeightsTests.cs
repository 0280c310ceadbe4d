using RnnLstm.Numerics;
using RnnLstm.Numerics.Kernels;

namespace RnnLstm.Tests.Kernels;

/// <summary>
/// <see cref="PackedWeights{T}"/> (a weight matrix packed once for many products) against <see cref="MatMul"/> on the
/// same operands. The packed product runs the same blocks, micro-kernel and order of additions as MatMul's packed
/// path (only the copy of W into panels moves out of the call), so the results must be equal bit for bit, not merely
/// within rounding. Shapes: the recurrent products of the benchmark's configurations d and e, ragged edges, k above
/// one KC block and n above one NC block, and products small enough for the unpacked kernel; one thread and two (where
/// the packed product is split into chunks of columns, some crossing from one NC block of the packed copy to the next).
/// </summary>
[Collection("KernelThreads")]
public class PackedWeightsTests
{
    public static TheoryData<int, int, int, int> Shapes()
    {
        var data = new TheoryData<int, int, int, int>();
        // (m, rows, cols) of a·Wᵀ and a·W with W [rows, cols]
        foreach (var (m, rows, cols) in new[] { (32, 512, 128), (64, 1024, 256), (33, 515, 130), (9, 600, 300), (7, 1100, 40), (16, 1100, 80), (1, 16, 4), (3, 12, 4), (32, 128, 128) })
            foreach (int threads in new[] { 1, 2 }) data.Add(m, rows, cols, threads);
        return data;
    }

    [SkippableTheory]
    [MemberData(nameof(Shapes))]
    public void Packed_products_equal_MatMul_exactly(int m, int rows, int cols, int threads)
    {
        Skip.If(threads > Environment.ProcessorCount, $"Needs {threads} cores to split the work; this machine has {Environment.ProcessorCount}.");
        int before = KernelThreads.Count;
        try
        {
            KernelThreads.Count = threads;
            var rng = new Random(m * 7919 + rows * 31 + cols);
            float[] Random(int count) => Enumerable.Range(0, count).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray();
            var parameters = new ParameterSet<float>();
            var w = parameters.Add("W", rows, cols);
            Random(rows * cols).CopyTo(w.Value);
            var wT = new PackedWeights<float>(w, rows, cols, transposed: true);
            var wPlain = new PackedWeights<float>(w, rows, cols, transposed: false);
            wT.Pack();
            wPlain.Pack();

            float[] aF = Random(m * cols), cF = Random(m * rows), aB = Random(m * rows), cB = Random(m * cols);
            float[] expectF = (float[])cF.Clone(), expectB = (float[])cB.Clone();
            MatMul.AddProductTransposed<float>(aF, w.Value, expectF, m, rows, cols);   // c += a · Wᵀ
            MatMul.AddProduct<float>(aB, w.Value, expectB, m, cols, rows);             // c += a · W
            for (int step = 0; step < 3; step++)                                      // the packed copy is reused
            {
                float[] gotF = (float[])cF.Clone(), gotB = (float[])cB.Clone();
                MatMul.AddProductTransposed(aF, wT, gotF, m);
                MatMul.AddProduct(aB, wPlain, gotB, m);
                Assert.Equal(expectF, gotF);
                Assert.Equal(expectB, gotB);
            }
        }
        finally { KernelThreads.Count = before; }
    }

    [Fact]
    public void After_Release_the_products_read_the_live_matrix()
    {
        const int m = 32, rows = 512, cols = 128;
        var rng = new Random(3);
        var parameters = new ParameterSet<float>();
        var w = parameters.Add("W", rows, cols);
        foreach (ref var v in w.Value) v = (float)rng.NextDouble();
        var wT = new PackedWeights<float>(w, rows, cols, transposed: true);
        var a = Enumerable.Range(0, m * cols).Select(_ => (float)rng.NextDouble()).ToArray();

        wT.Pack();
        var stale = new float[m * rows];
        MatMul.AddProductTransposed(a, wT, stale, m);
        w.Value.Clear();                                                  // W changes (as after an optimizer step)
        var packed = new float[m * rows];
        MatMul.AddProductTransposed(a, wT, packed, m);
        Assert.Equal(stale, packed);                                      // still the copy taken by Pack
        wT.Release();
        var live = new float[m * rows];
        MatMul.AddProductTransposed(a, wT, live, m);
        Assert.All(live, v => Assert.Equal(0f, v));                       // W = 0 now
    }

    [Fact]
    public void A_product_of_the_wrong_kind_is_refused()
    {
        var parameters = new ParameterSet<float>();
        var w = parameters.Add("W", 8, 4);
        var plain = new PackedWeights<float>(w, 8, 4, transposed: false);
        Assert.Throws<ArgumentException>(() => MatMul.AddProductTransposed(new float[4], plain, new float[8], 1));
    }
}
