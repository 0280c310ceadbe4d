using System.Numerics.Tensors;
using RnnLstm.Numerics;

namespace RnnLstm.Models;

/// <summary>How an echo state network's fixed reservoir is drawn and how its readout is fitted.</summary>
public sealed record EchoStateOptions
{
    /// <summary>N: reservoir units.</summary>
    public int ReservoirSize { get; init; } = 200;
    /// <summary>ρ: the reservoir matrix is rescaled so that its largest |eigenvalue| is this. Below 1 the state
    /// forgets its past geometrically (the "echo state property"); near 1 it remembers longest.</summary>
    public double SpectralRadius { get; init; } = 0.95;
    /// <summary>Fraction of nonzero recurrent weights (sparse reservoirs are traditional; 1 = dense).</summary>
    public double Density { get; init; } = 0.1;
    /// <summary>Input weights are uniform in ±this (unless <see cref="InputScales"/> gives one scale per channel).</summary>
    public double InputScale { get; init; } = 1.0;
    /// <summary>One scale per input channel (the weights from input i are uniform in ±InputScales[i]); null: <see cref="InputScale"/> for all.</summary>
    public IReadOnlyList<double>? InputScales { get; init; }
    /// <summary>α in (0, 1]: the leaky-integrator rate. 1 is the ordinary tanh reservoir; a small α makes each unit
    /// a slow integrator of its input, with a time constant of about 1/α steps (Jaeger, Lukoševičius, Popovici &amp;
    /// Siewert 2007).</summary>
    public double LeakRate { get; init; } = 1.0;
    /// <summary>Reservoir biases are uniform in ±this (0: no bias).</summary>
    public double BiasScale { get; init; } = 0.0;
    /// <summary>λ of the ridge readout.</summary>
    public double Ridge { get; init; } = 1e-6;
    /// <summary>States discarded at the start of a series before fitting (<see cref="EchoStateNetwork.FitSeries"/>):
    /// they still remember the arbitrary zero start state rather than the input.</summary>
    public int Washout { get; init; } = 100;

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first setting that cannot work.</summary>
    public void Validate()
    {
        if (ReservoirSize <= 0) throw new ArgumentOutOfRangeException(nameof(ReservoirSize), ReservoirSize, "ReservoirSize must be positive.");
        if (!(SpectralRadius >= 0) || double.IsInfinity(SpectralRadius)) throw new ArgumentOutOfRangeException(nameof(SpectralRadius), SpectralRadius, "SpectralRadius must be finite and non-negative.");
        if (!(Density > 0 && Density <= 1)) throw new ArgumentOutOfRangeException(nameof(Density), Density, "Density must be in (0, 1].");
        if (!(InputScale >= 0) || double.IsInfinity(InputScale)) throw new ArgumentOutOfRangeException(nameof(InputScale), InputScale, "InputScale must be finite and non-negative.");
        if (InputScales is not null)
            foreach (double scale in InputScales)
                if (!(scale >= 0) || double.IsInfinity(scale)) throw new ArgumentOutOfRangeException(nameof(InputScales), scale, "Every input scale must be finite and non-negative.");
        if (!(LeakRate > 0 && LeakRate <= 1)) throw new ArgumentOutOfRangeException(nameof(LeakRate), LeakRate, "LeakRate must be in (0, 1].");
        if (!(BiasScale >= 0) || double.IsInfinity(BiasScale)) throw new ArgumentOutOfRangeException(nameof(BiasScale), BiasScale, "BiasScale must be finite and non-negative.");
        if (!(Ridge >= 0) || double.IsInfinity(Ridge)) throw new ArgumentOutOfRangeException(nameof(Ridge), Ridge, "Ridge must be finite and non-negative.");
        if (Washout < 0) throw new ArgumentOutOfRangeException(nameof(Washout), Washout, "Washout must be non-negative.");
    }
}

