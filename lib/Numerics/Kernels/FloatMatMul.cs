namespace RnnLstm.Numerics.Kernels;

/// <summary>
/// The entry from <see cref="MatMul"/>'s generic products to <see cref="PackedGemm"/>: when T is float, the machine
/// has AVX-512 and the product is large enough, it runs the packed kernel and returns true; otherwise it returns
/// false and the caller runs its own loops. Each method maps its layout onto (row stride, column stride) pairs.
/// </summary>
internal static unsafe class FloatMatMul
{
    /// <summary><c>c[m,n] += a[m,k] · b[n,k]ᵀ</c>.</summary>
    public static bool TryAddProductTransposed<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> c, int m, int n, int k)
        where T : unmanaged
    {
        if (typeof(T) != typeof(float) || !PackedGemm.WorthPacking(m, n, k)) return false;
        fixed (T* pa = a) fixed (T* pb = b) fixed (T* pc = c)
            PackedGemm.Multiply(m, n, k, (float*)pa, k, 1, (float*)pb, 1, k, (float*)pc, n);
        return true;
    }

    /// <summary><c>c[m,n] += a[m,k] · b[k,n]</c>.</summary>
    public static bool TryAddProduct<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> c, int m, int n, int k)
        where T : unmanaged
    {
        if (typeof(T) != typeof(float) || !PackedGemm.WorthPacking(m, n, k)) return false;
        fixed (T* pa = a) fixed (T* pb = b) fixed (T* pc = c)
            PackedGemm.Multiply(m, n, k, (float*)pa, k, 1, (float*)pb, n, 1, (float*)pc, n);
        return true;
    }

    /// <summary><c>c[m,n] += a[k,m]ᵀ · b[k,n]</c>.</summary>
    public static bool TryAddTransposedProduct<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> c, int m, int n, int k)
        where T : unmanaged
    {
        if (typeof(T) != typeof(float) || !PackedGemm.WorthPacking(m, n, k)) return false;
        fixed (T* pa = a) fixed (T* pb = b) fixed (T* pc = c)
            PackedGemm.Multiply(m, n, k, (float*)pa, 1, m, (float*)pb, n, 1, (float*)pc, n);
        return true;
    }
}
