using System.Diagnostics;
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
    /// <summary>Echo state network: fixed random tanh reservoir scaled to a spectral radius, ridge-regression readout.</summary>
    Esn,
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
    /// <summary>η of Adam (rnn, lstm, gru) or of SGD with momentum (irnn).</summary>
    public double LearningRate { get; init; } = 0.01;
    /// <summary>μ of the momentum optimizer (irnn only).</summary>
    public double Momentum { get; init; } = 0.9;
    /// <summary>Global-norm gradient clipping threshold; null: no clipping.</summary>
    public double? ClipNorm { get; init; } = 1.0;
    /// <summary>Initial LSTM forget-gate bias; for the GRU, the initial update-gate bias (the gate that keeps h_{t-1}).</summary>
    public double ForgetBias { get; init; } = 5.0;
    /// <summary>Gain of the identity recurrent matrix (irnn only).</summary>
    public double RecurrentGain { get; init; } = 1.0;

    /// <summary>Reservoir and readout of the echo state network (esn only).</summary>
    public EchoStateOptions EchoState { get; init; } = new() { ReservoirSize = 200, SpectralRadius = 0.99, Density = 0.1, InputScale = 0.5, Ridge = 1e-8 };
    /// <summary>Hessian-free settings (hf only); <see cref="BatchSize"/> is the gradient batch, of which the first
    /// <see cref="HessianFreeOptions.CurvatureBatchSize"/> sequences are the curvature batch.</summary>
    public HessianFreeOptions HessianFree { get; init; } = new() { CurvatureBatchSize = 200 };
    /// <summary>Gain of the orthogonal recurrent matrix the hf net starts from (its spectral radius).</summary>
    public double HessianFreeRecurrentGain { get; init; } = 1.0;

    /// <summary>ESN: the readout is refitted on 1,000, 2,000, 4,000, ... training sequences until solved or <see cref="Budget"/>.</summary>
    public int EchoStateFirstFit { get; init; } = 1000;

    /// <summary>The tuned defaults of <paramref name="method"/> at minimal length <paramref name="length"/>.</summary>
    public static AddingProblemSettings For(AddingMethod method, int length) => method switch
    {
        AddingMethod.Rnn => new() { Method = method, Length = length, LearningRate = 0.003 },
        AddingMethod.Lstm => new() { Method = method, Length = length, LearningRate = 0.01, BatchSize = 16 },
        AddingMethod.Gru => new() { Method = method, Length = length, LearningRate = 0.01, BatchSize = 16 },
        AddingMethod.Irnn => new() { Method = method, Length = length, HiddenSize = 100, LearningRate = 0.01, Momentum = 0.9, ClipNorm = 1.0 },
        AddingMethod.Esn => new() { Method = method, Length = length },
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
        if (EchoStateFirstFit <= 0) throw new ArgumentOutOfRangeException(nameof(EchoStateFirstFit), EchoStateFirstFit, "EchoStateFirstFit must be positive.");
        EchoState.Validate();
        HessianFree.Validate();
        if (!(HessianFreeRecurrentGain > 0)) throw new ArgumentOutOfRangeException(nameof(HessianFreeRecurrentGain), HessianFreeRecurrentGain, "HessianFreeRecurrentGain must be positive.");
    }

    /// <summary>One line naming the learner and its settings, e.g. for a results table.</summary>
    public string Describe() => Method switch
    {
        AddingMethod.Esn => $"ESN N={EchoState.ReservoirSize}, ρ={EchoState.SpectralRadius}, density {EchoState.Density}, input ±{EchoState.InputScale}, λ={EchoState.Ridge}",
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
public sealed record AddingProblemResult(AddingProblemSettings Settings, bool Solved, long SequencesSeen, double TestAccuracy,
    double TestMeanAbsError, TimeSpan WallTime, string? Diverged, IReadOnlyList<AddingProblemProgress> Curve)
{
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
    /// <summary>Runs <paramref name="settings"/>; reports progress every <see cref="AddingProblemSettings.ReportEvery"/> sequences.</summary>
    public static AddingProblemResult Run(AddingProblemSettings settings, Action<AddingProblemProgress>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        return settings.Method == AddingMethod.Esn ? RunEchoState(settings, progress) : RunGradientTraining(settings, progress);
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
            AddingMethod.Rnn => spec with { Cell = CellKind.Elman },
            AddingMethod.Lstm => spec with { Cell = CellKind.Lstm, ForgetBias = settings.ForgetBias },
            AddingMethod.Gru => spec with { Cell = CellKind.Gru },
            AddingMethod.Irnn => spec with { Cell = CellKind.Elman, ElmanActivation = ElmanActivation.Relu, Init = WeightInit.Identity, InitScale = settings.RecurrentGain },
            AddingMethod.Hf => spec with { Cell = CellKind.Elman, Init = WeightInit.Orthogonal, InitScale = settings.HessianFreeRecurrentGain },
            _ => throw new ArgumentOutOfRangeException(nameof(settings), settings.Method, "The ESN is not a gradient-trained model."),
        };
    }

    /// <summary>Seeds of the three independent random streams of a run, derived from its one seed.</summary>
    private static (int Weights, Rng Train, Rng Test) Streams(int seed)
    {
        var root = new Rng(seed);
        return (root.NextInt(int.MaxValue), root.Fork(), root.Fork());
    }

    private static AddingProblemResult RunGradientTraining(AddingProblemSettings s, Action<AddingProblemProgress>? progress)
    {
        var clock = Stopwatch.StartNew();
        var (weightSeed, trainRng, testRng) = Streams(s.Seed);
        var model = new SequenceModel<float>(ModelFor(s), weightSeed);
        if (s.Method == AddingMethod.Gru) SetUpdateGateBias(model, s.ForgetBias);
        IOptimizer<float> optimizer = s.Method == AddingMethod.Irnn
            ? new Momentum<float>(s.LearningRate, s.Momentum)
            : new Adam<float>(s.LearningRate);
        var trainer = new Trainer<float>(model, Losses.MeanSquaredError<float>(), optimizer, new TrainerOptions { ClipNorm = s.ClipNorm });
        var hessianFree = s.Method == AddingMethod.Hf ? new HessianFree<float>(model, s.HessianFree) : null;

        int B = s.BatchSize;
        var x = new float[AddingProblem.MaxLength(s.Length) * B * AddingProblem.InputSize];
        var lengths = new int[B];
        var targets = new float[B];
        var rule = new AddingStopRule();
        var curve = new List<AddingProblemProgress>();
        long seen = 0, nextReport = s.ReportEvery;
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
            var output = hessianFree is null ? model.Output : hessianFree.Outputs; // computed before this batch's update
            for (int b = 0; b < batch && !rule.Satisfied; b++)
            {
                rule.Add(output[b], targets[b]);
                seen++;
            }
            if (seen >= nextReport)
            {
                Report(curve, progress, new AddingProblemProgress(seen, rule.MeanSquaredError, rule.Accuracy, clock.Elapsed));
                nextReport += s.ReportEvery;
            }
        }
        Report(curve, progress, new AddingProblemProgress(seen, rule.MeanSquaredError, rule.Accuracy, clock.Elapsed));

        var (accuracy, meanAbs) = diverged is null
            ? Test(s, testRng, (xs, steps, batch, lens) => ToDoubles(model.Forward(FromDoubles(xs), steps, batch, lens)))
            : (0.0, double.NaN);
        return new AddingProblemResult(s, rule.Satisfied, seen, accuracy, meanAbs, clock.Elapsed, diverged, curve);
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
    /// The ESN learns in one shot, so "sequences seen until solved" is measured on a doubling schedule: fit the readout
    /// on n training sequences; it has solved the task when the mean squared error on those n is below 0.01 and the
    /// next 2,000 fresh sequences (the paper's window) are all correct. Otherwise double n, up to the budget. The
    /// count reported is n plus the 2,000 checked.
    /// </summary>
    private static AddingProblemResult RunEchoState(AddingProblemSettings s, Action<AddingProblemProgress>? progress)
    {
        var clock = Stopwatch.StartNew();
        var (weightSeed, trainRng, testRng) = Streams(s.Seed);
        var esn = new EchoStateNetwork(AddingProblem.InputSize, 1, s.EchoState, weightSeed);
        const int Chunk = 500;
        int F = esn.FeatureCount, window = new AddingStopRule().Window;
        var features = new List<double>();
        var targets = new List<double>();
        var curve = new List<AddingProblemProgress>();
        bool solved = false;
        long seen = 0;
        for (long n = s.EchoStateFirstFit; ; n *= 2)
        {
            n = Math.Min(n, Math.Max(1, s.Budget - window));
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
            seen = targets.Count + window;
            solved = trainMse < 0.01 && rule.Satisfied;
            Report(curve, progress, new AddingProblemProgress(seen, rule.MeanSquaredError, rule.Accuracy, clock.Elapsed));
            if (solved || targets.Count + window >= s.Budget) break;
        }

        var (accuracy, meanAbs) = Test(s, testRng, (xs, steps, batch, lens) => esn.Predict(xs, steps, batch, lens));
        return new AddingProblemResult(s, solved, seen, accuracy, meanAbs, clock.Elapsed, null, curve);
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

    private delegate double[] Predictor(double[] x, int steps, int batch, int[] lengths);

    /// <summary>Accuracy and mean |error| on <see cref="AddingProblemSettings.TestSequences"/> fresh sequences, in batches of 256.</summary>
    private static (double Accuracy, double MeanAbsError) Test(AddingProblemSettings s, Rng rng, Predictor predict)
    {
        const int Batch = 256;
        int correct = 0;
        double absSum = 0;
        var x = new double[AddingProblem.MaxLength(s.Length) * Batch * AddingProblem.InputSize];
        var lengths = new int[Batch];
        var targets = new double[Batch];
        for (int done = 0; done < s.TestSequences; done += Batch)
        {
            int b = Math.Min(Batch, s.TestSequences - done);
            int steps = AddingProblem.FillBatch<double>(s.Length, rng, x, lengths, targets, b);
            var y = predict(x[..(steps * b * AddingProblem.InputSize)], steps, b, lengths[..b]);
            for (int i = 0; i < b; i++)
            {
                absSum += Math.Abs(y[i] - targets[i]);
                if (AddingProblem.IsCorrect(y[i], targets[i])) correct++;
            }
        }
        return ((double)correct / s.TestSequences, absSum / s.TestSequences);
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
