namespace RnnLstm.Numerics.Kernels;

/// <summary>
/// The entry from <see cref="MatMul"/>'s generic products to the float32 kernels: when T is float and the machine
/// has AVX-512, it runs <see cref="PackedGemm"/> (large products) or <see cref="SmallGemm"/> (small ones) and returns
/// true; otherwise it returns false and the caller runs its own generic loops. Each method maps its layout onto
/// (row stride, column stride) pairs.
/// </summary>
internal static unsafe class FloatMatMul
{
    /// <summary><c>c[m,n] += a[m,k] · b[n,k]ᵀ</c>.</summary>
    public static bool TryAddProductTransposed<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> c, int m, int n, int k)
        where T : unmanaged
    {
        if (typeof(T) != typeof(float) || !SmallGemm.IsSupported || m == 0 || n == 0 || k == 0) return false;
        fixed (T* pa = a) fixed (T* pb = b) fixed (T* pc = c)
        {
            if (PackedGemm.WorthPacking(m, n, k)) PackedGemm.Multiply(m, n, k, (float*)pa, k, 1, (float*)pb, 1, k, (float*)pc, n);
            else SmallGemm.RowDots(m, n, k, (float*)pa, k, (float*)pb, k, (float*)pc, n);
        }
        return true;
    }

    /// <summary><c>c[m,n] += a[m,k] · b[k,n]</c>.</summary>
    public static bool TryAddProduct<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> c, int m, int n, int k)
        where T : unmanaged
    {
        if (typeof(T) != typeof(float) || !SmallGemm.IsSupported || m == 0 || n == 0 || k == 0) return false;
        fixed (T* pa = a) fixed (T* pb = b) fixed (T* pc = c)
        {
            if (PackedGemm.WorthPacking(m, n, k)) PackedGemm.Multiply(m, n, k, (float*)pa, k, 1, (float*)pb, n, 1, (float*)pc, n);
            else SmallGemm.RowsTimesRows(m, n, k, (float*)pa, k, 1, (float*)pb, n, (float*)pc, n);
        }
        return true;
    }

    /// <summary><c>c[m,n] += a[k,m]ᵀ · b[k,n]</c>.</summary>
    public static bool TryAddTransposedProduct<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> c, int m, int n, int k)
        where T : unmanaged
    {
        if (typeof(T) != typeof(float) || !SmallGemm.IsSupported || m == 0 || n == 0 || k == 0) return false;
        fixed (T* pa = a) fixed (T* pb = b) fixed (T* pc = c)
        {
            if (PackedGemm.WorthPacking(m, n, k)) PackedGemm.Multiply(m, n, k, (float*)pa, 1, m, (float*)pb, n, 1, (float*)pc, n);
            else SmallGemm.RowsTimesRows(m, n, k, (float*)pa, 1, m, (float*)pb, n, (float*)pc, n);
        }
        return true;
    }
}
