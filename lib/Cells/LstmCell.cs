using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using RnnLstm.Numerics;
using RnnLstm.Numerics.Kernels;

namespace RnnLstm.Cells;

/// <summary>Which LSTM: the standard cell or one of the two variants on the lecture's slides.</summary>
public enum LstmVariant
{
    /// <summary>Forget, input and output gates see x_t and h_{t-1}.</summary>
    Standard,
    /// <summary>Gates also see the cell state: i_t and f_t see c_{t-1}, o_t sees c_t (Gers &amp; Schmidhuber, 2000).</summary>
    Peephole,
    /// <summary>No separate forget gate: f_t = 1 - i_t, so the cell forgets exactly as much as it writes.</summary>
    CoupledInputForget,
}

/// <summary>
/// Long short-term memory cell, with the peephole and coupled input-forget variants.
/// </summary>
/// <remarks>
/// <code>
/// forward (gate blocks of U, V, b in PyTorch's order i, f, g, o; the coupled variant has i, g, o):
///   i_t = σ(U_i x_t + V_i h_{t-1} + b_i [+ p_i ⊙ c_{t-1}])     input / write gate
///   f_t = σ(U_f x_t + V_f h_{t-1} + b_f [+ p_f ⊙ c_{t-1}])     forget / keep gate   (coupled: f_t = 1 - i_t)
///   g_t = tanh(U_g x_t + V_g h_{t-1} + b_g)                     candidate value
///   c_t = f_t ⊙ c_{t-1} + i_t ⊙ g_t                             cell state: a linear self-loop of weight f_t
///   o_t = σ(U_o x_t + V_o h_{t-1} + b_o [+ p_o ⊙ c_t])         output / read gate
///   h_t = o_t ⊙ tanh(c_t)
/// backward (in reverse; dc_t arrives from step t+1, dh_t from the output and step t+1):
///   do_t  = dh_t ⊙ tanh(c_t)                  da_o = do_t ⊙ o_t (1 - o_t)
///   dc_t += dh_t ⊙ o_t ⊙ (1 - tanh²(c_t))     [+ da_o ⊙ p_o]
///   di_t  = dc_t ⊙ g_t                        da_i = di_t ⊙ i_t (1 - i_t)
///   df_t  = dc_t ⊙ c_{t-1}                    da_f = df_t ⊙ f_t (1 - f_t)     (coupled: di_t -= dc_t ⊙ c_{t-1})
///   dg_t  = dc_t ⊙ i_t                        da_g = dg_t ⊙ (1 - g_t²)
///   dc_{t-1} += dc_t ⊙ f_t                    [+ da_i ⊙ p_i + da_f ⊙ p_f]
///   dh_{t-1} += da V                          [dp_i += da_i ⊙ c_{t-1}, dp_f += da_f ⊙ c_{t-1}, dp_o += da_o ⊙ c_t]
///   dV += da_tᵀ h_{t-1}, dU += da_tᵀ x_t, db += da_t: added by the layer (da_t is dL/dzx_t)
/// </code>
/// Because c_t = f_t ⊙ c_{t-1} + ..., dc_{t-1} = f_t ⊙ dc_t: while the forget gate stays near 1 the gradient passes
/// back through time undiminished, which is why an LSTM can learn dependencies hundreds of steps long.
/// Cached per step: the gate activations [B, G·H], then tanh(c_t) [B, H].
/// </remarks>
public sealed class LstmCell<T> : IRecurrentCell<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly int _gi, _gf, _gg, _go; // block index of each gate in U, V, b (-1: no such block)
    private readonly PackedWeights<T> _vT, _v; // V for h_{t-1} Vᵀ (forward) and da V (backward), packed once per pass

    /// <summary>Creates the cell and registers <c>{prefix}.U</c>, <c>.V</c>, <c>.b</c> and, for peepholes, <c>.P</c> [3, H] (rows p_i, p_f, p_o).</summary>
    public LstmCell(int inputSize, int hiddenSize, ParameterSet<T> parameters, string prefix, LstmVariant variant = LstmVariant.Standard)
    {
        Cell.CheckSizes(inputSize, hiddenSize);
        ArgumentNullException.ThrowIfNull(parameters);
        InputSize = inputSize;
        HiddenSize = hiddenSize;
        Variant = variant;
        (_gi, _gf, _gg, _go) = variant == LstmVariant.CoupledInputForget ? (0, -1, 1, 2) : (0, 1, 2, 3);
        GateCount = variant == LstmVariant.CoupledInputForget ? 3 : 4;
        InputWeights = parameters.Add($"{prefix}.U", GateCount * hiddenSize, inputSize);
        RecurrentWeights = parameters.Add($"{prefix}.V", GateCount * hiddenSize, hiddenSize);
        Bias = parameters.Add($"{prefix}.b", GateCount * hiddenSize);
        Peepholes = variant == LstmVariant.Peephole ? parameters.Add($"{prefix}.P", 3, hiddenSize) : null;
        Parameters = Cell.List(InputWeights, RecurrentWeights, Bias, Peepholes);
        _vT = new PackedWeights<T>(RecurrentWeights, GateCount * hiddenSize, hiddenSize, transposed: true);
        _v = new PackedWeights<T>(RecurrentWeights, GateCount * hiddenSize, hiddenSize, transposed: false);
    }

    /// <summary>Standard, peephole or coupled.</summary>
    public LstmVariant Variant { get; }
    /// <inheritdoc/>
    public CellKind Kind => Variant switch
    {
        LstmVariant.Peephole => CellKind.PeepholeLstm,
        LstmVariant.CoupledInputForget => CellKind.CoupledLstm,
        _ => CellKind.Lstm,
    };
    /// <inheritdoc/>
    public int InputSize { get; }
    /// <inheritdoc/>
    public int HiddenSize { get; }
    /// <inheritdoc/>
    public int GateCount { get; }
    /// <inheritdoc/>
    public bool HasCellState => true;
    /// <inheritdoc/>
    public int CacheWidth => (GateCount + 1) * HiddenSize;
    /// <inheritdoc/>
    public bool LayerSumsRecurrentGradient => true;
    /// <inheritdoc/>
    public Parameter<T> InputWeights { get; }
    /// <inheritdoc/>
    public Parameter<T>? Bias { get; }
    /// <inheritdoc/>
    public Parameter<T> RecurrentWeights { get; }
    /// <inheritdoc/>
    public IReadOnlyList<Parameter<T>> Parameters { get; }
    /// <summary>Peephole weights [3, H] (rows p_i, p_f, p_o), or null.</summary>
    public Parameter<T>? Peepholes { get; }

    /// <summary>The rows of the bias that belong to the forget gate (empty for the coupled variant).</summary>
    public Span<T> ForgetBias => _gf < 0 ? Span<T>.Empty : Bias!.Value.Slice(_gf * HiddenSize, HiddenSize);

    /// <inheritdoc/>
    public void Initialize(Rng rng) => Cell.UniformByHidden(this, rng);

    /// <summary>
    /// Runs the whole forward pass at once where the fused float32 kernel applies (standard variant, AVX-512, H a
    /// multiple of 32, a batch large enough for the packed product): <see cref="LstmSequence"/> computes each step's
    /// a_t = [x_t | h_{t-1}] [U | V]ᵀ + b in one product and writes the same states and step caches as <see cref="Forward"/>
    /// step by step. Returns false (doing nothing) otherwise.
    /// </summary>
    /// <param name="x">x [T, B, I].</param>
    /// <param name="h">h_0..h_T [T+1, B, H], h_0 set.</param>
    /// <param name="c">c_0..c_T [T+1, B, H], c_0 set.</param>
    /// <param name="cache">The step caches, [T, B, CacheWidth]; empty for an inference pass, which writes no caches
    /// and, of c, only c_T.</param>
    internal bool TryForwardSequence(ReadOnlySpan<T> x, Span<T> h, Span<T> c, Span<T> cache, int steps, int batch)
    {
        int H = HiddenSize;
        if (typeof(T) != typeof(float) || Variant != LstmVariant.Standard || !LstmSequence.Supports(H)
            || !PackedGemm.WorthPacking(batch, 4 * H, InputSize + H)) return false;
        _sequence ??= new LstmSequence(InputSize, H);
        _sequence.Pack(MemoryMarshal.Cast<T, float>(InputWeights.Value), MemoryMarshal.Cast<T, float>(RecurrentWeights.Value),
            MemoryMarshal.Cast<T, float>(Bias!.Value));
        _sequence.Run(MemoryMarshal.Cast<T, float>(x), MemoryMarshal.Cast<T, float>(h), MemoryMarshal.Cast<T, float>(c),
            MemoryMarshal.Cast<T, float>(cache), steps, batch);
        return true;
    }

    private LstmSequence? _sequence;

    /// <inheritdoc/>
    public void BeginSteps(bool backward) => (backward ? _v : _vT).Pack();

    /// <inheritdoc/>
    public void EndSteps() { _vT.Release(); _v.Release(); }

    /// <inheritdoc/>
    public void Forward(ReadOnlySpan<T> zx, ReadOnlySpan<T> hPrev, ReadOnlySpan<T> cPrev, Span<T> h, Span<T> c, Span<T> cache, int batch)
    {
        int H = HiddenSize, GH = GateCount * H;
        var gates = cache.Slice(0, batch * GH);                                        // [B, G·H]
        var tanhC = cache.Slice(batch * GH, batch * H);                               // [B, H]
        zx.Slice(0, batch * GH).CopyTo(gates);                                        // U x_t + b
        MatMul.AddProductTransposed(hPrev, _vT, gates, batch);                         // + V h_{t-1}
        if (Variant == LstmVariant.Standard                                            // float32: vectorized kernel, same formulas
            && LstmGates.TryForwardStandard(gates, cPrev, c.Slice(0, batch * H), tanhC, h.Slice(0, batch * H), batch, H)) return;

        for (int b = 0; b < batch; b++)
        {
            var row = gates.Slice(b * GH, GH);
            var cp = cPrev.Slice(b * H, H);
            var ct = c.Slice(b * H, H);
            Span<T> i = Gate(row, _gi), g = Gate(row, _gg), o = Gate(row, _go);
            if (Peepholes is { } p)
            {
                TensorPrimitives.MultiplyAdd(p.Value.Slice(0, H), cp, i, i);          // + p_i ⊙ c_{t-1}
                TensorPrimitives.MultiplyAdd(p.Value.Slice(H, H), cp, Gate(row, _gf), Gate(row, _gf)); // + p_f ⊙ c_{t-1}
            }
            TensorPrimitives.Sigmoid(i, i);
            TensorPrimitives.Tanh(g, g);
            if (_gf >= 0)
            {
                var f = Gate(row, _gf);
                TensorPrimitives.Sigmoid(f, f);
                TensorPrimitives.Multiply(f, cp, ct);                                 // c_t = f_t ⊙ c_{t-1}
            }
            else
            {
                for (int j = 0; j < H; j++) ct[j] = (T.One - i[j]) * cp[j];           // c_t = (1 - i_t) ⊙ c_{t-1}
            }
            TensorPrimitives.MultiplyAdd(i, g, ct, ct);                               //       + i_t ⊙ g_t
            if (Peepholes is { } q) TensorPrimitives.MultiplyAdd(q.Value.Slice(2 * H, H), ct, o, o); // + p_o ⊙ c_t
            TensorPrimitives.Sigmoid(o, o);
            var tc = tanhC.Slice(b * H, H);
            TensorPrimitives.Tanh(ct, tc);
            TensorPrimitives.Multiply(o, tc, h.Slice(b * H, H));                      // h_t = o_t ⊙ tanh(c_t)
        }
    }

    /// <inheritdoc/>
    public void Backward(ReadOnlySpan<T> dh, ReadOnlySpan<T> dc, ReadOnlySpan<T> hPrev, ReadOnlySpan<T> cPrev,
        ReadOnlySpan<T> h, ReadOnlySpan<T> c, ReadOnlySpan<T> cache, Span<T> dzx, Span<T> dhPrev, Span<T> dcPrev, int batch)
    {
        int H = HiddenSize, GH = GateCount * H;
        var gates = cache.Slice(0, batch * GH);
        var tanhC = cache.Slice(batch * GH, batch * H);
        bool coupled = _gf < 0;
        ReadOnlySpan<T> pI = default, pF = default, pO = default;
        Span<T> dpI = default, dpF = default, dpO = default;
        if (Peepholes is { } p)
        {
            pI = p.Value.Slice(0, H); pF = p.Value.Slice(H, H); pO = p.Value.Slice(2 * H, H);
            dpI = p.Grad.Slice(0, H); dpF = p.Grad.Slice(H, H); dpO = p.Grad.Slice(2 * H, H);
        }

        bool done = Variant == LstmVariant.Standard                                     // float32: vectorized kernel, same formulas
            && LstmGates.TryBackwardStandard(dh, dc, cPrev, gates, tanhC, dzx, dcPrev, batch, H);
        for (int b = 0; !done && b < batch; b++)
        {
            var row = gates.Slice(b * GH, GH);
            var da = dzx.Slice(b * GH, GH);
            ReadOnlySpan<T> i = Gate(row, _gi), g = Gate(row, _gg), o = Gate(row, _go);
            ReadOnlySpan<T> f = coupled ? default : Gate(row, _gf);
            var tc = tanhC.Slice(b * H, H);
            int r = b * H;
            for (int j = 0; j < H; j++)
            {
                T dhj = dh[r + j], cp = cPrev[r + j];
                T daO = dhj * tc[j] * o[j] * (T.One - o[j]);                           // do_t ⊙ σ'
                T dcT = dc[r + j] + dhj * o[j] * (T.One - tc[j] * tc[j]);              // dc_t through h_t = o ⊙ tanh(c_t)
                if (!pO.IsEmpty) dcT += daO * pO[j];                                   // c_t also feeds o_t
                T fj = coupled ? T.One - i[j] : f[j];
                T di = dcT * g[j];
                if (coupled) di -= dcT * cp;                                           // f_t = 1 - i_t
                T daI = di * i[j] * (T.One - i[j]);
                T daG = dcT * i[j] * (T.One - g[j] * g[j]);
                dcPrev[r + j] += dcT * fj;                                             // the constant error carousel
                da[_gi * H + j] = daI;
                da[_gg * H + j] = daG;
                da[_go * H + j] = daO;
                if (!coupled)
                {
                    T daF = dcT * cp * fj * (T.One - fj);
                    da[_gf * H + j] = daF;
                    if (!pF.IsEmpty) { dcPrev[r + j] += daF * pF[j]; dpF[j] += daF * cp; }
                }
                if (!pI.IsEmpty)
                {
                    dcPrev[r + j] += daI * pI[j];
                    dpI[j] += daI * cp;
                    dpO[j] += daO * c[r + j];
                }
            }
        }
        MatMul.AddProduct(dzx, _v, dhPrev, batch);                                    // dh_{t-1} += da V (dV: the layer's)
    }

    /// <summary>
    /// One sequence's gate activations from a step cache written by <see cref="Forward"/> (for looking inside a trained
    /// cell): input i_t, forget f_t (1 - i_t for the coupled variant), candidate g_t and output o_t, each [H].
    /// </summary>
    public (T[] Input, T[] Forget, T[] Candidate, T[] Output) ReadGates(ReadOnlySpan<T> cache, int batch, int row)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(row);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(row, batch);
        if (cache.Length != batch * CacheWidth)
            throw new ArgumentException($"The cache has {cache.Length} values; a step of batch {batch} caches {batch * CacheWidth}.", nameof(cache));
        var gates = cache.Slice(row * GateCount * HiddenSize, GateCount * HiddenSize);
        var input = Gate(gates, _gi).ToArray();
        var forget = _gf >= 0 ? Gate(gates, _gf).ToArray() : input.Select(i => T.One - i).ToArray();
        return (input, forget, Gate(gates, _gg).ToArray(), Gate(gates, _go).ToArray());
    }

    private Span<T> Gate(Span<T> row, int block) => row.Slice(block * HiddenSize, HiddenSize);
    private ReadOnlySpan<T> Gate(ReadOnlySpan<T> row, int block) => row.Slice(block * HiddenSize, HiddenSize);
}
