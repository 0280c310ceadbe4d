using System.Numerics;
using RnnLstm.Cells;
using RnnLstm.Numerics;
using RnnLstm.Numerics.Kernels;

namespace RnnLstm.Models;

/// <summary>
/// Stacked recurrent layers and an output layer: the whole network, with one parameter buffer.
/// </summary>
/// <remarks>
/// <code>
/// x [T, B, I] → layer 0 → h⁰ [T, B, H₀] → layer 1 → ... → h^L [T, B, H_L] → head → y
/// y = σ_y(W h_t + b) at every step, [T, B, O]   (OutputMode.EveryStep)
/// y = σ_y(W h_T + b) once per sequence, [B, O]  (OutputMode.LastStep)
/// </code>
/// Parameters are named <c>layer{l}.U</c>, <c>layer{l}.V</c>, <c>layer{l}.b</c> (and <c>.P</c> for peepholes,
/// <c>.bHn</c> for GRU), then <c>head.W</c>, <c>head.b</c>; all live in <see cref="Parameters"/>.
/// </remarks>
public sealed class SequenceModel<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly RecurrentLayer<T>[] _layers;
    private int _steps, _batch;

    /// <summary>Builds the model described by <paramref name="spec"/> and draws its weights from <paramref name="seed"/>.</summary>
    public SequenceModel(ModelSpec spec, int seed) : this(spec) => Initialize(new Rng(seed));

    /// <summary>Builds the model with every parameter zero (e.g. before loading weights).</summary>
    public SequenceModel(ModelSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        spec.Validate();
        Spec = spec with { HiddenSizes = [.. spec.HiddenSizes] };
        _layers = new RecurrentLayer<T>[spec.HiddenSizes.Length];
        int inputSize = spec.InputSize;
        for (int l = 0; l < _layers.Length; l++)
        {
            var cell = Cell.Create(spec.Cell, inputSize, spec.HiddenSizes[l], Parameters, $"layer{l}", spec.ElmanActivation, spec.Bias);
            _layers[l] = new RecurrentLayer<T>(cell);
            inputSize = spec.HiddenSizes[l];
        }
        Head = new DenseLayer<T>(inputSize, spec.OutputSize, Parameters, "head", spec.OutputActivation, spec.Bias);
    }

    /// <summary>What this model is.</summary>
    public ModelSpec Spec { get; }
    /// <summary>All weights and their gradients.</summary>
    public ParameterSet<T> Parameters { get; } = new();
    /// <summary>The recurrent layers, bottom first.</summary>
    public IReadOnlyList<RecurrentLayer<T>> Layers => _layers;
    /// <summary>The output layer.</summary>
    public DenseLayer<T> Head { get; }
    /// <summary>y of the last forward pass: [T, B, O] or [B, O].</summary>
    public ReadOnlySpan<T> Output => Head.Output;
    /// <summary>dL/dx of the last backward pass, [T, B, I].</summary>
    public ReadOnlySpan<T> InputGradient => _layers[0].InputGradient;

    /// <summary>Draws every weight as <see cref="ModelSpec.Init"/> says, from <paramref name="rng"/>.</summary>
    public void Initialize(Rng rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        foreach (var layer in _layers) InitializeCell(layer.Cell, rng);
        InitializeHead(rng);
        if (Spec.ForgetBias is double forget)
            foreach (var layer in _layers)
                if (layer.Cell is LstmCell<T> lstm) Init.Constant(lstm.ForgetBias, forget);
    }

    /// <summary>Runs the network on <paramref name="x"/> [T, B, I]; returns y ([T, B, O] or [B, O]).</summary>
    /// <param name="lengths">Optional length of each sequence (see <see cref="RecurrentLayer{T}.Forward"/>).</param>
    public ReadOnlySpan<T> Forward(ReadOnlySpan<T> x, int steps, int batch, ReadOnlySpan<int> lengths = default) =>
        Run(x, steps, batch, lengths, forBackward: true);

    /// <summary>
    /// Runs the network on <paramref name="x"/> [T, B, I] for inference; returns the same y as <see cref="Forward"/>,
    /// bit for bit, without keeping what <see cref="Backward"/> needs (see <see cref="RecurrentLayer{T}.Infer"/>: the
    /// fused float32 LSTM pass then writes no step caches). <see cref="Backward"/> refuses until the next Forward.
    /// </summary>
    /// <param name="lengths">Optional length of each sequence (see <see cref="RecurrentLayer{T}.Forward"/>).</param>
    public ReadOnlySpan<T> Infer(ReadOnlySpan<T> x, int steps, int batch, ReadOnlySpan<int> lengths = default) =>
        Run(x, steps, batch, lengths, forBackward: false);

    private ReadOnlySpan<T> Run(ReadOnlySpan<T> x, int steps, int batch, ReadOnlySpan<int> lengths, bool forBackward)
    {
        using var pass = KernelThreads.BeginPass(_splitPolicies, forBackward ? PassKind.Forward : PassKind.Infer, PassSize(steps, batch));
        ReadOnlySpan<T> input = x;
        foreach (var layer in _layers)
        {
            if (forBackward) layer.Forward(input, steps, batch, lengths); else layer.Infer(input, steps, batch, lengths);
            input = layer.Outputs;
        }
        _steps = forBackward ? steps : 0;                                      // Backward refuses after Infer
        _batch = batch;
        var top = _layers[^1];
        return Spec.Output == OutputMode.EveryStep
            ? Head.Forward(top.Outputs, steps * batch)
            : Head.Forward(top.FinalHidden, batch);
    }

    /// <summary>Backpropagates dL/dy (same shape as the last output) through the head and every layer, accumulating into <see cref="ParameterSet{T}.Gradients"/>.</summary>
    /// <param name="truncateSteps">k for truncated BPTT (0 = full).</param>
    /// <param name="inputGradient">Whether to compute dL/dx (<see cref="InputGradient"/>); training does not need it.</param>
    public void Backward(ReadOnlySpan<T> dOutput, int truncateSteps = 0, bool inputGradient = true)
    {
        if (_steps == 0) throw new InvalidOperationException("Backward needs a Forward pass first (Infer keeps nothing for it).");
        using var pass = KernelThreads.BeginPass(_splitPolicies, PassKind.Backward, PassSize(_steps, _batch));
        var dTop = Head.Backward(dOutput);
        ReadOnlySpan<T> dOutputs = Spec.Output == OutputMode.EveryStep ? dTop : default;
        ReadOnlySpan<T> dFinal = Spec.Output == OutputMode.LastStep ? dTop : default;
        for (int l = _layers.Length - 1; l >= 0; l--)
        {
            _layers[l].Backward(dOutputs, dFinal, default, truncateSteps, inputGradient: l > 0 || inputGradient); // layer l-1 needs it
            if (l > 0) dOutputs = _layers[l].InputGradient;
            dFinal = default;
        }
    }

    // Whether this model's passes split over the kernel threads, learned from their times.
    private readonly SplitPolicies _splitPolicies = new();

    /// <summary>A pass's size for <see cref="KernelThreads.BeginPass"/>: T · B · (number of parameters), about its multiply-adds.</summary>
    private long PassSize(int steps, int batch) => (long)steps * batch * Parameters.Count;

    /// <summary>An inference pass (<see cref="Infer"/>) returning a copy of y (convenient outside training loops).</summary>
    public T[] Predict(ReadOnlySpan<T> x, int steps, int batch) => Infer(x, steps, batch).ToArray();

    /// <summary>Makes each layer's final state the initial state of the next forward pass (stateful use, text sampling).</summary>
    public void CarryState() { foreach (var layer in _layers) layer.CarryState(); }

    /// <summary>Starts the next forward pass from zero states.</summary>
    public void ResetState() { foreach (var layer in _layers) layer.ResetState(); }

    /// <summary>Rows of y for a batch of B sequences of T steps.</summary>
    public int OutputRows(int steps, int batch) => Spec.Output == OutputMode.EveryStep ? steps * batch : batch;

    /// <inheritdoc/>
    public override string ToString() => $"{Spec}, {Parameters.Count} parameters ({typeof(T).Name})";

    private void InitializeCell(IRecurrentCell<T> cell, Rng rng)
    {
        int H = cell.HiddenSize;
        switch (Spec.Init)
        {
            case WeightInit.Default:
                cell.Initialize(rng);
                return;
            case WeightInit.Uniform:
                foreach (var p in cell.Parameters) Init.Uniform(p.Value, Spec.InitScale, rng);
                return;
        }
        foreach (var p in cell.Parameters) p.Value.Clear();
        Init.Glorot(cell.InputWeights.Value, cell.InputSize, cell.GateCount * H, rng); // U is [G·H, I]: fan-out counts every gate (as Keras does)
        var v = cell.RecurrentWeights.Value;
        switch (Spec.Init)
        {
            case WeightInit.Glorot: Init.Glorot(v, H, H, rng); break;
            case WeightInit.Orthogonal: Init.Orthogonal(v, H, rng, Spec.InitScale); break;
            case WeightInit.Identity: Init.Identity(v, H, Spec.InitScale); break;
            default: throw new ArgumentOutOfRangeException(nameof(Spec.Init), Spec.Init, "Unknown initialization.");
        }
    }

    private void InitializeHead(Rng rng)
    {
        switch (Spec.Init)
        {
            case WeightInit.Default: Head.Initialize(rng); break;
            case WeightInit.Uniform:
                Init.Uniform(Head.Weights.Value, Spec.InitScale, rng);
                if (Head.Bias is not null) Init.Uniform(Head.Bias.Value, Spec.InitScale, rng);
                break;
            default:
                Init.Glorot(Head.Weights.Value, Head.InputSize, Head.OutputSize, rng);
                Head.Bias?.Value.Clear();
                break;
        }
    }
}
