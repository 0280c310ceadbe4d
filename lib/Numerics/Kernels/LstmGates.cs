using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace RnnLstm.Numerics.Kernels;

/// <summary>
/// The element-wise part of the standard LSTM cell's backward step in float32 with AVX-512, 16 units at a time.
/// It computes exactly the formulas of <c>LstmCell.Backward</c> (standard variant: gate blocks i, f, g, o; no
/// peepholes), which loops over scalars of a generic T:
/// <code>
///   da_o = dh ⊙ tanh(c_t) ⊙ o (1 - o)
///   dc_t = dc + dh ⊙ o ⊙ (1 - tanh²(c_t))
///   da_i = dc_t ⊙ g ⊙ i (1 - i);   da_f = dc_t ⊙ c_{t-1} ⊙ f (1 - f);   da_g = dc_t ⊙ i ⊙ (1 - g²)
///   dc_{t-1} += dc_t ⊙ f
/// </code>
/// </summary>
internal static unsafe class LstmGates
{
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
            Backward((float*)pdh, (float*)pdc, (float*)pcp, (float*)pg, (float*)ptc, (float*)pdz, (float*)pdcp, batch, hidden);
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Backward(float* dh, float* dc, float* cPrev, float* gates, float* tanhC, float* dzx, float* dcPrev, int batch, int H)
    {
        var one = Vector512<float>.One;
        int vecH = H & ~15;
        for (int b = 0; b < batch; b++)
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