/// <summary>
/// An echo state network (Jaeger, 2001): a fixed random recurrent reservoir, and a linear readout that is the only
/// thing learned, in closed form by ridge regression. No gradient ever flows through time, so nothing can vanish or explode.
/// </summary>
/// <remarks>
/// <code>
/// reservoir:  x_t = (1 - α) x_{t-1} + α tanh(W_in u_t + W x_{t-1} + b)
///             W_in [N, I] column i uniform ±InputScales[i],  b [N] uniform ±BiasScale
///             W [N, N] sparse random, rescaled so that ρ(W) = SpectralRadius;  α = LeakRate (1: plain tanh units)
/// readout:    y = W_out [x; 1]                          W_out [O, N+1]
/// fit:        W_outᵀ = (SᵀS + λI)⁻¹ SᵀY                 S: one row [x; 1] per training state
/// </code>
/// Batches are time-major, u [T, B, I]; a sequence shorter than the batch keeps its state after its own last step,
/// so the final state of each is its own. The reservoir's weights are drawn once from the seed and never updated.
/// Two ways to fit: <see cref="FitSeries"/> on one long series with a target at every step (the classic use, with a
/// washout), and <see cref="FitFinalStates"/> on the final states of many independent sequences, each started from
/// x_0 = 0 (the adding problem: one answer per sequence, so no washout is involved). <see cref="Generate"/> runs a
/// series-fitted network freely, its output fed back as its next input.
/// </remarks>
public sealed class EchoStateNetwork
{
    private readonly double[] _inputWeights, _weights, _bias;
    private readonly double[] _readout;
    private double[] _state = [], _preActivation = [];

