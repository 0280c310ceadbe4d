using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace RnnLstm.Numerics.Kernels;

/// <summary>
/// The element-wise part of the standard LSTM cell's step in float32 with AVX-512, 16 units at a time, in one pass
/// over the gates where the generic code makes one pass per operation. It computes the formulas of
/// <c>LstmCell.Forward</c> and <c>LstmCell.Backward</c> (standard variant: gate blocks i, f, g, o; no peepholes):
/// <code>
/// forward:  i, f, o = σ(a_i, a_f, a_o);  g = tanh(a_g);  c_t = f ⊙ c_{t-1} + i ⊙ g;  h_t = o ⊙ tanh(c_t)
/// backward:
///   da_o = dh ⊙ tanh(c_t) ⊙ o (1 - o)
///   dc_t = dc + dh ⊙ o ⊙ (1 - tanh²(c_t))
///   da_i = dc_t ⊙ g ⊙ i (1 - i);   da_f = dc_t ⊙ c_{t-1} ⊙ f (1 - f);   da_g = dc_t ⊙ i ⊙ (1 - g²)
///   dc_{t-1} += dc_t ⊙ f
/// </code>
/// σ and tanh come from <see cref="Activations"/> (within 4e-7 relative of the exact values; the generic path uses
/// TensorPrimitives, so float32 results differ from it in the last bits). Rows are independent: with several kernel
/// threads a large step's rows are shared between them.
/// </summary>
internal static unsafe class LstmGates
{
    /// <summary>
    /// Runs the forward step's gate maths if T is float and the machine has AVX-512; returns false (doing nothing) otherwise.
    /// </summary>
    /// <param name="gates">In: the pre-activations a = U x_t + b + V h_{t-1}, [B, 4H]; out: i, f, g, o.</param>
    /// <param name="cPrev">c_{t-1}, [B, H].</param>
    /// <param name="c">Output c_t, [B, H].</param>
    /// <param name="tanhC">Output tanh(c_t), [B, H].</param>
    /// <param name="h">Output h_t, [B, H].</param>
    public static bool TryForwardStandard<T>(Span<T> gates, ReadOnlySpan<T> cPrev, Span<T> c, Span<T> tanhC, Span<T> h, int batch, int hidden)
        where T : unmanaged
    {
        if (typeof(T) != typeof(float) || !Vector512.IsHardwareAccelerated) return false;
        int bh = batch * hidden;
        if (gates.Length < 4 * bh || cPrev.Length < bh || c.Length < bh || tanhC.Length < bh || h.Length < bh)
            throw new ArgumentException("A buffer is smaller than [B, H] / [B, 4H].");
        fixed (T* pg = gates) fixed (T* pcp = cPrev) fixed (T* pc = c) fixed (T* ptc = tanhC) fixed (T* ph = h)
        {
            var rows = Rows.ForCurrentThread();
            rows.Backward = false;
            rows.Gates = (float*)pg; rows.CPrev = (float*)pcp; rows.C = (float*)pc; rows.TanhC = (float*)ptc; rows.H = (float*)ph;
            rows.Run(batch, hidden);
        }
        return true;
    }

    /// <summary>The forward gate maths of rows <paramref name="first"/>..<paramref name="last"/> of the batch.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Forward(float* gates, float* cPrev, float* c, float* tanhC, float* h, int first, int last, int H)
    {
        int vecH = H & ~15, tail = H - vecH;
        float* pad = stackalloc float[8 * 16];                                 // the last H mod 16 units, zero-padded
        new Span<float>(pad, 8 * 16).Clear();
        for (int b = first; b < last; b++)
        {
            float* i = gates + (long)b * 4 * H, f = i + H, g = i + 2 * H, o = i + 3 * H;
            long r = (long)b * H;
            for (int j = 0; j < vecH; j += 16)
                Forward16(i + j, f + j, g + j, o + j, cPrev + r + j, c + r + j, tanhC + r + j, h + r + j);
            if (tail == 0) continue;
            Copy(i + vecH, pad, tail); Copy(f + vecH, pad + 16, tail); Copy(g + vecH, pad + 32, tail); Copy(o + vecH, pad + 48, tail);
            Copy(cPrev + r + vecH, pad + 64, tail);
            Forward16(pad, pad + 16, pad + 32, pad + 48, pad + 64, pad + 80, pad + 96, pad + 112);
            Copy(pad, i + vecH, tail); Copy(pad + 16, f + vecH, tail); Copy(pad + 32, g + vecH, tail); Copy(pad + 48, o + vecH, tail);
            Copy(pad + 80, c + r + vecH, tail); Copy(pad + 96, tanhC + r + vecH, tail); Copy(pad + 112, h + r + vecH, tail);
        }
    }

