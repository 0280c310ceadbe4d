using System.Diagnostics;
using System.Runtime.InteropServices;
using RnnLstm.Cells;
using RnnLstm.Models;
using RnnLstm.Numerics;
using RnnLstm.Training;

namespace RnnLstm.Tasks;

/// <summary>The learners the adding-problem experiment compares (the lecture's "ways to learn an RNN", and the baseline).</summary>
public enum AddingMethod
{
    /// <summary>tanh Elman RNN with plain random initialization (uniform ±1/√H), trained by BPTT with Adam: the baseline.</summary>
    Rnn,
    /// <summary>LSTM, forget-gate bias 5 (so the cell keeps its content for about a hundred steps from the start), trained by BPTT with Adam.</summary>
    Lstm,
    /// <summary>GRU, update-gate bias 5 (so it starts by copying its state forward), trained by BPTT with Adam.</summary>
    Gru,
    /// <summary>ReLU Elman RNN with identity recurrent weights and zero biases (IRNN, Le et al. 2015), trained with SGD + momentum and clipping.</summary>
    Irnn,
    /// <summary>Echo state network: a fixed reservoir (by default <see cref="AddingProblemSettings.DesignedReservoir"/>, slow
    /// leaky integrators with per-channel input scales and biases), ridge-regression readout of the final state.</summary>
    Esn,
    /// <summary>tanh Elman RNN started as Sutskever, Martens, Dahl &amp; Hinton (2013) start theirs (a sparse recurrent
    /// matrix, 15 N(0, 1) weights per unit, at spectral radius 1.1; input weights 0.001·N(0, 1); a small output layer
    /// whose bias is the target mean), all weights then trained by SGD with Nesterov momentum, 0.9 for 1,000 updates
    /// and then 0.995 (see <see cref="AddingProblemSettings.For"/> for where the defaults depart from the paper).</summary>
    Momentum,
    /// <summary>tanh Elman RNN trained by Hessian-free optimization with structural damping (Martens &amp; Sutskever 2011).</summary>
    Hf,
}

/// <summary>Everything that defines one adding-problem run. <see cref="For"/> gives the tuned defaults of each method.</summary>
public sealed record AddingProblemSettings
{
    /// <summary>The learner.</summary>
    public AddingMethod Method { get; init; } = AddingMethod.Lstm;
    /// <summary>T: minimal sequence length (sequences have T..T + T/10 pairs).</summary>
    public int Length { get; init; } = 100;
    /// <summary>Most training sequences to present before giving up.</summary>
    public long Budget { get; init; } = 300_000;
    /// <summary>Seed of the weights, the training stream and the test set.</summary>
    public int Seed { get; init; } = 1;
    /// <summary>Fresh sequences in the final test (the paper tests on 2,560).</summary>
    public int TestSequences { get; init; } = 2560;
    /// <summary>Call the progress callback (and record a point of <see cref="AddingProblemResult.Curve"/>) every this many sequences.</summary>
    public int ReportEvery { get; init; } = 5000;

