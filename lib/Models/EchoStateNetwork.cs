using RnnLstm.Cells;
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
    /// <summary>Input weights are uniform in ±this.</summary>
    public double InputScale { get; init; } = 1.0;
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
/// reservoir:  h_t = tanh(W_in x_t + W h_{t-1} + b)     W_in [N, I] uniform ±InputScale, b [N] uniform ±BiasScale
///             W [N, N] sparse random, rescaled so that ρ(W) = SpectralRadius
/// readout:    y = W_out [h; 1]                          W_out [O, N+1]
/// fit:        W_outᵀ = (SᵀS + λI)⁻¹ SᵀY                 S: one row [h; 1] per training state
/// </code>
/// The reservoir is an ordinary tanh <see cref="ElmanCell{T}"/> run by a <see cref="RecurrentLayer{T}"/> (so batches
/// of sequences of different lengths work as for the trained nets); its weights are drawn once and never updated.
/// Two ways to fit: <see cref="FitSeries"/> on one long series with a target at every step (the classic use, with a
/// washout), and <see cref="FitFinalStates"/> on the final states of many independent sequences, each started from
/// h_0 = 0 (the adding problem: one answer per sequence, so no washout is involved).
/// </remarks>
public sealed class EchoStateNetwork
{
    private readonly RecurrentLayer<double> _reservoir;
    private readonly ParameterSet<double> _weights = new();
    private double[] _readout;

    /// <summary>Draws the reservoir from <paramref name="seed"/>; the readout starts at zero.</summary>
    public EchoStateNetwork(int inputSize, int outputSize, EchoStateOptions options, int seed)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(outputSize);
        Options = options;
        OutputSize = outputSize;
        var cell = new ElmanCell<double>(inputSize, options.ReservoirSize, _weights, "reservoir", ElmanActivation.Tanh, bias: true);
        _reservoir = new RecurrentLayer<double>(cell);
        var rng = new Rng(seed);
        Init.Uniform(cell.InputWeights.Value, options.InputScale, rng);
        Init.Uniform(cell.Bias!.Value, options.BiasScale, rng);
        ReservoirSpectralRadius = DrawReservoir(cell.RecurrentWeights.Value, options, rng);
        _readout = new double[outputSize * FeatureCount];
    }

    /// <summary>The settings the reservoir was drawn with.</summary>
    public EchoStateOptions Options { get; }
    /// <summary>I.</summary>
    public int InputSize => _reservoir.InputSize;
    /// <summary>N.</summary>
    public int ReservoirSize => _reservoir.HiddenSize;
    /// <summary>O.</summary>
    public int OutputSize { get; }
    /// <summary>N + 1: the reservoir state and a constant 1 (the readout's intercept).</summary>
    public int FeatureCount => ReservoirSize + 1;
    /// <summary>ρ(W) of the drawn reservoir, measured after scaling (<see cref="LinearAlgebra.SpectralRadius"/>).</summary>
    public double ReservoirSpectralRadius { get; }
    /// <summary>W, [N, N] (read-only view of the fixed reservoir).</summary>
    public ReadOnlySpan<double> ReservoirWeights => _reservoir.Cell.RecurrentWeights.Value;
    /// <summary>W_out, [O, N+1] (last column: intercept).</summary>
    public ReadOnlySpan<double> ReadoutWeights => _readout;

    /// <summary>Runs the reservoir over <paramref name="x"/> [T, B, I]; returns each sequence's final state as a feature row [h_T; 1], [B, N+1].</summary>
    public double[] FinalStates(ReadOnlySpan<double> x, int steps, int batch, ReadOnlySpan<int> lengths = default)
    {
        _reservoir.ResetState();
        _reservoir.Forward(x, steps, batch, lengths);
        return Features(_reservoir.FinalHidden, batch);
    }

    /// <summary>Runs the reservoir over one series [T, I] from h_0 = 0; returns every state as a feature row, [T, N+1].</summary>
    public double[] SeriesStates(ReadOnlySpan<double> series, int steps)
    {
        _reservoir.ResetState();
        _reservoir.Forward(series, steps, batch: 1);
        return Features(_reservoir.Outputs, steps);
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

    /// <inheritdoc/>
    public override string ToString() =>
        $"ESN {InputSize}→{ReservoirSize}→{OutputSize} (ρ = {ReservoirSpectralRadius:G4}, density {Options.Density}, input ±{Options.InputScale}, λ = {Options.Ridge})";

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

    /// <summary>
    /// Fills W [N, N] with uniform ±1 weights where a Density-biased coin says so (at least one per row, so no unit
    /// is cut off from the rest), then rescales it to the requested spectral radius. Returns the measured ρ(W).
    /// </summary>
    private static double DrawReservoir(Span<double> w, EchoStateOptions options, Rng rng)
    {
        int n = options.ReservoirSize;
        w.Clear();
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
                if (rng.NextDouble() < options.Density) w[i * n + j] = rng.Uniform(-1, 1);
            int forced = rng.NextInt(n);
            if (w[i * n + forced] == 0) w[i * n + forced] = rng.Uniform(-1, 1);
        }
        double radius = LinearAlgebra.SpectralRadius(w, n);
        if (radius == 0) return 0;
        for (int k = 0; k < w.Length; k++) w[k] *= options.SpectralRadius / radius;
        return LinearAlgebra.SpectralRadius(w, n);
    }
}
