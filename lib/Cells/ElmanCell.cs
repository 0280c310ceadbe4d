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
///            dV      += da_tᵀ h_{t-1}
///            dh_{t-1} += da_t V
///            (dU, db and dx_t come from da_t in the layer, which owns U x_t + b)
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
            case ElmanActivation.Tanh: TensorPrimitives.Tanh(a, a); break;
            case ElmanActivation.Logistic: TensorPrimitives.Sigmoid(a, a); break;
            default: TensorPrimitives.Max(a, T.Zero, a); break;
        }
    }

    /// <inheritdoc/>
    public void Backward(ReadOnlySpan<T> dh, ReadOnlySpan<T> dc, ReadOnlySpan<T> hPrev, ReadOnlySpan<T> cPrev,
        ReadOnlySpan<T> h, ReadOnlySpan<T> c, ReadOnlySpan<T> cache, Span<T> dzx, Span<T> dhPrev, Span<T> dcPrev, int batch)
    {
        int H = HiddenSize, n = batch * H;
        var da = dzx.Slice(0, n);
        for (int k = 0; k < n; k++)                                           // da_t = dh_t ⊙ σ_h'(a_t)
        {
            T hk = h[k];
            T slope = Activation switch
            {
                ElmanActivation.Tanh => T.One - hk * hk,
                ElmanActivation.Logistic => hk * (T.One - hk),
                _ => hk > T.Zero ? T.One : T.Zero,
            };
            da[k] = dh[k] * slope;
        }
        MatMul.AddTransposedProduct(da, hPrev, RecurrentWeights.Grad, H, H, batch); // dV += da_tᵀ h_{t-1}
        MatMul.AddProduct(da, _v, dhPrev, batch);                                   // dh_{t-1} += da_t V
    }
}
