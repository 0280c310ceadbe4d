using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace RnnLstm.Numerics.Kernels;

/// <summary>
/// float32 products too small to repay <see cref="PackedGemm"/>'s packing (a batch of one, a handful of hidden units):
/// plain AVX-512 loops with no per-row library calls, where the generic loops in <see cref="MatMul"/> spend most of
/// their time entering and leaving <c>TensorPrimitives</c> on 4- to 64-element spans.
/// </summary>
/// <remarks>
/// Two shapes of loop cover the three layouts:
/// <list type="bullet">
/// <item>B with contiguous rows (C += A·B and C += Aᵀ·B): each row of C is walked in chunks of up to 64 columns
/// held in four zmm registers while p runs over k (<c>c[i, j..j+64] += a(i,p) · b[p, j..j+64]</c>), so C is read and
/// written once per chunk.</item>
/// <item>B stored transposed (C += A·Bᵀ): every c[i,j] is a dot product of two contiguous rows of length k.</item>
/// </list>
/// Summation order differs from the generic loops only by float rounding.
/// </remarks>
internal static unsafe class SmallGemm
{
    public static bool IsSupported => Vector512.IsHardwareAccelerated;

    /// <summary>c[i,j] += Σ_p a(i,p)·b[p·ldb + j], with a(i,p) = a[i·ars + p·acs] and c row-major (ldc).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void RowsTimesRows(int m, int n, int k, float* a, int ars, int acs, float* b, int ldb, float* c, int ldc)
    {
        for (int i = 0; i < m; i++)
        {
            float* ai = a + (long)i * ars;
            float* ci = c + (long)i * ldc;
            int j = 0;
            for (; j + 64 <= n; j += 64)
            {
                float* cj = ci + j;
                Vector512<float> c0 = Vector512.Load(cj), c1 = Vector512.Load(cj + 16), c2 = Vector512.Load(cj + 32), c3 = Vector512.Load(cj + 48);
                float* bp = b + j;
                for (int p = 0; p < k; p++, bp += ldb)
                {
                    var x = Vector512.Create(ai[(long)p * acs]);
                    c0 = Vector512.FusedMultiplyAdd(x, Vector512.Load(bp), c0);
                    c1 = Vector512.FusedMultiplyAdd(x, Vector512.Load(bp + 16), c1);
                    c2 = Vector512.FusedMultiplyAdd(x, Vector512.Load(bp + 32), c2);
                    c3 = Vector512.FusedMultiplyAdd(x, Vector512.Load(bp + 48), c3);
                }
                Vector512.Store(c0, cj); Vector512.Store(c1, cj + 16); Vector512.Store(c2, cj + 32); Vector512.Store(c3, cj + 48);
            }
            for (; j + 16 <= n; j += 16)
            {
                float* cj = ci + j;
                var acc = Vector512.Load(cj);
                float* bp = b + j;
                for (int p = 0; p < k; p++, bp += ldb) acc = Vector512.FusedMultiplyAdd(Vector512.Create(ai[(long)p * acs]), Vector512.Load(bp), acc);
                Vector512.Store(acc, cj);
            }
            for (; j < n; j++)
            {
                float s = ci[j];
                for (int p = 0; p < k; p++) s = MathF.FusedMultiplyAdd(ai[(long)p * acs], b[(long)p * ldb + j], s);
                ci[j] = s;
            }
        }
    }

    /// <summary>c[i,j] += Σ_p a[i·lda + p]·b[j·ldb + p] (dot products of contiguous rows), c row-major (ldc).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void RowDots(int m, int n, int k, float* a, int lda, float* b, int ldb, float* c, int ldc)
    {
        int vk = k & ~15;
        for (int i = 0; i < m; i++)
        {
            float* ai = a + (long)i * lda;
            float* ci = c + (long)i * ldc;
            for (int j = 0; j < n; j++)
            {
                float* bj = b + (long)j * ldb;
                float s;
                if (vk > 0)
                {
                    var acc = Vector512.Load(ai) * Vector512.Load(bj);
                    for (int p = 16; p < vk; p += 16) acc = Vector512.FusedMultiplyAdd(Vector512.Load(ai + p), Vector512.Load(bj + p), acc);
                    s = Vector512.Sum(acc);
                }
                else s = 0;
                for (int p = vk; p < k; p++) s = MathF.FusedMultiplyAdd(ai[p], bj[p], s);
                ci[j] += s;
            }
        }
    }
}