    /// <summary>Draws the reservoir from <paramref name="seed"/>; the readout starts at zero.</summary>
    public EchoStateNetwork(int inputSize, int outputSize, EchoStateOptions options, int seed)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inputSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(outputSize);
        if (options.InputScales is { } scales && scales.Count != inputSize)
            throw new ArgumentException($"InputScales has {scales.Count} scales for {inputSize} inputs.", nameof(options));
        Options = options;
        InputSize = inputSize;
        OutputSize = outputSize;
        int N = options.ReservoirSize;
        _inputWeights = new double[N * inputSize];
        _weights = new double[N * N];
        _bias = new double[N];
        var rng = new Rng(seed);
        Init.UniformPerColumn<double>(_inputWeights, inputSize, options.InputScales?.ToArray() ?? Enumerable.Repeat(options.InputScale, inputSize).ToArray(), rng);
        Init.Uniform<double>(_bias, options.BiasScale, rng);
        ReservoirSpectralRadius = Init.SparseSpectral<double>(_weights, N, options.Density, options.SpectralRadius, rng);
        _readout = new double[outputSize * FeatureCount];
    }

    /// <summary>The settings the reservoir was drawn with.</summary>
    public EchoStateOptions Options { get; }
    /// <summary>I.</summary>
    public int InputSize { get; }
    /// <summary>N.</summary>
    public int ReservoirSize => Options.ReservoirSize;
    /// <summary>O.</summary>
    public int OutputSize { get; }
    /// <summary>N + 1: the reservoir state and a constant 1 (the readout's intercept).</summary>
    public int FeatureCount => ReservoirSize + 1;
    /// <summary>ρ(W) of the drawn reservoir, measured after scaling (<see cref="LinearAlgebra.SpectralRadius"/>).</summary>
    public double ReservoirSpectralRadius { get; }
    /// <summary>W, [N, N] (read-only view of the fixed reservoir).</summary>
    public ReadOnlySpan<double> ReservoirWeights => _weights;
    /// <summary>W_in, [N, I].</summary>
    public ReadOnlySpan<double> InputWeights => _inputWeights;
    /// <summary>b, [N].</summary>
    public ReadOnlySpan<double> Biases => _bias;
    /// <summary>W_out, [O, N+1] (last column: intercept).</summary>
    public ReadOnlySpan<double> ReadoutWeights => _readout;

    /// <summary>Runs the reservoir over <paramref name="x"/> [T, B, I]; returns each sequence's final state as a feature row [x_T; 1], [B, N+1].</summary>
    public double[] FinalStates(ReadOnlySpan<double> x, int steps, int batch, ReadOnlySpan<int> lengths = default)
    {
        CheckBatch(x, steps, batch, lengths);
        ResetState(batch);
        for (int t = 0; t < steps; t++) Advance(x.Slice(t * batch * InputSize, batch * InputSize), batch, lengths, t);
        return Features(_state, batch);
    }

    /// <summary>Runs the reservoir over one series [T, I] from x_0 = 0; returns every state as a feature row, [T, N+1].</summary>
    public double[] SeriesStates(ReadOnlySpan<double> series, int steps)
    {
        CheckBatch(series, steps, 1, default);
        int N = ReservoirSize, F = FeatureCount;
        var features = new double[steps * F];
        ResetState(1);
        for (int t = 0; t < steps; t++)
        {
            Advance(series.Slice(t * InputSize, InputSize), 1, default, t);
            _state.AsSpan(0, N).CopyTo(features.AsSpan(t * F, N));
            features[t * F + N] = 1;
        }
        return features;
    }
    /// <summary>Fits the readout to feature rows <paramref name="features"/> [rows, N+1] and targets [rows, O] by ridge regression.</summary>
    public void FitReadout(ReadOnlySpan<double> features, ReadOnlySpan<double> targets, int rows)
    {
        var w = LinearAlgebra.Ridge(features, targets, rows, FeatureCount, OutputSize, Options.Ridge); // [N+1, O]
        for (int o = 0; o < OutputSize; o++)
            for (int f = 0; f < FeatureCount; f++) _readout[o * FeatureCount + f] = w[f * OutputSize + o];
    }

    /// <summary>Fits the readout so that the final state of each sequence predicts its target: x [T, B, I], targets [B, O].</summary>
    public void FitFinalStates(ReadOnlySpan<double> x, ReadOnlySpan<double> targets, int steps, int batch, ReadOnlySpan<int> lengths = default) =>
        FitReadout(FinalStates(x, steps, batch, lengths), targets, batch);

    /// <summary>
    /// Fits the readout on one series: the state after step t predicts targets[t]. The first
    /// <see cref="EchoStateOptions.Washout"/> steps are run but not fitted.
    /// </summary>
    /// <param name="series">Inputs [T, I].</param>
    /// <param name="targets">Targets [T, O].</param>
    public void FitSeries(ReadOnlySpan<double> series, ReadOnlySpan<double> targets, int steps)
    {
        int washout = Options.Washout, F = FeatureCount, O = OutputSize;
        if (washout >= steps) throw new ArgumentException($"The series has {steps} steps; a washout of {washout} leaves none to fit.", nameof(steps));
        if (targets.Length != steps * O) throw new ArgumentException($"targets has {targets.Length} values; [{steps}, {O}] needs {steps * O}.", nameof(targets));
        var states = SeriesStates(series, steps);
        FitReadout(states.AsSpan(washout * F), targets.Slice(washout * O), steps - washout);
    }

    /// <summary>y = W_out f for each feature row, [rows, N+1] → [rows, O].</summary>
    public double[] Readout(ReadOnlySpan<double> features, int rows)
    {
        var y = new double[rows * OutputSize];
        MatMul.AddProductTransposed<double>(features, _readout, y, rows, OutputSize, FeatureCount);
        return y;
    }

    /// <summary>The readout of each sequence's final state: x [T, B, I] → y [B, O].</summary>
    public double[] Predict(ReadOnlySpan<double> x, int steps, int batch, ReadOnlySpan<int> lengths = default) =>
        Readout(FinalStates(x, steps, batch, lengths), batch);

    /// <summary>
    /// Runs a network fitted by <see cref="FitSeries"/> (one-step-ahead: the state after u_t predicts u_{t+1}, so
    /// O = I) as a generator: first driven by <paramref name="warmup"/> [W, I], then for <paramref name="steps"/> steps
    /// on its own, each output fed back as the next input. Returns the generated continuation, [steps, O].
    /// </summary>
    public double[] Generate(ReadOnlySpan<double> warmup, int warmupSteps, int steps)
    {
        if (OutputSize != InputSize) throw new InvalidOperationException($"Generating feeds the output back as input; this network has {OutputSize} outputs and {InputSize} inputs.");
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(warmupSteps);
        ArgumentOutOfRangeException.ThrowIfNegative(steps);
        CheckBatch(warmup, warmupSteps, 1, default);
        ResetState(1);
        for (int t = 0; t < warmupSteps; t++) Advance(warmup.Slice(t * InputSize, InputSize), 1, default, t);
        var generated = new double[steps * OutputSize];
        for (int t = 0; t < steps; t++)
        {
            var y = Readout(Features(_state, 1), 1);
            y.CopyTo(generated.AsSpan(t * OutputSize));
            Advance(y, 1, default, warmupSteps + t);
        }
        return generated;
    }

    /// <inheritdoc/>
    public override string ToString() =>
        $"ESN {InputSize}→{ReservoirSize}→{OutputSize} (ρ = {ReservoirSpectralRadius:G4}, density {Options.Density}, input ±{string.Join("/", Options.InputScales ?? [Options.InputScale])}, α = {Options.LeakRate}, λ = {Options.Ridge})";

    private void ResetState(int batch)
    {
        Buffers.Grow(ref _state, batch * ReservoirSize);
        Buffers.Grow(ref _preActivation, batch * ReservoirSize);
        _state.AsSpan(0, batch * ReservoirSize).Clear();
    }

    /// <summary>
    /// One step for a batch: a = W_in u_t + W x + b; x ← (1 - α) x + α tanh(a), except for sequences already past
    /// their length (<paramref name="lengths"/>, empty: all run), whose state stays as it was.
    /// </summary>
    private void Advance(ReadOnlySpan<double> u, int batch, ReadOnlySpan<int> lengths, int t)
    {
        int N = ReservoirSize;
        var x = _state.AsSpan(0, batch * N);
        var a = _preActivation.AsSpan(0, batch * N);
        MatMul.BroadcastRows<double>(_bias, a, batch);
        MatMul.AddProductTransposed<double>(u, _inputWeights, a, batch, N, InputSize);
        MatMul.AddProductTransposed<double>(x, _weights, a, batch, N, N);
        TensorPrimitives.Tanh<double>(a, a);
        double alpha = Options.LeakRate;
        for (int b = 0; b < batch; b++)
        {
            if (!lengths.IsEmpty && t >= lengths[b]) continue;
            var xb = x.Slice(b * N, N);
            var ab = a.Slice(b * N, N);
            if (alpha == 1) ab.CopyTo(xb);
            else for (int n = 0; n < N; n++) xb[n] += alpha * (ab[n] - xb[n]);
        }
    }

    private void CheckBatch(ReadOnlySpan<double> x, int steps, int batch, ReadOnlySpan<int> lengths)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(steps);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batch);
        if (x.Length != steps * batch * InputSize) throw new ArgumentException($"x has {x.Length} values; [{steps}, {batch}, {InputSize}] needs {steps * batch * InputSize}.", nameof(x));
        if (!lengths.IsEmpty && lengths.Length != batch) throw new ArgumentException($"lengths has {lengths.Length} entries for a batch of {batch}.", nameof(lengths));
        foreach (int length in lengths)
            if (length < 1 || length > steps) throw new ArgumentOutOfRangeException(nameof(lengths), length, $"Every length must be in [1, {steps}].");
    }

    /// <summary>Rows [h; 1] from states [rows, N].</summary>
    private double[] Features(ReadOnlySpan<double> states, int rows)
    {
        int N = ReservoirSize, F = FeatureCount;
        var features = new double[rows * F];
        for (int r = 0; r < rows; r++)
        {
            states.Slice(r * N, N).CopyTo(features.AsSpan(r * F, N));
            features[r * F + N] = 1;
        }
        return features;
    }
}
