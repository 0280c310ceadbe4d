using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace RnnLstm.Numerics.Kernels;

/// <summary>
/// A weight matrix W [rows, cols] (row-major, one output unit per row) prepared once for many products with it:
/// <c>a·Wᵀ</c> (<c>transposed</c>, as in a forward pass) or <c>a·W</c> (as in a backward pass). A recurrent layer
/// multiplies by the same V at every time step, and the float32 kernel otherwise copies ("packs") V into its panel
/// layout on every one of those products; <see cref="Pack"/> does that once per pass.
/// </summary>
/// <remarks>
/// Between <see cref="Pack"/> and <see cref="Release"/> the products read the packed copy, so W must not change in
/// between; before <see cref="Pack"/> and after <see cref="Release"/> (and for every T other than float, or without
/// AVX-512) they read the live matrix through <see cref="MatMul"/>. Either way the results are bit for bit those of
/// <see cref="MatMul"/>: the packed product runs the same blocks, kernel and order of additions. The pack buffer is
/// allocated on the first <see cref="Pack"/> and reused.
/// </remarks>
public sealed unsafe class PackedWeights<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Parameter<T> _w;
    private float[]? _packed;                   // pinned; the panels start at the first 64-byte boundary
    private readonly PackSource _source = new();   // the values in the panels

    /// <summary>Prepares products with <paramref name="weights"/> [<paramref name="rows"/>, <paramref name="cols"/>] (Wᵀ if <paramref name="transposed"/>).</summary>
    public PackedWeights(Parameter<T> weights, int rows, int cols, bool transposed)
    {
        _w = weights ?? throw new ArgumentNullException(nameof(weights));
        if (weights.Length != rows * cols) throw new ArgumentException($"The weights have {weights.Length} values, not {rows} × {cols}.", nameof(weights));
        (Rows, Cols, Transposed) = (rows, cols, transposed);
    }

    /// <summary>Rows of W.</summary>
    public int Rows { get; }
    /// <summary>Columns of W.</summary>
    public int Cols { get; }
    /// <summary>True for products <c>a·Wᵀ</c>, false for <c>a·W</c>.</summary>
    public bool Transposed { get; }
    /// <summary>Whether the products read a packed copy (taken by <see cref="Pack"/>) rather than the live matrix.</summary>
    public bool IsPacked { get; private set; }

    /// <summary>n of the products: columns of the result.</summary>
    public int N => Transposed ? Rows : Cols;
    /// <summary>k of the products: columns of the left operand.</summary>
    public int K => Transposed ? Cols : Rows;

    /// <summary>
    /// Copies W's current values into the kernel's panel layout (float32 with AVX-512; otherwise nothing to do and
    /// products read W itself), unless the panels already hold them (<see cref="PackSource"/>). Products with the
    /// packed copy split over <see cref="KernelThreads.Count"/> threads like any other, each thread reading the panels
    /// of its columns from the one copy.
    /// </summary>
    public void Pack()
    {
        if (typeof(T) != typeof(float) || !PackedGemm.IsSupported) return;
        IsPacked = true;
        if (!_source.Changed(MemoryMarshal.Cast<T, float>(_w.Value))) return;   // the panels already hold these values
        _packed ??= GC.AllocateArray<float>(PackedGemm.PackedSize(N, K) + 16, pinned: true);
        fixed (T* w = _w.Value)
        {
            if (Transposed) PackedGemm.PackWhole(N, K, (float*)w, 1, Cols, Panels);   // B = Wᵀ: B(p, j) = W[j, p]
            else PackedGemm.PackWhole(N, K, (float*)w, Cols, 1, Panels);             // B = W
        }
    }

    /// <summary>Drops the packed copy (the buffer is kept): the products read the live matrix again.</summary>
    public void Release() => IsPacked = false;

    /// <summary><c>c[m, N] += a[m, K] · (Wᵀ or W)</c>.</summary>
    internal void AddProductTo(ReadOnlySpan<T> a, Span<T> c, int m)
    {
        int n = N, k = K;
        if (IsPacked && PackedGemm.WorthPacking(m, n, k))
        {
            fixed (T* pa = a) fixed (T* pc = c) PackedGemm.MultiplyPacked(m, n, k, (float*)pa, k, 1, Panels, (float*)pc, n);
        }
        else if (Transposed) MatMul.AddProductTransposed<T>(a, _w.Value, c, m, n, k);
        else MatMul.AddProduct<T>(a, _w.Value, c, m, n, k);
    }

    private float* Panels => (float*)(((nint)Unsafe.AsPointer(ref _packed![0]) + 63) & ~(nint)63);
}