    /// <summary>16 units: i, f, g, o from their pre-activations (in place), then c_t, tanh(c_t) and h_t.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Forward16(float* i, float* f, float* g, float* o, float* cPrev, float* c, float* tanhC, float* h) =>
        Forward16(i, f, g, o, i, f, g, o, cPrev, c, tanhC, h);

    /// <summary>16 units: i, f, g, o from the pre-activations at <paramref name="aI"/>.. into <paramref name="i"/>..,
    /// then c_t, tanh(c_t) and h_t; returns h_t.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Forward16(float* aI, float* aF, float* aG, float* aO, float* i, float* f, float* g, float* o,
        float* cPrev, float* c, float* tanhC, float* h)
    {
        var vi = Activations.Sigmoid(Vector512.Load(aI)); var vf = Activations.Sigmoid(Vector512.Load(aF));
        var vg = Activations.Tanh(Vector512.Load(aG)); var vo = Activations.Sigmoid(Vector512.Load(aO));
        var ct = vf * Vector512.Load(cPrev) + vi * vg;
        var tc = Activations.Tanh(ct);
        Vector512.Store(vi, i); Vector512.Store(vf, f); Vector512.Store(vg, g); Vector512.Store(vo, o);
        Vector512.Store(ct, c);
        Vector512.Store(tc, tanhC);
        var ht = vo * tc;
        Vector512.Store(ht, h);
        return ht;
    }

    /// <summary>
    /// The forward gate maths of groups <paramref name="u0"/>..<paramref name="u1"/> of <see cref="LstmSequence.Group"/>
    /// units, for every row of the batch, from pre-activations in <see cref="LstmSequence"/>'s grouped layout: row b of
    /// <paramref name="a"/> [B, 4H] holds, for each group u, 32 values of a_i, then a_f, a_g, a_o. The activations go to
    /// the standard layout of the step cache (<paramref name="gates"/> [B, 4H], blocks i, f, g, o); h_t goes to
    /// <paramref name="h"/> [B, H] and to <paramref name="hCopy"/> (rows <paramref name="hCopyStride"/> apart).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void ForwardGrouped(float* a, float* gates, float* cPrev, float* c, float* tanhC, float* h, float* hCopy, int hCopyStride,
        int u0, int u1, int batch, int H)
    {
        const int G = LstmSequence.Group;
        for (int b = 0; b < batch; b++)
        {
            float* ab = a + (long)b * 4 * H, gb = gates + (long)b * 4 * H, hc = hCopy + (long)b * hCopyStride;
            long r = (long)b * H;
            for (int u = u0; u < u1; u++)
                for (int j = u * G; j < (u + 1) * G; j += 16)
                {
                    float* src = ab + 4 * u * G + (j - u * G);
                    var ht = Forward16(src, src + G, src + 2 * G, src + 3 * G, gb + j, gb + H + j, gb + 2 * H + j, gb + 3 * H + j,
                        cPrev + r + j, c + r + j, tanhC + r + j, h + r + j);
                    Vector512.Store(ht, hc + j);
                }
        }
    }

    private static void Copy(float* from, float* to, int count) => new ReadOnlySpan<float>(from, count).CopyTo(new Span<float>(to, count));

    /// <summary>
    /// Runs the step if T is float and the machine has AVX-512; returns false (doing nothing) otherwise.
    /// </summary>
    /// <param name="dh">dL/dh_t, [B, H].</param>
    /// <param name="dc">dL/dc_t carried from t+1, [B, H].</param>
    /// <param name="cPrev">c_{t-1}, [B, H].</param>
    /// <param name="gates">The cached activations i, f, g, o, [B, 4H].</param>
    /// <param name="tanhC">The cached tanh(c_t), [B, H].</param>
    /// <param name="dzx">Output dL/d(pre-activations), [B, 4H] (assigned).</param>
    /// <param name="dcPrev">dL/dc_{t-1}, [B, H] (accumulated).</param>
    public static bool TryBackwardStandard<T>(ReadOnlySpan<T> dh, ReadOnlySpan<T> dc, ReadOnlySpan<T> cPrev,
        ReadOnlySpan<T> gates, ReadOnlySpan<T> tanhC, Span<T> dzx, Span<T> dcPrev, int batch, int hidden)
        where T : unmanaged
    {
        if (typeof(T) != typeof(float) || !Vector512.IsHardwareAccelerated) return false;
        int bh = batch * hidden, g4 = batch * 4 * hidden;
        if (dh.Length < bh || dc.Length < bh || cPrev.Length < bh || tanhC.Length < bh || dcPrev.Length < bh
            || gates.Length < g4 || dzx.Length < g4)
            throw new ArgumentException("A buffer is smaller than [B, H] / [B, 4H].");
        fixed (T* pdh = dh) fixed (T* pdc = dc) fixed (T* pcp = cPrev) fixed (T* pg = gates) fixed (T* ptc = tanhC)
        fixed (T* pdz = dzx) fixed (T* pdcp = dcPrev)
        {
            var rows = Rows.ForCurrentThread();
            rows.Backward = true;
            rows.Dh = (float*)pdh; rows.Dc = (float*)pdc; rows.CPrev = (float*)pcp; rows.Gates = (float*)pg;
            rows.TanhC = (float*)ptc; rows.Dzx = (float*)pdz; rows.DcPrev = (float*)pdcp;
            rows.Run(batch, hidden);
        }
        return true;
    }

    /// <summary>One step's gate maths (forward or backward), shared out by rows (see <see cref="RowWork"/>). One per calling thread, reused.</summary>
    private sealed class Rows : RowWork
    {
        [ThreadStatic] private static Rows? _current;
        public bool Backward;
        public float* Gates, CPrev, C, TanhC, H, Dh, Dc, Dzx, DcPrev;
        private int _hidden;

        public static Rows ForCurrentThread() => _current ??= new Rows();

        public void Run(int batch, int hidden)
        {
            _hidden = hidden;
            RunAll(batch, hidden);
        }

        protected override void RunRows(int first, int last)
        {
            if (Backward) LstmGates.Backward(Dh, Dc, CPrev, Gates, TanhC, Dzx, DcPrev, first, last, _hidden);
            else Forward(Gates, CPrev, C, TanhC, H, first, last, _hidden);
        }
    }

    /// <summary>The backward gate maths of rows <paramref name="first"/>..<paramref name="last"/> of the batch.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Backward(float* dh, float* dc, float* cPrev, float* gates, float* tanhC, float* dzx, float* dcPrev, int first, int last, int H)
    {
        var one = Vector512<float>.One;
        int vecH = H & ~15;
        for (int b = first; b < last; b++)
        {
            float* row = gates + (long)b * 4 * H, da = dzx + (long)b * 4 * H;
            float* i = row, f = row + H, g = row + 2 * H, o = row + 3 * H;
            long r = (long)b * H;
            int j = 0;
            for (; j < vecH; j += 16)
            {
                var dhj = Vector512.Load(dh + r + j);
                var tc = Vector512.Load(tanhC + r + j);
                var cp = Vector512.Load(cPrev + r + j);
                var vi = Vector512.Load(i + j); var vf = Vector512.Load(f + j);
                var vg = Vector512.Load(g + j); var vo = Vector512.Load(o + j);
                var daO = dhj * tc * vo * (one - vo);
                var dcT = Vector512.Load(dc + r + j) + dhj * vo * (one - tc * tc);
                Vector512.Store(dcT * vg * vi * (one - vi), da + j);               // da_i
                Vector512.Store(dcT * cp * vf * (one - vf), da + H + j);           // da_f
                Vector512.Store(dcT * vi * (one - vg * vg), da + 2 * H + j);       // da_g
                Vector512.Store(daO, da + 3 * H + j);                              // da_o
                Vector512.Store(Vector512.Load(dcPrev + r + j) + dcT * vf, dcPrev + r + j);
            }
            for (; j < H; j++)
            {
                float dhj = dh[r + j], tc = tanhC[r + j], cp = cPrev[r + j];
                float daO = dhj * tc * o[j] * (1 - o[j]);
                float dcT = dc[r + j] + dhj * o[j] * (1 - tc * tc);
                da[j] = dcT * g[j] * i[j] * (1 - i[j]);
                da[H + j] = dcT * cp * f[j] * (1 - f[j]);
                da[2 * H + j] = dcT * i[j] * (1 - g[j] * g[j]);
                da[3 * H + j] = daO;
                dcPrev[r + j] += dcT * f[j];
            }
        }
    }
}
