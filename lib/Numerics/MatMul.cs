using System.Numerics;
using System.Numerics.Tensors;
using RnnLstm.Numerics.Kernels;

namespace RnnLstm.Numerics;

/// <summary>
/// The three matrix products a recurrent net needs, all row-major and all accumulating into the destination.
/// </summary>
/// <remarks>
/// Forward passes need <c>C += A·Bᵀ</c> (inputs times a weight matrix stored one output unit per row, as PyTorch
/// stores it). Backward passes need <c>C += A·B</c> (gradient w.r.t. the inputs) and <c>C += Aᵀ·B</c> (gradient
/// w.r.t. the weights). Every cell and layer calls these and nothing else for its matrix work, so speeding them up
/// speeds up everything. Inner loops are <see cref="TensorPrimitives"/> dot products and axpy updates (SIMD).
/// Accumulating (rather than assigning) is deliberate: gradients from several time steps and several paths add up.
/// </remarks>
public static class MatMul
{
    /// <summary><c>c[m,n] += a[m,k] · b[n,k]ᵀ</c>.</summary>
    /// <param name="a">Left matrix, <paramref name="m"/> × <paramref name="k"/>.</param>
    /// <param name="b">Right matrix stored transposed, <paramref name="n"/> × <paramref name="k"/>.</param>
    /// <param name="c">Destination, <paramref name="m"/> × <paramref name="n"/>.</param>
    public static void AddProductTransposed<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> c, int m, int n, int k)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckShapes(a.Length, m * k, b.Length, n * k, c.Length, m * n);
        if (FloatMatMul.TryAddProductTransposed(a, b, c, m, n, k)) return;          // packed AVX-512 kernel (float32, large)
        for (int i = 0; i < m; i++)
        {
            var aRow = a.Slice(i * k, k);
            var cRow = c.Slice(i * n, n);
            for (int j = 0; j < n; j++)
                cRow[j] += TensorPrimitives.Dot(aRow, b.Slice(j * k, k));
        }
    }

    /// <summary><c>c[m,n] += a[m,k] · Wᵀ</c> with W [n, k] prepared once for many such products (same results as the overload above).</summary>
    public static void AddProductTransposed<T>(ReadOnlySpan<T> a, PackedWeights<T> w, Span<T> c, int m)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!w.Transposed) throw new ArgumentException("These weights are packed for products a·W, not a·Wᵀ.", nameof(w));
        CheckShapes(a.Length, m * w.K, w.N * w.K, w.N * w.K, c.Length, m * w.N);
        w.AddProductTo(a, c, m);
    }

    /// <summary><c>c[m,n] += a[m,k] · W</c> with W [k, n] prepared once for many such products (same results as the overload below).</summary>
    public static void AddProduct<T>(ReadOnlySpan<T> a, PackedWeights<T> w, Span<T> c, int m)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (w.Transposed) throw new ArgumentException("These weights are packed for products a·Wᵀ, not a·W.", nameof(w));
        CheckShapes(a.Length, m * w.K, w.N * w.K, w.N * w.K, c.Length, m * w.N);
        w.AddProductTo(a, c, m);
    }

    /// <summary><c>c[m,n] += a[m,k] · b[k,n]</c>.</summary>
    /// <param name="a">Left matrix, <paramref name="m"/> × <paramref name="k"/>.</param>
    /// <param name="b">Right matrix, <paramref name="k"/> × <paramref name="n"/>.</param>
    /// <param name="c">Destination, <paramref name="m"/> × <paramref name="n"/>.</param>
    public static void AddProduct<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> c, int m, int n, int k)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckShapes(a.Length, m * k, b.Length, k * n, c.Length, m * n);
        if (FloatMatMul.TryAddProduct(a, b, c, m, n, k)) return;                    // packed AVX-512 kernel (float32, large)
        for (int i = 0; i < m; i++)
        {
            var cRow = c.Slice(i * n, n);
            for (int p = 0; p < k; p++)
            {
                T aip = a[i * k + p];
                if (aip != T.Zero) TensorPrimitives.MultiplyAdd(b.Slice(p * n, n), aip, cRow, cRow);
            }
        }
    }

    /// <summary><c>c[m,n] += a[k,m]ᵀ · b[k,n]</c>: the weight gradient, summed over the <paramref name="k"/> rows (samples).</summary>
    /// <param name="a">Left matrix stored transposed, <paramref name="k"/> × <paramref name="m"/> (e.g. dL/dz per sample).</param>
    /// <param name="b">Right matrix, <paramref name="k"/> × <paramref name="n"/> (e.g. the inputs per sample).</param>
    /// <param name="c">Destination, <paramref name="m"/> × <paramref name="n"/>.</param>
    public static void AddTransposedProduct<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> c, int m, int n, int k)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckShapes(a.Length, k * m, b.Length, k * n, c.Length, m * n);
        if (FloatMatMul.TryAddTransposedProduct(a, b, c, m, n, k)) return;          // packed AVX-512 kernel (float32, large)
        for (int p = 0; p < k; p++)
        {
            var bRow = b.Slice(p * n, n);
            for (int i = 0; i < m; i++)
            {
                T api = a[p * m + i];
                if (api != T.Zero) TensorPrimitives.MultiplyAdd(bRow, api, c.Slice(i * n, n), c.Slice(i * n, n));
            }
        }
    }

    /// <summary><c>sums[n] += Σ_rows a[rows, n]</c>: the bias gradient.</summary>
    public static void AddColumnSums<T>(ReadOnlySpan<T> a, Span<T> sums, int rows, int n)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckShapes(a.Length, rows * n, sums.Length, n, sums.Length, n);
        for (int r = 0; r < rows; r++)
            TensorPrimitives.Add(sums, a.Slice(r * n, n), sums);
    }

    /// <summary>Copies <paramref name="row"/> into each of the <paramref name="rows"/> rows of <paramref name="destination"/>.</summary>
    public static void BroadcastRows<T>(ReadOnlySpan<T> row, Span<T> destination, int rows)
    {
        for (int r = 0; r < rows; r++) row.CopyTo(destination.Slice(r * row.Length, row.Length));
    }

    private static void CheckShapes(int aLength, int aNeeded, int bLength, int bNeeded, int cLength, int cNeeded)
    {
        if (aLength < aNeeded) throw new ArgumentException($"Left matrix has {aLength} elements, needs {aNeeded}.", "a");
        if (bLength < bNeeded) throw new ArgumentException($"Right matrix has {bLength} elements, needs {bNeeded}.", "b");
        if (cLength < cNeeded) throw new ArgumentException($"Destination has {cLength} elements, needs {cNeeded}.", "c");
    }
}