    /// <summary>H: hidden units of the trained nets.</summary>
    public int HiddenSize { get; init; } = 32;
    /// <summary>Sequences per update.</summary>
    public int BatchSize { get; init; } = 32;
    /// <summary>η of Adam (rnn, lstm, gru) or of SGD with momentum (irnn, momentum).</summary>
    public double LearningRate { get; init; } = 0.01;
    /// <summary>μ of the momentum optimizer (irnn only).</summary>
    public double Momentum { get; init; } = 0.9;
    /// <summary>Global-norm gradient clipping threshold; null: no clipping.</summary>
    public double? ClipNorm { get; init; } = 1.0;
    /// <summary>Initial LSTM forget-gate bias; for the GRU, the initial update-gate bias (the gate that keeps h_{t-1}).</summary>
    public double ForgetBias { get; init; } = 5.0;
    /// <summary>ρ of the initial recurrent matrix: gain of the identity (irnn), spectral radius of the sparse
    /// echo-state-style matrix (momentum).</summary>
    public double RecurrentGain { get; init; } = 1.0;
    /// <summary>Momentum only: nonzero recurrent weights per hidden unit of the initial matrix, exactly this many in
    /// every row (<see cref="Init.SparseSpectralFixedFanIn{T}"/>; the paper: 15).</summary>
    public int RecurrentNonzeros { get; init; } = 15;
    /// <summary>Momentum only: initial input weights of the value and the marker channel are these times N(0, 1)
    /// (the paper: 0.001 for both).</summary>
    public (double Value, double Marker) InputScales { get; init; } = (0.001, 0.001);
    /// <summary>Momentum only: initial output weights are this times N(0, 1) (the paper: 0.1).</summary>
    public double OutputWeightScale { get; init; } = 0.1;
    /// <summary>Momentum only: initial output bias; the paper sets it to the mean of the targets, 0.5 for the adding
    /// problem, so the untrained net already gives the best constant answer and the hidden units are not pushed to
    /// carry the mean.</summary>
    public double OutputBias { get; init; } = 0.5;
    /// <summary>Momentum only: μ_t of Nesterov's momentum (<see cref="MomentumSchedule"/>).</summary>
    public MomentumSchedule Schedule { get; init; } = new();
    /// <summary>Momentum only: once the mean squared error of the recent 2,000 training sequences is below this, the
    /// final phase begins: μ is held at <see cref="FinalMomentum"/> and η at <see cref="FinalLearningRate"/> for the rest
    /// of the run. Null: no final phase.</summary>
    public double? FinalPhaseMse { get; init; }
    /// <summary>Momentum only: μ of the final phase, set whether it is above or below the schedule's (the recipe raises
    /// it; Sutskever et al. lowered μ to 0.9 for the last updates of their autoencoders).</summary>
    public double FinalMomentum { get; init; } = 0.9;
    /// <summary>Momentum only: η of the final phase as a multiple of <see cref="LearningRate"/> (1: unchanged), so
    /// that a changed η keeps the phase's ratio.</summary>
    public double FinalLearningRateScale { get; init; } = 1;
    /// <summary>Momentum only: η of the final phase, <see cref="LearningRate"/> · <see cref="FinalLearningRateScale"/>.</summary>
    public double FinalLearningRate => LearningRate * FinalLearningRateScale;
    /// <summary>Gradient-trained methods: every this many training sequences (and at the end) the net is also
    /// evaluated on the whole test set, giving the paper's measure, the share of test sequences with |error| ≥ 0.04,
    /// along the run (<see cref="AddingProblemResult.Checkpoints"/>). 0: only at the end.</summary>
    public long CheckpointEvery { get; init; } = 500_000;

    /// <summary>Reservoir and readout of the echo state network (esn only): by default <see cref="DesignedReservoir"/>.</summary>
    public EchoStateOptions EchoState { get; init; } = DesignedReservoir;

    /// <summary>
    /// A reservoir designed for the adding problem. The readout is linear in the final state, so the state must already
    /// hold X1 + X2: the sum over all steps of "value if marked, else nothing". Each unit here is a slow leaky
    /// integrator (α = 0.002: a time constant of 500 steps, far beyond T) of a nonlinear function of the current pair,
    /// x_T ≈ α Σ_t tanh(w_v v_t + w_m m_t + b + ...); the marker channel has twice the weight scale of the value
    /// channel and the biases are spread over ±1, so different units are pushed into different parts of the tanh by the
    /// marker and each responds to the value differently when marked than when not. The readout then finds the
    /// combination of units whose summed response is the marked values and cancels the unmarked ones. A weak
    /// recurrent matrix (ρ = 0.5) stays, as in any reservoir; with α this small it barely matters.
    /// </summary>
    public static EchoStateOptions DesignedReservoir { get; } = new()
    {
        ReservoirSize = 200, SpectralRadius = 0.5, Density = 0.1, InputScales = [1.0, 2.0], BiasScale = 1.0, LeakRate = 0.002, Ridge = 1e-8,
    };

    /// <summary>The generic reservoir this notebook used before: plain tanh units (α = 1), ρ = 0.99, one input scale, no biases.</summary>
    public static EchoStateOptions GenericReservoir { get; } = new() { ReservoirSize = 200, SpectralRadius = 0.99, Density = 0.1, InputScale = 0.5, Ridge = 1e-8 };
    /// <summary>Hessian-free settings (hf only); <see cref="BatchSize"/> is the gradient batch, of which the first
    /// <see cref="HessianFreeOptions.CurvatureBatchSize"/> sequences are the curvature batch.</summary>
    public HessianFreeOptions HessianFree { get; init; } = new() { CurvatureBatchSize = 200 };
    /// <summary>Gain of the orthogonal recurrent matrix the hf net starts from (its spectral radius).</summary>
    public double HessianFreeRecurrentGain { get; init; } = 1.0;

    /// <summary>ESN: the readout is refitted on 1,000, 2,000, 4,000, ... training sequences until solved or <see cref="Budget"/>.</summary>
    public int EchoStateFirstFit { get; init; } = 1000;

