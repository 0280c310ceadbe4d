using System.Numerics;
using System.Numerics.Tensors;
using RnnLstm.Numerics;
using RnnLstm.Numerics.Kernels;

namespace RnnLstm.Cells;

/// <summary>Squashing function of an Elman cell.</summary>
public enum ElmanActivation
{
    /// <summary>tanh, range (-1, 1).</summary>
    Tanh,
    /// <summary>Logistic sigmoid σ(a) = 1 / (1 + e^-a), range (0, 1): the unit of the classic binary-addition nets.</summary>
    Logistic,
    /// <summary>Rectified linear max(0, a), range [0, ∞): with identity recurrent weights this is the IRNN of Le et
    /// al. (2015), whose state is copied unchanged from step to step until an input moves it.</summary>
    Relu,
}

/// <summary>
/// Elman (simple) recurrent cell.
/// </summary>
/// <remarks>
/// <code>
/// forward:   a_t = U x_t + V h_{t-1} + b          U [H, I], V [H, H], b [H] (optional)
///            h_t = σ_h(a_t)                        σ_h = tanh, logistic or ReLU
/// backward:  da_t     = dh_t ⊙ σ_h'(a_t)           tanh' = 1 - h_t²,  logistic' = h_t (1 - h_t),  relu' = [h_t > 0]
///            dh_{t-1} += da_t V
///            (dV += da_tᵀ h_{t-1}, dU += da_tᵀ x_t, db += da_t and dx_t come from da_t = dL/dzx_t in the layer)
/// along v:   R(a_t) = R(zx_t) + V_v h_{t-1} + V R(h_{t-1}),  R(h_t) = σ_h'(a_t) ⊙ R(a_t)   (ForwardDirectional, for Hessian-free)
/// </code>
/// σ_h' is written in terms of h_t, so nothing but the states themselves needs caching.
/// </remarks>
public sealed class ElmanCell<T> : IRecurrentCell<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Creates the cell and registers <c>{prefix}.U</c>, <c>{prefix}.V</c> and, with bias, <c>{prefix}.b</c>.</summary>
    public ElmanCell(int inputSize, int hiddenSize, ParameterSet<T> parameters, string prefix,
        ElmanActivation activation = ElmanActivation.Tanh, bool bias = true)
    {
        Cell.CheckSizes(inputSize, hiddenSize);
        ArgumentNullException.ThrowIfNull(parameters);
        InputSize = inputSize;
        HiddenSize = hiddenSize;
        Activation = activation;
        InputWeights = parameters.Add($"{prefix}.U", hiddenSize, inputSize);
        RecurrentWeights = parameters.Add($"{prefix}.V", hiddenSize, hiddenSize);
        Bias = bias ? parameters.Add($"{prefix}.b", hiddenSize) : null;
        Parameters = Cell.List(InputWeights, RecurrentWeights, Bias);

        _vT = new PackedWeights<T>(RecurrentWeights, hiddenSize, hiddenSize, transposed: true);
        _v = new PackedWeights<T>(RecurrentWeights, hiddenSize, hiddenSize, transposed: false);
    }

    private readonly PackedWeights<T> _vT, _v; // V for h_{t-1} Vᵀ (forward) and dh_{t-1} += ·V (backward), packed once per pass

    /// <inheritdoc/>
    public void BeginSteps(bool backward) => (backward ? _v : _vT).Pack();

    /// <inheritdoc/>
    public void EndSteps() { _vT.Release(); _v.Release(); }

    /// <inheritdoc/>
    public CellKind Kind => CellKind.Elman;
    /// <inheritdoc/>
    public int InputSize { get; }
    /// <inheritdoc/>
    public int HiddenSize { get; }
    /// <inheritdoc/>
    public int GateCount => 1;
    /// <inheritdoc/>
    public bool HasCellState => false;
    /// <inheritdoc/>
    public int CacheWidth => 0;
    /// <inheritdoc/>
    public bool LayerSumsRecurrentGradient => true;
    /// <summary>σ_h.</summary>
    public ElmanActivation Activation { get; }
    /// <inheritdoc/>
    public Parameter<T> InputWeights { get; }
    /// <inheritdoc/>
    public Parameter<T>? Bias { get; }
    /// <inheritdoc/>
    public Parameter<T> RecurrentWeights { get; }
    /// <inheritdoc/>
    public IReadOnlyList<Parameter<T>> Parameters { get; }

    /// <inheritdoc/>
    public void Initialize(Rng rng) => Cell.UniformByHidden(this, rng);

    /// <inheritdoc/>
    public void Forward(ReadOnlySpan<T> zx, ReadOnlySpan<T> hPrev, ReadOnlySpan<T> cPrev, Span<T> h, Span<T> c, Span<T> cache, int batch)
    {
        int H = HiddenSize;
        var a = h.Slice(0, batch * H);                                        // a_t built in place of h_t
        zx.Slice(0, batch * H).CopyTo(a);                                     // U x_t + b
        MatMul.AddProductTransposed(hPrev, _vT, a, batch);                          // + V h_{t-1}
        switch (Activation)                                                   // h_t = σ_h(a_t)
        {
            case ElmanActivation.Tanh: if (!Activations.TrySquashInPlace(a, logistic: false)) TensorPrimitives.Tanh(a, a); break;  // float32: AVX-512
            case ElmanActivation.Logistic: if (!Activations.TrySquashInPlace(a, logistic: true)) TensorPrimitives.Sigmoid(a, a); break;
            default: TensorPrimitives.Max(a, T.Zero, a); break;
        }
    }

    /// <inheritdoc/>
    public void Backward(ReadOnlySpan<T> dh, ReadOnlySpan<T> dc, ReadOnlySpan<T> hPrev, ReadOnlySpan<T> cPrev,
        ReadOnlySpan<T> h, ReadOnlySpan<T> c, ReadOnlySpan<T> cache, Span<T> dzx, Span<T> dhPrev, Span<T> dcPrev, int batch)
    {
        int H = HiddenSize, n = batch * H;
        var da = dzx.Slice(0, n);
        for (int k = 0; k < n; k++) da[k] = dh[k] * Slope(h[k]);              // da_t = dh_t ⊙ σ_h'(a_t)
        MatMul.AddProduct(da, _v, dhPrev, batch);                                   // dh_{t-1} += da_t V
    }

    /// <summary>
    /// One step of the forward-mode (R-operator) pass: the directional derivative R(h_t) = lim_{ε→0} (h_t(θ + εv) - h_t(θ)) / ε
    /// of the state along a direction v = (U_v, V_v, b_v) of the weights, given the forward pass's states.
    /// </summary>
    /// <remarks>
    /// <code>
    /// R(a_t) = R(zx_t) + V_v h_{t-1} + V R(h_{t-1})       R(zx_t) = U_v x_t + b_v (+ U R(x_t) below another layer), from the layer
    /// R(h_t) = σ_h'(a_t) ⊙ R(a_t)                         σ_h' from h_t, as in Backward
    /// </code>
    /// Shapes: <paramref name="rzx"/>, <paramref name="hPrev"/>, <paramref name="rhPrev"/>, <paramref name="h"/> and
    /// <paramref name="rh"/> are [B, H]; <paramref name="recurrentDirection"/> is V_v [H, H]. The pass costs about as
    /// much as the forward pass (two products per step instead of one) and is what Hessian-free optimization uses to
    /// form Gauss–Newton products <c>Jᵀ H J v</c> without ever building J: J v is this pass, Jᵀ(·) the ordinary backward pass.
    /// </remarks>
    public void ForwardDirectional(ReadOnlySpan<T> rzx, ReadOnlySpan<T> recurrentDirection, ReadOnlySpan<T> hPrev,
        ReadOnlySpan<T> rhPrev, ReadOnlySpan<T> h, Span<T> rh, int batch)
    {
        int H = HiddenSize, n = batch * H;
        if (recurrentDirection.Length != H * H)
            throw new ArgumentException($"recurrentDirection has {recurrentDirection.Length} values; V_v is [{H}, {H}].", nameof(recurrentDirection));
        var ra = rh.Slice(0, n);                                              // R(a_t) built in place of R(h_t)
        rzx.Slice(0, n).CopyTo(ra);                                           // U_v x_t + b_v
        MatMul.AddProductTransposed(hPrev, recurrentDirection, ra, batch, H, H); // + V_v h_{t-1}
        MatMul.AddProductTransposed(rhPrev, RecurrentWeights.Value, ra, batch, H, H); // + V R(h_{t-1})
        for (int k = 0; k < n; k++) ra[k] *= Slope(h[k]);                     // R(h_t) = σ_h'(a_t) ⊙ R(a_t)
    }

    /// <summary>σ_h'(a) written in terms of h = σ_h(a).</summary>
    private T Slope(T h) => Activation switch
    {
        ElmanActivation.Tanh => T.One - h * h,
        ElmanActivation.Logistic => h * (T.One - h),
        _ => h > T.Zero ? T.One : T.Zero,
    };
}
