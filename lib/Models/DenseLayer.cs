using System.Numerics;
using System.Numerics.Tensors;
using RnnLstm.Numerics;

namespace RnnLstm.Models;

/// <summary>Squashing function of the output layer.</summary>
public enum OutputActivation
{
    /// <summary>y = a (regression; or logits for a cross-entropy loss that applies its own squashing).</summary>
    Identity,
    /// <summary>y = σ(a) (the classic binary-addition output unit).</summary>
    Logistic,
    /// <summary>y = tanh(a).</summary>
    Tanh,
}

/// <summary>
/// A fully connected layer, <c>y = σ_y(W h + b)</c>, applied to each row of its input: the output layer of a
/// <see cref="SequenceModel{T}"/>, and the building block of <see cref="FeedForwardNet{T}"/>.
/// </summary>
/// <remarks>
/// <code>
/// forward:   a = h Wᵀ + b        h [N, H], W [O, H], b [O], a and y [N, O]
///            y = σ_y(a)
/// backward:  da = dy ⊙ σ_y'(a)   (σ_y' from y: 1, y(1-y) or 1-y²)
///            dW += daᵀ h;  db += Σ_rows da;  dh = da W
/// </code>
/// N is B (one output per sequence) or T·B (one per step).
/// </remarks>
public sealed class DenseLayer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private T[] _h = [], _y = [], _da = [], _dh = [];
    private int _rows;

    /// <summary>Creates the layer and registers <c>{prefix}.W</c> [O, H] and, with bias, <c>{prefix}.b</c> [O].</summary>
    public DenseLayer(int inputSize, int outputSize, ParameterSet<T> parameters, string prefix,
        OutputActivation activation = OutputActivation.Identity, bool bias = true)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inputSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(outputSize);
        ArgumentNullException.ThrowIfNull(parameters);
        InputSize = inputSize;
        OutputSize = outputSize;
        Activation = activation;
        Weights = parameters.Add($"{prefix}.W", outputSize, inputSize);
        Bias = bias ? parameters.Add($"{prefix}.b", outputSize) : null;
    }

    /// <summary>H.</summary>
    public int InputSize { get; }
    /// <summary>O.</summary>
    public int OutputSize { get; }
    /// <summary>σ_y.</summary>
    public OutputActivation Activation { get; }
    /// <summary>W, [O, H].</summary>
    public Parameter<T> Weights { get; }
    /// <summary>b, [O], or null for a layer without bias.</summary>
    public Parameter<T>? Bias { get; }
    /// <summary>y of the last forward pass, [N, O].</summary>
    public ReadOnlySpan<T> Output => _y.AsSpan(0, _rows * OutputSize);
    /// <summary>dL/dh of the last backward pass, [N, H].</summary>
    public ReadOnlySpan<T> InputGradient => _dh.AsSpan(0, _rows * InputSize);

    /// <summary>PyTorch's default for a linear layer: uniform ±1/√H.</summary>
    public void Initialize(Rng rng)
    {
        double limit = 1.0 / Math.Sqrt(InputSize);
        Init.Uniform(Weights.Value, limit, rng);
        if (Bias is not null) Init.Uniform(Bias.Value, limit, rng);
    }

    /// <summary>y = σ_y(h Wᵀ + b) for <paramref name="rows"/> rows of <paramref name="h"/> [N, H].</summary>
    public ReadOnlySpan<T> Forward(ReadOnlySpan<T> h, int rows)
    {
        int H = InputSize, O = OutputSize;
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rows);
        if (h.Length != rows * H) throw new ArgumentException($"h has {h.Length} values; [N, H] = [{rows}, {H}] needs {rows * H}.", nameof(h));
        _rows = rows;
        Buffers.Grow(ref _h, rows * H); Buffers.Grow(ref _y, rows * O); Buffers.Grow(ref _da, rows * O); Buffers.Grow(ref _dh, rows * H);
        h.CopyTo(_h);
        var y = _y.AsSpan(0, rows * O);
        if (Bias is not null) MatMul.BroadcastRows<T>(Bias.Value, y, rows); else y.Clear();
        MatMul.AddProductTransposed<T>(h, Weights.Value, y, rows, O, H);
        if (Activation == OutputActivation.Logistic) TensorPrimitives.Sigmoid<T>(y, y);
        else if (Activation == OutputActivation.Tanh) TensorPrimitives.Tanh<T>(y, y);
        return y;
    }

    /// <summary>Accumulates dW and db from <paramref name="dy"/> [N, O] and fills <see cref="InputGradient"/>.</summary>
    public ReadOnlySpan<T> Backward(ReadOnlySpan<T> dy)
    {
        int H = InputSize, O = OutputSize, n = _rows * O;
        if (dy.Length != n) throw new ArgumentException($"dy has {dy.Length} values; the last forward pass produced {n}.", nameof(dy));
        var y = _y.AsSpan(0, n);
        var da = _da.AsSpan(0, n);
        for (int k = 0; k < n; k++) da[k] = dy[k] * Slope(Activation, y[k]);
        var h = _h.AsSpan(0, _rows * H);
        MatMul.AddTransposedProduct<T>(da, h, Weights.Grad, O, H, _rows);
        if (Bias is not null) MatMul.AddColumnSums<T>(da, Bias.Grad, _rows, O);
        var dh = _dh.AsSpan(0, _rows * H);
        dh.Clear();
        MatMul.AddProduct<T>(da, Weights.Value, dh, _rows, H, O);
        return dh;
    }

    /// <summary>σ_y'(a) written in terms of y = σ_y(a): 1, y(1-y) or 1-y².</summary>
    internal static T Slope(OutputActivation activation, T y) => activation switch
    {
        OutputActivation.Logistic => y * (T.One - y),
        OutputActivation.Tanh => T.One - y * y,
        _ => T.One,
    };

}