    /// <summary>Momentum's initial output weight scale, the paper's 0.1 (its weights W are drawn from 0.1·N(0, 1)).</summary>
    public const double MomentumOutputScale = 0.1;
    /// <summary>Momentum's final phase begins once the recent training MSE is below this (about 1% of the constant guess's 0.042).</summary>
    public const double MomentumFinalPhaseMse = 5e-4;
    /// <summary>Momentum's η until the final phase (a tenth of it after): 2e-4, inside the paper's 1e-3 .. 1e-6. At
    /// T = 100, seeds 1 and 4 learned sooner than with 1e-4 (10.5% and 3.4% of the test sequences wrong at 5.5 M
    /// sequences, against 45% and 23%) and reached the final phase; seeds 2 and 3 did not (84% and 28.5% wrong at
    /// 10 M, against 68% and 15% with 1e-4).</summary>
    public const double MomentumLearningRate = 2e-4;

    /// <summary>The tuned defaults of <paramref name="method"/> at minimal length <paramref name="length"/>.</summary>
    /// <remarks>
    /// Momentum follows Sutskever, Martens, Dahl &amp; Hinton (2013, RNN section and appendix): H = 100, batches of 100,
    /// 15 N(0, 1) recurrent weights per unit at ρ = 1.1, input weights 0.001·N(0, 1), output bias at the target mean,
    /// Nesterov momentum 0.9 for 1,000 updates and then 0.995, η = <see cref="MomentumLearningRate"/> (inside the paper's
    /// 1e-3 .. 1e-6). Departures: the gradient is clipped to norm 1 (the paper does not clip; once the net learns, it
    /// shortens 93-100% of the updates at μ = 0.995, so it shapes the steps: each has length η whatever the error); a
    /// final phase once the recent training MSE is below <see cref="MomentumFinalPhaseMse"/>: μ = 0.999 and η / 10 for
    /// the rest of the run, so that each step averages the gradient of about 1/(1 - μ) = 1,000 updates. What is left to
    /// learn then is small and systematic (the stored values fade or overshoot with how long they are held, and bend
    /// near ±1); it adds up over the updates while the noise of the batches of 100 cancels. The paper trained for a fixed
    /// budget instead; the budget here is 10 M sequences, the paper's 5 M at T = 80 doubled for T ≥ 100.
    /// </remarks>
    public static AddingProblemSettings For(AddingMethod method, int length) => method switch
    {
        AddingMethod.Rnn => new() { Method = method, Length = length, LearningRate = 0.003 },
        AddingMethod.Lstm => new() { Method = method, Length = length, LearningRate = 0.01, BatchSize = 16 },
        AddingMethod.Gru => new() { Method = method, Length = length, LearningRate = 0.01, BatchSize = 16 },
        AddingMethod.Irnn => new() { Method = method, Length = length, HiddenSize = 100, LearningRate = 0.01, Momentum = 0.9, ClipNorm = 1.0 },
        AddingMethod.Esn => new() { Method = method, Length = length },
        AddingMethod.Momentum => new()
        {
            Method = method, Length = length, HiddenSize = 100, BatchSize = 100, Budget = 10_000_000,
            RecurrentGain = 1.1, RecurrentNonzeros = 15, InputScales = (0.001, 0.001), OutputWeightScale = MomentumOutputScale, OutputBias = 0.5,
            LearningRate = MomentumLearningRate, Schedule = new MomentumSchedule(0.9, 0.995, 1000, MomentumShape.Step), ClipNorm = 1.0,
            FinalPhaseMse = MomentumFinalPhaseMse, FinalMomentum = 0.999, FinalLearningRateScale = 0.1,
        },
        AddingMethod.Hf => new() { Method = method, Length = length, HiddenSize = 100, BatchSize = 1000, ClipNorm = null, Budget = 2_000_000 },
        _ => throw new ArgumentOutOfRangeException(nameof(method), method, "Unknown method."),
    };

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first setting that cannot work.</summary>
    public void Validate()
    {
        if (!Enum.IsDefined(Method)) throw new ArgumentOutOfRangeException(nameof(Method), Method, "Unknown method.");
        if (Length < AddingProblem.MinimumLength) throw new ArgumentOutOfRangeException(nameof(Length), Length, $"Length must be at least {AddingProblem.MinimumLength}.");
        if (Budget <= 0) throw new ArgumentOutOfRangeException(nameof(Budget), Budget, "Budget must be positive.");
        if (TestSequences <= 0) throw new ArgumentOutOfRangeException(nameof(TestSequences), TestSequences, "TestSequences must be positive.");
        if (ReportEvery <= 0) throw new ArgumentOutOfRangeException(nameof(ReportEvery), ReportEvery, "ReportEvery must be positive.");
        if (HiddenSize <= 0) throw new ArgumentOutOfRangeException(nameof(HiddenSize), HiddenSize, "HiddenSize must be positive.");
        if (BatchSize <= 0) throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, "BatchSize must be positive.");
        if (ClipNorm is double c && !(c > 0)) throw new ArgumentOutOfRangeException(nameof(ClipNorm), c, "ClipNorm must be positive (or null for none).");
        if (RecurrentNonzeros <= 0) throw new ArgumentOutOfRangeException(nameof(RecurrentNonzeros), RecurrentNonzeros, "RecurrentNonzeros must be positive.");
        if (!(InputScales.Value >= 0 && InputScales.Marker >= 0) || double.IsInfinity(InputScales.Value + InputScales.Marker))
            throw new ArgumentOutOfRangeException(nameof(InputScales), InputScales, "InputScales must be finite and non-negative.");
        Schedule.Validate();
        if (FinalPhaseMse is double f && !(f > 0)) throw new ArgumentOutOfRangeException(nameof(FinalPhaseMse), f, "FinalPhaseMse must be positive (or null for none).");
        if (!(FinalLearningRateScale > 0 && double.IsFinite(FinalLearningRateScale))) throw new ArgumentOutOfRangeException(nameof(FinalLearningRateScale), FinalLearningRateScale, "FinalLearningRateScale must be positive and finite (1: η unchanged).");
        if (!(OutputWeightScale >= 0) || double.IsInfinity(OutputWeightScale)) throw new ArgumentOutOfRangeException(nameof(OutputWeightScale), OutputWeightScale, "OutputWeightScale must be finite and non-negative.");
        if (!double.IsFinite(OutputBias)) throw new ArgumentOutOfRangeException(nameof(OutputBias), OutputBias, "OutputBias must be finite.");
        if (CheckpointEvery < 0) throw new ArgumentOutOfRangeException(nameof(CheckpointEvery), CheckpointEvery, "CheckpointEvery must be non-negative (0: only at the end).");
        if (!(FinalMomentum is >= 0 and < 1)) throw new ArgumentOutOfRangeException(nameof(FinalMomentum), FinalMomentum, "FinalMomentum must be in [0, 1).");
        if (EchoStateFirstFit <= 0) throw new ArgumentOutOfRangeException(nameof(EchoStateFirstFit), EchoStateFirstFit, "EchoStateFirstFit must be positive.");
        EchoState.Validate();
        HessianFree.Validate();
        if (!(HessianFreeRecurrentGain > 0)) throw new ArgumentOutOfRangeException(nameof(HessianFreeRecurrentGain), HessianFreeRecurrentGain, "HessianFreeRecurrentGain must be positive.");
    }

    /// <summary>One line naming the learner and its settings, e.g. for a results table.</summary>
    public string Describe() => Method switch
    {
        AddingMethod.Esn => $"ESN N={EchoState.ReservoirSize}, α={EchoState.LeakRate}, ρ={EchoState.SpectralRadius}, density {EchoState.Density}, " +
            (EchoState.InputScales is [var v, var m] ? $"input ±{v} value, ±{m} marker" : $"input ±{EchoState.InputScale}") +
            $", bias ±{EchoState.BiasScale}, λ={EchoState.Ridge}",
        AddingMethod.Momentum => $"tanh RNN H={HiddenSize}, sparse init (ρ={RecurrentGain}, {RecurrentNonzeros} N(0,1) per unit, input {InputScales.Value}·N(0,1) value, {InputScales.Marker}·N(0,1) marker, " +
            $"output {OutputWeightScale}·N(0,1), output bias {OutputBias}), Nesterov η={LearningRate} {Schedule}" +
            (FinalPhaseMse is double f ? $", final phase once recent MSE < {f}: μ = {FinalMomentum}" + (FinalLearningRateScale != 1 ? $", η = {FinalLearningRate:G6}" : "") : "") +
            $", batch {BatchSize}, {Clip}" + (ClipNorm is not null ? " (the paper does not clip; once the net learns, it shortens most updates)" : ""),
        AddingMethod.Hf => $"HF RNN H={HiddenSize}, tanh, orthogonal V ×{HessianFreeRecurrentGain}, gradient batch {BatchSize}, curvature batch {HessianFree.CurvatureBatchSize}, " +
            $"λ₀={HessianFree.InitialDamping}, μ={HessianFree.StructuralDamping:G3}, CG ≤ {HessianFree.MaxCgIterations}, ζ={HessianFree.CgDecay}",
        AddingMethod.Irnn => $"IRNN H={HiddenSize}, ReLU, V={RecurrentGain}·I, SGD η={LearningRate} μ={Momentum}, batch {BatchSize}, {Clip}",
        AddingMethod.Lstm => $"LSTM H={HiddenSize}, forget bias {ForgetBias}, Adam η={LearningRate}, batch {BatchSize}, {Clip}",
        AddingMethod.Gru => $"GRU H={HiddenSize}, update-gate bias {ForgetBias}, Adam η={LearningRate}, batch {BatchSize}, {Clip}",
        _ => $"{Method.ToString().ToUpperInvariant()} H={HiddenSize}, Adam η={LearningRate}, batch {BatchSize}, {Clip}",
    };

    private string Clip => ClipNorm is double c ? $"clip ‖g‖ ≤ {c}" : "no clipping";
}

