using System.Numerics;
using System.Numerics.Tensors;
using RnnLstm.Numerics;
using RnnLstm.Numerics.Kernels;

namespace RnnLstm.Cells;

/// <summary>
/// Gated recurrent unit (Cho et al., 2014), in PyTorch's formulation.
/// </summary>
/// <remarks>
/// <code>
/// forward (gate blocks of U, V, b in the order r, z, n):
///   r_t  = σ(U_r x_t + b_r + V_r h_{t-1})                reset gate
///   z_t  = σ(U_z x_t + b_z + V_z h_{t-1})                update gate
///   hn_t = V_n h_{t-1} + b_hn                            recurrent part of the candidate (bHn [H])
///   n_t  = tanh(U_n x_t + b_n + r_t ⊙ hn_t)              candidate
///   h_t  = (1 - z_t) ⊙ n_t + z_t ⊙ h_{t-1}
/// backward:
///   dn_t = dh_t ⊙ (1 - z_t)         da_n = dn_t ⊙ (1 - n_t²)
///   dz_t = dh_t ⊙ (h_{t-1} - n_t)   da_z = dz_t ⊙ z_t (1 - z_t)
///   dr_t = da_n ⊙ hn_t              da_r = dr_t ⊙ r_t (1 - r_t)
///   dhn_t = da_n ⊙ r_t              dbHn += dhn_t
///   dzx = [da_r, da_z, da_n];  dvh = [da_r, da_z, dhn_t]   (what reached U x and what reached V h)
///   dV += dvhᵀ h_{t-1};  dh_{t-1} += dh_t ⊙ z_t + dvh V
/// </code>
/// The bias of the candidate is split in two (b_n outside, b_hn inside r_t ⊙ (...)), as in PyTorch and cuDNN, so
/// weights can be exchanged with them. Cached per step: r, z, hn [B, 3H], then n [B, H].
/// </remarks>
public sealed class GruCell<T> : IRecurrentCell<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private T[] _dvh = []; // [B, 3H] scratch for the gradient that reaches V h_{t-1}

    /// <summary>Creates the cell and registers <c>{prefix}.U</c> [3H, I], <c>.V</c> [3H, H], <c>.b</c> [3H] and <c>.bHn</c> [H].</summary>
    public GruCell(int inputSize, int hiddenSize, ParameterSet<T> parameters, string prefix)
    {
        Cell.CheckSizes(inputSize, hiddenSize);
        ArgumentNullException.ThrowIfNull(parameters);
        InputSize = inputSize;
        HiddenSize = hiddenSize;
        InputWeights = parameters.Add($"{prefix}.U", 3 * hiddenSize, inputSize);
        RecurrentWeights = parameters.Add($"{prefix}.V", 3 * hiddenSize, hiddenSize);
        Bias = parameters.Add($"{prefix}.b", 3 * hiddenSize);
        CandidateRecurrentBias = parameters.Add($"{prefix}.bHn", hiddenSize);
        Parameters = Cell.List(InputWeights, RecurrentWeights, Bias, CandidateRecurrentBias);

        _vT = new PackedWeights<T>(RecurrentWeights, 3 * hiddenSize, hiddenSize, transposed: true);
        _v = new PackedWeights<T>(RecurrentWeights, 3 * hiddenSize, hiddenSize, transposed: false);
    }

    private readonly PackedWeights<T> _vT, _v; // V for h_{t-1} Vᵀ (forward) and dh_{t-1} += ·V (backward), packed once per pass

    /// <inheritdoc/>
    public void BeginSteps(bool backward) => (backward ? _v : _vT).Pack();

    /// <inheritdoc/>
    public void EndSteps() { _vT.Release(); _v.Release(); }

    /// <inheritdoc/>
    public CellKind Kind => CellKind.Gru;
    /// <inheritdoc/>
    public int InputSize { get; }
    /// <inheritdoc/>
    public int HiddenSize { get; }
    /// <inheritdoc/>
    public int GateCount => 3;
    /// <inheritdoc/>
    public bool HasCellState => false;
    /// <inheritdoc/>
    public int CacheWidth => 4 * HiddenSize;
    /// <inheritdoc/>
    public Parameter<T> InputWeights { get; }
    /// <inheritdoc/>
    public Parameter<T>? Bias { get; }
    /// <inheritdoc/>
    public Parameter<T> RecurrentWeights { get; }
    /// <inheritdoc/>
    public IReadOnlyList<Parameter<T>> Parameters { get; }
    /// <summary>b_hn [H]: the bias inside the reset gate's product.</summary>
    public Parameter<T> CandidateRecurrentBias { get; }

    /// <inheritdoc/>
    public void Initialize(Rng rng) => Cell.UniformByHidden(this, rng);

    /// <inheritdoc/>
    public void Forward(ReadOnlySpan<T> zx, ReadOnlySpan<T> hPrev, ReadOnlySpan<T> cPrev, Span<T> h, Span<T> c, Span<T> cache, int batch)
    {
        int H = HiddenSize, GH = 3 * H;
        var rzhn = cache.Slice(0, batch * GH);                 // [B, 3H]: r_t, z_t, hn_t
        var nAll = cache.Slice(batch * GH, batch * H);         // [B, H]:  n_t
        for (int b = 0; b < batch; b++)                        // start from 0, 0, b_hn ...
        {
            var row = rzhn.Slice(b * GH, GH);
            row.Slice(0, 2 * H).Clear();
            CandidateRecurrentBias.Value.CopyTo(row.Slice(2 * H, H));
        }
        MatMul.AddProductTransposed(hPrev, _vT, rzhn, batch);                         // ... + V h_{t-1}
        if (GruGates.TryForward(rzhn, zx, hPrev, nAll, h, batch, H)) return;          // float32: vectorized kernel, same formulas
        for (int b = 0; b < batch; b++)
        {
            var row = rzhn.Slice(b * GH, GH);
            var x = zx.Slice(b * GH, GH);
            Span<T> r = row.Slice(0, H), z = row.Slice(H, H), hn = row.Slice(2 * H, H);
            var n = nAll.Slice(b * H, H);
            TensorPrimitives.Add(r, x.Slice(0, H), r);
            TensorPrimitives.Sigmoid(r, r);                                        // r_t
            TensorPrimitives.Add(z, x.Slice(H, H), z);
            TensorPrimitives.Sigmoid(z, z);                                        // z_t
            TensorPrimitives.MultiplyAdd(r, hn, x.Slice(2 * H, H), n);
            TensorPrimitives.Tanh(n, n);                                           // n_t
            var hp = hPrev.Slice(b * H, H);
            var ht = h.Slice(b * H, H);
            for (int j = 0; j < H; j++) ht[j] = n[j] + z[j] * (hp[j] - n[j]);     // (1 - z) n + z h_{t-1}
        }
    }

    /// <inheritdoc/>
    public void Backward(ReadOnlySpan<T> dh, ReadOnlySpan<T> dc, ReadOnlySpan<T> hPrev, ReadOnlySpan<T> cPrev,
        ReadOnlySpan<T> h, ReadOnlySpan<T> c, ReadOnlySpan<T> cache, Span<T> dzx, Span<T> dhPrev, Span<T> dcPrev, int batch)
    {
        int H = HiddenSize, GH = 3 * H;
        Buffers.Grow(ref _dvh, batch * GH);
        var dvh = _dvh.AsSpan(0, batch * GH);
        var dbHn = CandidateRecurrentBias.Grad;
        for (int b = 0; b < batch; b++)
        {
            var row = cache.Slice(b * GH, GH);
            ReadOnlySpan<T> r = row.Slice(0, H), z = row.Slice(H, H), hn = row.Slice(2 * H, H);
            var n = cache.Slice(batch * GH + b * H, H);
            int o = b * H, g = b * GH;
            for (int j = 0; j < H; j++)
            {
                T dhj = dh[o + j];
                T daN = dhj * (T.One - z[j]) * (T.One - n[j] * n[j]);
                T daZ = dhj * (hPrev[o + j] - n[j]) * z[j] * (T.One - z[j]);
                T dhn = daN * r[j];
                T daR = daN * hn[j] * r[j] * (T.One - r[j]);
                dhPrev[o + j] += dhj * z[j];                                       // the direct path z ⊙ h_{t-1}
                dzx[g + j] = daR; dzx[g + H + j] = daZ; dzx[g + 2 * H + j] = daN;
                dvh[g + j] = daR; dvh[g + H + j] = daZ; dvh[g + 2 * H + j] = dhn;
                dbHn[j] += dhn;
            }
        }
        MatMul.AddTransposedProduct(dvh, hPrev, RecurrentWeights.Grad, GH, H, batch); // dV += dvhᵀ h_{t-1}
        MatMul.AddProduct(dvh, _v, dhPrev, batch);                                    // dh_{t-1} += dvh V
    }
}
