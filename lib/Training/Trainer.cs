using System.Diagnostics;
using System.Numerics;
using System.Numerics.Tensors;
using RnnLstm.Models;
using RnnLstm.Numerics;

namespace RnnLstm.Training;

/// <summary>How to train.</summary>
public sealed record TrainerOptions
{
    /// <summary>Sequences per update.</summary>
    public int BatchSize { get; init; } = 1;
    /// <summary>Visit the samples in a new random order every epoch.</summary>
    public bool Shuffle { get; init; } = true;
    /// <summary>Seed of the shuffling.</summary>
    public int Seed { get; init; }
    /// <summary>If set, the gradient is scaled down to this global norm when longer.</summary>
    public double? ClipNorm { get; init; }
    /// <summary>If set, every gradient value is clamped to ±this.</summary>
    public double? ClipValue { get; init; }
    /// <summary>k of truncated BPTT; 0 backpropagates through whole sequences.</summary>
    public int TruncateSteps { get; init; }
    /// <summary>Call the progress callback every this many epochs (and after the last).</summary>
    public int ReportEvery { get; init; } = 1;
}

/// <summary>
/// Trains a <see cref="SequenceModel{T}"/>: forward, loss, backward through time, clipping, optimizer step; and
/// records a <see cref="TrainingHistory"/>.
/// </summary>
public sealed class Trainer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private T[] _x = [], _y = [], _dy = [];
    private int[] _order = [];
    private int _epoch = 1, _batch;
    private double _lastNorm;

    /// <summary>A trainer for <paramref name="model"/>.</summary>
    public Trainer(SequenceModel<T> model, ILoss<T> loss, IOptimizer<T> optimizer, TrainerOptions? options = null)
    {
        Model = model ?? throw new ArgumentNullException(nameof(model));
        Loss = loss ?? throw new ArgumentNullException(nameof(loss));
        Optimizer = optimizer ?? throw new ArgumentNullException(nameof(optimizer));
        Options = options ?? new TrainerOptions();
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Options.BatchSize, "options.BatchSize");
        ArgumentOutOfRangeException.ThrowIfNegative(Options.TruncateSteps, "options.TruncateSteps");
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Options.ReportEvery, "options.ReportEvery");
        ParameterNorms = new double[model.Parameters.Parameters.Count];
    }

    /// <summary>The model being trained.</summary>
    public SequenceModel<T> Model { get; }
    /// <summary>The loss.</summary>
    public ILoss<T> Loss { get; }
    /// <summary>The optimizer.</summary>
    public IOptimizer<T> Optimizer { get; }
    /// <summary>Batch size, shuffling, clipping, truncation.</summary>
    public TrainerOptions Options { get; }
    /// <summary>Gradient norm of each parameter (in registration order) at the last step, before clipping.</summary>
    public double[] ParameterNorms { get; }
    /// <summary>Global gradient norm at the last step, before clipping.</summary>
    public double LastGradientNorm => _lastNorm;
    /// <summary>Updates whose gradient was clipped by norm so far.</summary>
    public int Clipped { get; private set; }

    /// <summary>
    /// One update from one batch: x [T, B, I], targets [T, B, O] or [B, O]. Returns the loss before the update.
    /// </summary>
    /// <param name="lengths">Optional length of each sequence, [B] (see <see cref="RecurrentLayer{T}.Forward"/>):
    /// sequences of different lengths share one padded batch, and a last-step model reads each one's own final state.</param>
    public double Step(ReadOnlySpan<T> x, ReadOnlySpan<T> targets, int steps, int batch, ReadOnlySpan<int> lengths = default)
    {
        _batch++;
        var output = Model.Forward(x, steps, batch, lengths);
        Buffers.Grow(ref _dy, output.Length);
        var dy = _dy.AsSpan(0, output.Length);
        double loss = double.CreateChecked(Loss.Compute(output, targets, dy, Model.Spec.OutputSize));
        if (!double.IsFinite(loss)) throw new TrainingDivergedException(_epoch, _batch, "loss", $"the loss is {loss}");

        var parameters = Model.Parameters;
        parameters.ZeroGradients();
        Model.Backward(dy, Options.TruncateSteps, inputGradient: false);               // the data needs no gradient
        MeasureGradients(parameters);
        if (Options.ClipValue is double limit) GradientClipping.ClipByValue(parameters, limit);
        if (Options.ClipNorm is double maxNorm && _lastNorm > maxNorm) { GradientClipping.ClipByGlobalNorm(parameters, maxNorm); Clipped++; }
        Optimizer.Step(parameters);
        return loss;
    }

    /// <summary>Trains for <paramref name="epochs"/> passes over <paramref name="data"/>; calls <paramref name="progress"/> as it goes.</summary>
    /// <param name="stopAfter">Asked after every epoch; true ends training there (early stopping). The history then
    /// holds only the epochs that ran.</param>
    public TrainingHistory Fit(SequenceDataset<T> data, int epochs, Action<TrainingProgress>? progress = null, Func<TrainingProgress, bool>? stopAfter = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(epochs);
        CheckFits(data);
        int N = data.Count, B = Math.Min(Options.BatchSize, N), T_ = data.Steps;
        var rng = new Rng(Options.Seed);
        if (_order.Length != N) _order = Enumerable.Range(0, N).ToArray();
        Buffers.Grow(ref _x, B * T_ * data.InputSize);
        Buffers.Grow(ref _y, B * (data.TargetsPerStep ? T_ : 1) * data.OutputSize);
        var history = new TrainingHistory();
        var names = Model.Parameters.Parameters.Select(p => p.Name).ToArray();
        foreach (var name in names) history.ParameterGradientNorms[name] = [];
        var clock = Stopwatch.StartNew();
        int clippedBefore = Clipped;
        var epochParameterNorms = new double[names.Length];
        var epochHidden = new double[T_];

        for (int epoch = 1; epoch <= epochs; epoch++)
        {
            _epoch = epoch;
            _batch = 0;
            if (Options.Shuffle) rng.Shuffle(_order.AsSpan());
            double lossSum = 0, normSum = 0;
            int batches = 0;
            Array.Clear(epochParameterNorms);
            Array.Clear(epochHidden);
            for (int start = 0; start < N; start += B)
            {
                int b = Math.Min(B, N - start);
                var x = _x.AsSpan(0, b * T_ * data.InputSize);
                var y = _y.AsSpan(0, b * (data.TargetsPerStep ? T_ : 1) * data.OutputSize);
                data.Gather(_order.AsSpan(start, b), x, y);
                lossSum += Step(x, y, T_, b) * b;
                normSum += _lastNorm;
                TensorPrimitives.Add(epochParameterNorms, ParameterNorms, epochParameterNorms);
                TensorPrimitives.Add(epochHidden, Model.Layers[^1].HiddenGradientNorms, epochHidden);
                batches++;
            }
            history.Loss.Add(lossSum / N);
            history.GradientNorm.Add(normSum / batches);
            for (int p = 0; p < names.Length; p++) history.ParameterGradientNorms[names[p]].Add(epochParameterNorms[p] / batches);
            TensorPrimitives.Divide(epochHidden, batches, epochHidden);
            history.HiddenGradientNorms.Add((double[])epochHidden.Clone());
            history.Elapsed = clock.Elapsed;
            history.ClippedBatches = Clipped - clippedBefore;
            if (progress is not null && (epoch % Options.ReportEvery == 0 || epoch == epochs))
                progress(new TrainingProgress(epoch, epochs, history.Loss[^1], history.GradientNorm[^1], clock.Elapsed));
            if (stopAfter is not null && stopAfter(new TrainingProgress(epoch, epochs, history.Loss[^1], history.GradientNorm[^1], clock.Elapsed))) break;
        }
        return history;
    }

    private void MeasureGradients(ParameterSet<T> parameters)
    {
        double sumSquares = 0;
        var list = parameters.Parameters;
        for (int p = 0; p < list.Count; p++)
        {
            double norm = double.CreateChecked(TensorPrimitives.Norm<T>(list[p].Grad));
            if (!double.IsFinite(norm))
                throw new TrainingDivergedException(_epoch, _batch, list[p].Name, "its gradient is not finite");
            ParameterNorms[p] = norm;
            sumSquares += norm * norm;
        }
        _lastNorm = Math.Sqrt(sumSquares);
    }

    private void CheckFits(SequenceDataset<T> data)
    {
        var spec = Model.Spec;
        if (data.InputSize != spec.InputSize)
            throw new ArgumentException($"The data has {data.InputSize} inputs per step; the model takes {spec.InputSize}.", nameof(data));
        if (data.OutputSize != spec.OutputSize)
            throw new ArgumentException($"The data has {data.OutputSize} targets per output; the model gives {spec.OutputSize}.", nameof(data));
        if (data.TargetsPerStep != (spec.Output == OutputMode.EveryStep))
            throw new ArgumentException($"The data has targets {(data.TargetsPerStep ? "at every step" : "per sequence")}; the model answers {(spec.Output == OutputMode.EveryStep ? "at every step" : "per sequence")}.", nameof(data));
    }
}