/// <summary>A point of a run's learning curve.</summary>
/// <param name="SequencesSeen">Training sequences presented so far.</param>
/// <param name="MeanSquaredError">Over the most recent 2,000 training sequences (each measured before its update).</param>
/// <param name="Accuracy">Fraction of those answered within 0.04.</param>
/// <param name="Elapsed">Wall time so far.</param>
public sealed record AddingProblemProgress(long SequencesSeen, double MeanSquaredError, double Accuracy, TimeSpan Elapsed)
{
    /// <inheritdoc/>
    public override string ToString() =>
        $"{SequencesSeen,9:N0} sequences  recent MSE {MeanSquaredError:F5}  recent accuracy {Accuracy:P1}  {Elapsed.TotalSeconds:F1} s";
}

/// <summary>The outcome of one adding-problem run.</summary>
/// <param name="Settings">What was run.</param>
/// <param name="Solved">Whether the paper's stopping criterion was met within the budget.</param>
/// <param name="SequencesSeen">Training sequences presented until solved, or the whole budget.</param>
/// <param name="TestAccuracy">Fraction of <see cref="AddingProblemSettings.TestSequences"/> fresh sequences answered within 0.04.</param>
/// <param name="TestMeanAbsError">Mean |output - target| on those sequences.</param>
/// <param name="WallTime">Training and testing time.</param>
/// <param name="Diverged">Why training stopped early with NaN or infinity (e.g. without clipping), else null.</param>
/// <param name="Curve">The learning curve, one point per <see cref="AddingProblemSettings.ReportEvery"/> sequences (and one at the end).</param>
/// <param name="Checkpoints">Gradient-trained methods: the whole test set scored every
/// <see cref="AddingProblemSettings.CheckpointEvery"/> sequences and at the end (the paper's measure along the run); empty for the ESN.</param>
/// <param name="ClippedUpdates">Gradient-trained methods (not HF): how many updates the clipping shortened.</param>
/// <param name="FinalPhaseFrom">Momentum: the training sequences seen when the final phase began (<see cref="AddingProblemSettings.FinalPhaseMse"/>), or null if it never did.</param>
public sealed record AddingProblemResult(AddingProblemSettings Settings, bool Solved, long SequencesSeen, double TestAccuracy,
    double TestMeanAbsError, TimeSpan WallTime, string? Diverged, IReadOnlyList<AddingProblemProgress> Curve,
    IReadOnlyList<AddingCheckpoint>? Checkpoints = null, long? FinalPhaseFrom = null, int? ClippedUpdates = null)
{
    /// <summary>The paper's measure at the end: the share of test sequences with |error| ≥ 0.04 (1 - <see cref="TestAccuracy"/>).</summary>
    public double TestErrorRate => 1 - TestAccuracy;

    /// <inheritdoc/>
    public override string ToString() =>
        $"{Settings.Method} T={Settings.Length}: {(Solved ? "solved" : Diverged is null ? "not solved" : "diverged")} after {SequencesSeen:N0} sequences, " +
        $"test accuracy {TestAccuracy:P1} (mean |error| {TestMeanAbsError:F4}), {WallTime.TotalSeconds:F1} s";
}

