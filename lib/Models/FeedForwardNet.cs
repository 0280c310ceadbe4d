using System.Numerics;
using RnnLstm.Numerics;

namespace RnnLstm.Models;

/// <summary>
/// A plain multilayer perceptron: fixed-size input vector in, fixed-size output vector out, no time.
/// </summary>
/// <remarks>
/// <code>
/// a⁰ = x [N, sizes[0]];   aˡ = σ(Wˡ aˡ⁻¹ + bˡ) [N, sizes[l]];   y = a^L
/// </code>
/// It is here as the lecture's foil: given a whole binary number at once, each bit position has weights of its
/// own, so what the net learns about position 3 says nothing about position 30.
/// </remarks>
public sealed class FeedForwardNet<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly DenseLayer<T>[] _layers;

    /// <summary>Layers of <paramref name="sizes"/> units (input first), all with <paramref name="activation"/>, weights uniform ±1/√fan-in from <paramref name="seed"/>.</summary>
    public FeedForwardNet(int[] sizes, OutputActivation activation, int seed)
    {
        ArgumentNullException.ThrowIfNull(sizes);
        if (sizes.Length < 2) throw new ArgumentException("Give at least an input size and an output size.", nameof(sizes));
        _layers = new DenseLayer<T>[sizes.Length - 1];
        for (int l = 0; l < _layers.Length; l++)
            _layers[l] = new DenseLayer<T>(sizes[l], sizes[l + 1], Parameters, $"dense{l}", activation);
        var rng = new Rng(seed);
        foreach (var layer in _layers) layer.Initialize(rng);
        Sizes = [.. sizes];
    }

    /// <summary>Units per layer, input first.</summary>
    public int[] Sizes { get; }
    /// <summary>All weights and gradients.</summary>
    public ParameterSet<T> Parameters { get; } = new();

    /// <summary>y for <paramref name="rows"/> input vectors x [N, sizes[0]].</summary>
    public ReadOnlySpan<T> Forward(ReadOnlySpan<T> x, int rows)
    {
        var a = x;
        foreach (var layer in _layers) a = layer.Forward(a, rows);
        return a;
    }

    /// <summary>Accumulates parameter gradients from dL/dy [N, sizes[^1]].</summary>
    public void Backward(ReadOnlySpan<T> dy)
    {
        var d = dy;
        for (int l = _layers.Length - 1; l >= 0; l--) d = _layers[l].Backward(d);
    }

    /// <inheritdoc/>
    public override string ToString() => $"feed-forward {string.Join("→", Sizes)}, {Parameters.Count} parameters";
}
