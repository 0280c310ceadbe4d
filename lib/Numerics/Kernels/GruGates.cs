using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace RnnLstm.Numerics.Kernels;

/// <summary>
/// The element-wise part of the GRU cell's forward step in float32 with AVX-512, 16 units at a time in one pass (the
/// generic code makes one TensorPrimitives pass per operation and row). It computes the formulas of
/// <c>GruCell.Forward</c>:
/// <code>
/// r = σ(V_r h_{t-1} + zx_r);  z = σ(V_z h_{t-1} + zx_z);  n = tanh(zx_n + r ⊙ hn);  h_t = n + z ⊙ (h_{t-1} - n)
/// </code>
/// with zx = U x_t + b and hn = V_n h_{t-1} + b_hn. σ and tanh come from <see cref="Activations"/> (within 4e-7
/// relative of the exact values; the last H mod 16 units of a row use MathF.Exp and MathF.Tanh), so float32 results
/// differ from the generic path in the last bits. Rows are shared between the kernel threads like the LSTM's
/// (<see cref="RowWork"/>).
/// </summary>
internal static unsafe class GruGates
{
    /// <summary>Runs the forward step's gate maths if T is float and the machine has AVX-512; returns false (doing nothing) otherwise.</summary>
    /// <param name="rzhn">In: V_r h, V_z h, V_n h + b_hn, [B, 3H]; out: r, z, hn (hn unchanged).</param>
    /// <param name="zx">U x_t + b, [B, 3H] (blocks r, z, n).</param>
    /// <param name="hPrev">h_{t-1}, [B, H].</param>
    /// <param name="n">Output n_t, [B, H].</param>
    /// <param name="h">Output h_t, [B, H].</param>
    public static bool TryForward<T>(Span<T> rzhn, ReadOnlySpan<T> zx, ReadOnlySpan<T> hPrev, Span<T> n, Span<T> h, int batch, int hidden)
        where T : unmanaged
    {
        if (typeof(T) != typeof(float) || !Vector512.IsHardwareAccelerated) return false;
        int bh = batch * hidden;
        if (rzhn.Length < 3 * bh || zx.Length < 3 * bh || hPrev.Length < bh || n.Length < bh || h.Length < bh)
            throw new ArgumentException("A buffer is smaller than [B, H] / [B, 3H].");
        fixed (T* pg = rzhn) fixed (T* px = zx) fixed (T* php = hPrev) fixed (T* pn = n) fixed (T* ph = h)
        {
            var rows = Rows.ForCurrentThread();
            rows.Gates = (float*)pg; rows.Zx = (float*)px; rows.HPrev = (float*)php; rows.N = (float*)pn; rows.H = (float*)ph;
            rows.Hidden = hidden;
            rows.Run(batch, hidden);
        }
        return true;
    }

    /// <summary>The forward gate maths of rows <paramref name="first"/>..<paramref name="last"/> of the batch.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Forward(float* gates, float* zx, float* hPrev, float* n, float* h, int first, int last, int H)
    {
        int vecH = H & ~15;
        for (int b = first; b < last; b++)
        {
            float* r = gates + (long)b * 3 * H, z = r + H, hn = r + 2 * H;
            float* xr = zx + (long)b * 3 * H, xz = xr + H, xn = xr + 2 * H;
            long o = (long)b * H;
            int j = 0;
            for (; j < vecH; j += 16)
            {
                var vr = Activations.Sigmoid(Vector512.Load(r + j) + Vector512.Load(xr + j));
                var vz = Activations.Sigmoid(Vector512.Load(z + j) + Vector512.Load(xz + j));
                var vn = Activations.Tanh(Vector512.FusedMultiplyAdd(vr, Vector512.Load(hn + j), Vector512.Load(xn + j)));
                Vector512.Store(vr, r + j);
                Vector512.Store(vz, z + j);
                Vector512.Store(vn, n + o + j);
                Vector512.Store(vn + vz * (Vector512.Load(hPrev + o + j) - vn), h + o + j);   // (1 - z) n + z h_{t-1}
            }
            for (; j < H; j++)
            {
                float vr = 1 / (1 + MathF.Exp(-(r[j] + xr[j]))), vz = 1 / (1 + MathF.Exp(-(z[j] + xz[j])));
                float vn = MathF.Tanh(MathF.FusedMultiplyAdd(vr, hn[j], xn[j]));
                r[j] = vr; z[j] = vz; n[o + j] = vn;
                h[o + j] = vn + vz * (hPrev[o + j] - vn);
            }
        }
    }

    /// <summary>One step's gate maths, shared out by rows. One per calling thread, reused.</summary>
    private sealed class Rows : RowWork
    {
        [ThreadStatic] private static Rows? _current;
        public float* Gates, Zx, HPrev, N, H;
        public int Hidden;

        public static Rows ForCurrentThread() => _current ??= new Rows();

        public void Run(int batch, int hidden) => RunAll(batch, hidden);

        protected override void RunRows(int first, int last) => Forward(Gates, Zx, HPrev, N, H, first, last, Hidden);
    }
}