/// <summary>
/// Trains one method on the adding problem and tests it: the whole experiment behind the notebook's table and the
/// <c>adding-problem</c> command.
/// </summary>
/// <remarks>
/// <para>Training sequences are drawn fresh for every batch (an endless stream, as in the paper), each batch padded
/// to its longest sequence and run with per-sequence lengths, so the output reads each sequence's own final state.
/// The loss is the squared error at the end of each sequence. Training stops when the paper's criterion holds
/// (<see cref="AddingStopRule"/>) or the budget is spent; then the net is tested on fresh sequences from a separate
/// stream.</para>
/// <para>The trained nets run in float32 (the tolerance, 0.04, is far above its precision, and it is twice as fast);
/// the ESN's ridge regression runs in float64.</para>
/// </remarks>
public static class AddingProblemExperiment
{
    /// <summary>Runs <paramref name="settings"/>; reports progress every <see cref="AddingProblemSettings.ReportEvery"/>
    /// sequences, and each checkpoint (<see cref="AddingProblemSettings.CheckpointEvery"/>) as soon as it is scored.</summary>
    public static AddingProblemResult Run(AddingProblemSettings settings, Action<AddingProblemProgress>? progress = null,
        Action<AddingCheckpoint>? checkpoint = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        return settings.Method == AddingMethod.Esn ? RunEchoState(settings, progress) : RunGradientTraining(settings, progress, checkpoint);
    }

    /// <summary>The recurrent net a gradient-trained method uses: one layer of H units, one linear output from the last step.</summary>
    public static ModelSpec ModelFor(AddingProblemSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var spec = new ModelSpec
        {
            InputSize = AddingProblem.InputSize,
            HiddenSizes = [settings.HiddenSize],
            OutputSize = 1,
            Output = OutputMode.LastStep,
        };
        return settings.Method switch
        {
            AddingMethod.Rnn or AddingMethod.Momentum => spec with { Cell = CellKind.Elman },
            AddingMethod.Lstm => spec with { Cell = CellKind.Lstm, ForgetBias = settings.ForgetBias },
            AddingMethod.Gru => spec with { Cell = CellKind.Gru },
            AddingMethod.Irnn => spec with { Cell = CellKind.Elman, ElmanActivation = ElmanActivation.Relu, Init = WeightInit.Identity, InitScale = settings.RecurrentGain },
            AddingMethod.Hf => spec with { Cell = CellKind.Elman, Init = WeightInit.Orthogonal, InitScale = settings.HessianFreeRecurrentGain },
            _ => throw new ArgumentOutOfRangeException(nameof(settings), settings.Method, "The ESN is not a gradient-trained model."),
        };
    }

    /// <summary>Seeds of the three independent random streams of a run, derived from its one seed (the test stream
    /// draws the <see cref="AddingProblemTestSet"/>).</summary>
    private static (int Weights, Rng Train, Rng Test) Streams(int seed)
    {
        var root = new Rng(seed);
        return (root.NextInt(int.MaxValue), root.Fork(), root.Fork());
    }

    private static AddingProblemResult RunGradientTraining(AddingProblemSettings s, Action<AddingProblemProgress>? progress,
        Action<AddingCheckpoint>? onCheckpoint)
    {
        var clock = Stopwatch.StartNew();
        var (_, trainRng, testRng) = Streams(s.Seed);
        var model = InitialModel(s);
        var testSet = new AddingProblemTestSet(s.Length, s.TestSequences, testRng);
        var probes = Enumerable.Range(0, 100).Select(_ => AddingProblem.Sample(s.Length, testRng)).ToArray();   // for the sensitivities
        AddingTestScore Score() => testSet.Score((xs, steps, batch, lens) => ToDoubles(model.Forward(FromDoubles(xs), steps, batch, lens)));
        IOptimizer<float> optimizer = s.Method switch
        {
            AddingMethod.Irnn => new Momentum<float>(s.LearningRate, s.Momentum),
            AddingMethod.Momentum => new NesterovMomentum<float>(s.LearningRate, s.Schedule),
            _ => new Adam<float>(s.LearningRate),
        };
        var trainer = new Trainer<float>(model, Losses.MeanSquaredError<float>(), optimizer, new TrainerOptions { ClipNorm = s.ClipNorm });
        var hessianFree = s.Method == AddingMethod.Hf ? new HessianFree<float>(model, s.HessianFree) : null;
        var norms = new List<double>();                              // gradient norms since the last checkpoint
        int clippedBefore = 0;
        GradientWindow? GradientsSinceLast()
        {
            if (norms.Count == 0) return null;
            var window = new GradientWindow(norms.Count, Statistics.Median(CollectionsMarshal.AsSpan(norms)), (trainer.Clipped - clippedBefore) / (double)norms.Count);
            norms.Clear();
            clippedBefore = trainer.Clipped;
            return window;
        }
        AddingCheckpoint Checkpoint(long seen, long updates, AddingTestScore score)
        {
            var (first, last) = AddingProblemGradients.ValueSensitivity(model, probes);   // after Score: its gradients are never used
            var point = new AddingCheckpoint(seen, updates, score, first, last, GradientsSinceLast());
            onCheckpoint?.Invoke(point);
            return point;
        }

        int B = s.BatchSize;
        var x = new float[AddingProblem.MaxLength(s.Length) * B * AddingProblem.InputSize];
        var lengths = new int[B];
        var targets = new float[B];
        var rule = new AddingStopRule();
        var curve = new List<AddingProblemProgress>();
        var checkpoints = new List<AddingCheckpoint>();
        long seen = 0, updates = 0, nextReport = s.ReportEvery, nextCheckpoint = s.CheckpointEvery > 0 ? s.CheckpointEvery : long.MaxValue;
        long? finalPhaseFrom = null;
        string? diverged = null;
        while (seen < s.Budget && !rule.Satisfied)
        {
            int batch = (int)Math.Min(B, s.Budget - seen);          // the last batch may be smaller: never exceed the budget
            int steps = AddingProblem.FillBatch<float>(s.Length, trainRng, x, lengths, targets, batch);
            var xs = x.AsSpan(0, steps * batch * AddingProblem.InputSize);
            var ts = targets.AsSpan(0, batch);
            var ls = lengths.AsSpan(0, batch);
            try { if (hessianFree is null) trainer.Step(xs, ts, steps, batch, ls); else hessianFree.Step(xs, ts, steps, batch, ls); }
            catch (TrainingDivergedException e) { diverged = e.Message; break; }
            updates++;
            if (hessianFree is null) norms.Add(trainer.LastGradientNorm);
            var output = hessianFree is null ? model.Output : hessianFree.Outputs; // computed before this batch's update
            for (int b = 0; b < batch && !rule.Satisfied; b++)
            {
                rule.Add(output[b], targets[b]);
                seen++;
            }
            if (finalPhaseFrom is null && optimizer is NesterovMomentum<float> nesterov && s.FinalPhaseMse is double settle && seen >= rule.Window
                && rule.MeanSquaredError < settle)
            {
                finalPhaseFrom = seen;                               // from here on: the final μ (held constant) and η for the rest of the run
                nesterov.Schedule = new MomentumSchedule(s.FinalMomentum, s.FinalMomentum, 1, MomentumShape.Step);
                nesterov.LearningRate = s.FinalLearningRate;
            }
            if (seen >= nextCheckpoint && !rule.Satisfied)
            {
                checkpoints.Add(Checkpoint(seen, updates, Score()));
                nextCheckpoint += s.CheckpointEvery;
            }
            if (seen >= nextReport)
            {
                Report(curve, progress, new AddingProblemProgress(seen, rule.MeanSquaredError, rule.Accuracy, clock.Elapsed));
                nextReport += s.ReportEvery;
            }
        }
        Report(curve, progress, new AddingProblemProgress(seen, rule.MeanSquaredError, rule.Accuracy, clock.Elapsed));

        var final = diverged is null ? Score() : new AddingTestScore(0.0, 1.0, double.NaN);
        if (diverged is null && (checkpoints.Count == 0 || checkpoints[^1].SequencesSeen != seen)) checkpoints.Add(Checkpoint(seen, updates, final));
        return new AddingProblemResult(s, rule.Satisfied, seen, final.Accuracy, final.MeanAbsError, clock.Elapsed, diverged, curve, checkpoints, finalPhaseFrom,
            hessianFree is null ? trainer.Clipped : null);
    }

    /// <summary>
    /// The GRU's counterpart of the LSTM's forget-gate bias: its update gate z (bias rows H..2H, gate order r, z, n)
    /// mixes h_t = (1 - z) n_t + z h_{t-1}, so a large bias starts z near 1 and the state is carried forward unchanged.
    /// </summary>
    private static void SetUpdateGateBias(SequenceModel<float> model, double bias)
    {
        var cell = model.Layers[0].Cell;
        Init.Constant(cell.Bias!.Value.Slice(cell.HiddenSize, cell.HiddenSize), bias);
    }

    /// <summary>
    /// Sutskever et al.'s (2013) starting point for their RNNs: a sparse recurrent matrix V [H, H] like an echo state
    /// network's, exactly <see cref="AddingProblemSettings.RecurrentNonzeros"/> N(0, 1) weights in every row, scaled to
    /// spectral radius <see cref="AddingProblemSettings.RecurrentGain"/>; input weights U [H, 2] drawn from a scale per
    /// channel (value, marker) times N(0, 1); zero hidden biases; output weights W [1, H] from
    /// <see cref="AddingProblemSettings.OutputWeightScale"/>·N(0, 1) and the output bias at
    /// <see cref="AddingProblemSettings.OutputBias"/> (the target mean). Unlike an ESN, everything is trained afterwards.
    /// </summary>
    /// <remarks>With input weights of 0.001 the state is nearly linear in the inputs, h_t ≈ Σ_k (V')^k U x_{t-k}, so
    /// the first marked value still reaches the output after T steps (ρ = 1.1 keeps it from fading); with inputs of
    /// scale 1 the units saturate and the driven net forgets geometrically.</remarks>
    internal static void InitializeLikeSutskever(SequenceModel<float> model, AddingProblemSettings s, Rng rng)
    {
        var cell = (ElmanCell<float>)model.Layers[0].Cell;
        int H = cell.HiddenSize;
        Init.SparseSpectralFixedFanIn(cell.RecurrentWeights.Value, H, Math.Min(H, s.RecurrentNonzeros), s.RecurrentGain, rng);
        Init.NormalPerColumn(cell.InputWeights.Value, AddingProblem.InputSize, [s.InputScales.Value, s.InputScales.Marker], rng);
        Init.Constant(cell.Bias!.Value, 0);
        Init.Normal(model.Head.Weights.Value, s.OutputWeightScale, rng);
        Init.Constant(model.Head.Bias!.Value, s.OutputBias);
    }

    /// <summary>A fresh net of <paramref name="settings"/> (a gradient-trained method) with the weights its run starts
    /// from: the same draws as <see cref="Run"/> for the same seed.</summary>
    public static SequenceModel<float> InitialModel(AddingProblemSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        var (weightSeed, _, _) = Streams(settings.Seed);
        var model = new SequenceModel<float>(ModelFor(settings), weightSeed);
        if (settings.Method == AddingMethod.Gru) SetUpdateGateBias(model, settings.ForgetBias);
        if (settings.Method == AddingMethod.Momentum) InitializeLikeSutskever(model, settings, new Rng(weightSeed).Fork());
        return model;
    }

    /// <summary>
    /// The ESN learns in one shot, so "sequences seen until solved" is measured on a doubling schedule: fit the readout
    /// on n training sequences; it has solved the task when the mean squared error on those n is below 0.01 and the
    /// next 2,000 fresh sequences (the paper's window) are all correct. Otherwise double n (keeping the sequences
    /// already harvested), up to the budget. Every sequence counts once it has been seen: the count reported is the n
    /// fitted plus 2,000 for every check made, the failed ones included.
    /// </summary>
    private static AddingProblemResult RunEchoState(AddingProblemSettings s, Action<AddingProblemProgress>? progress)
    {
        var clock = Stopwatch.StartNew();
        var (weightSeed, trainRng, testRng) = Streams(s.Seed);
        var esn = new EchoStateNetwork(AddingProblem.InputSize, 1, s.EchoState, weightSeed);
        const int Chunk = 500;
        int window = new AddingStopRule().Window;
        var features = new List<double>();
        var targets = new List<double>();
        var curve = new List<AddingProblemProgress>();
        bool solved = false;
        long checkedSequences = 0;
        for (long n = s.EchoStateFirstFit; ; n *= 2)
        {
            n = Math.Max(1, Math.Min(n, s.Budget - checkedSequences - window));   // room for this fit and its check
            if (checkedSequences > 0 && n <= targets.Count) break;
            while (targets.Count < n)                                // harvest final states of n training sequences
            {
                int batch = (int)Math.Min(Chunk, n - targets.Count);
                var (rows, ys) = Harvest(esn, s.Length, trainRng, batch);
                features.AddRange(rows);
                targets.AddRange(ys);
            }
            esn.FitReadout(features.ToArray(), targets.ToArray(), targets.Count);
            var fitted = esn.Readout(features.ToArray(), targets.Count);
            double trainMse = 0;
            for (int i = 0; i < fitted.Length; i++) trainMse += (fitted[i] - targets[i]) * (fitted[i] - targets[i]) / fitted.Length;

            var rule = new AddingStopRule(window);                   // the next 2,000 fresh sequences
            var (checkRows, checkTargets) = Harvest(esn, s.Length, trainRng, window);
            var answers = esn.Readout(checkRows, window);
            for (int i = 0; i < window; i++) rule.Add(answers[i], checkTargets[i]);
            checkedSequences += window;
            solved = trainMse < 0.01 && rule.Satisfied;
            Report(curve, progress, new AddingProblemProgress(targets.Count + checkedSequences, rule.MeanSquaredError, rule.Accuracy, clock.Elapsed));
            if (solved) break;
        }

        var score = new AddingProblemTestSet(s.Length, s.TestSequences, testRng).Score((xs, steps, batch, lens) => esn.Predict(xs, steps, batch, lens));
        return new AddingProblemResult(s, solved, targets.Count + checkedSequences, score.Accuracy, score.MeanAbsError, clock.Elapsed, null, curve, []);
    }

    /// <summary>Final-state feature rows and targets of <paramref name="count"/> fresh sequences.</summary>
    private static (double[] Rows, double[] Targets) Harvest(EchoStateNetwork esn, int length, Rng rng, int count)
    {
        var x = new double[AddingProblem.MaxLength(length) * count * AddingProblem.InputSize];
        var lengths = new int[count];
        var targets = new double[count];
        int steps = AddingProblem.FillBatch<double>(length, rng, x, lengths, targets, count);
        return (esn.FinalStates(x.AsSpan(0, steps * count * AddingProblem.InputSize), steps, count, lengths), targets);
    }

    private static void Report(List<AddingProblemProgress> curve, Action<AddingProblemProgress>? progress, AddingProblemProgress point)
    {
        if (curve.Count > 0 && curve[^1].SequencesSeen == point.SequencesSeen) return;
        curve.Add(point);
        progress?.Invoke(point);
    }

    private static float[] FromDoubles(double[] values) => Array.ConvertAll(values, v => (float)v);
    private static double[] ToDoubles(ReadOnlySpan<float> values)
    {
        var result = new double[values.Length];
        for (int i = 0; i < values.Length; i++) result[i] = values[i];
        return result;
    }
}
