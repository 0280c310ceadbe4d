using System.Diagnostics;
using System.Numerics;
using RnnLstm.Cells;
using RnnLstm.Models;
using RnnLstm.Numerics;
using RnnLstm.Training;

namespace RnnLstm.Tasks;

/// <summary>Settings of the binary-addition experiment. Defaults: the lecture's net with 3 hidden units.</summary>
public sealed record BinaryAdditionOptions
{
    /// <summary>Hidden units (the lecture: 3; Trask: 16).</summary>
    public int Hidden { get; init; } = 3;
    /// <summary>Bits per training number.</summary>
    public int TrainBits { get; init; } = 8;
    /// <summary>Widths to test on after training.</summary>
    public int[] TestBits { get; init; } = [16, 32, 64];
    /// <summary>Steps between reading a column and answering it (see <see cref="BinaryAdditionData"/>).</summary>
    public int Delay { get; init; }
    /// <summary>Independent additions read side by side (2: "two things at once", 4 inputs and 2 outputs per step).</summary>
    public int Pairs { get; init; } = 1;
    /// <summary>Updates, one addition each.</summary>
    public int Iterations { get; init; } = 100_000;
    /// <summary>SGD step size.</summary>
    public double LearningRate { get; init; } = 0.2;
    /// <summary>Seed of the weights and of the training additions.</summary>
    public int Seed { get; init; } = 1;
    /// <summary>Biases in the hidden and output units.</summary>
    public bool Bias { get; init; } = true;
    /// <summary>Initial weights uniform in ±this.</summary>
    public double InitScale { get; init; } = 1.0;
    /// <summary>Start each hidden unit with equal weights from a and from b (addition is symmetric in them).</summary>
    public bool TiedInputWeights { get; init; } = true;
    /// <summary>Training runs to try (each from a seed derived from <see cref="Seed"/>) until one passes the acceptance
    /// check; 1 = no restarts. If none passes, the best run is kept.</summary>
    public int MaxTries { get; init; } = 10;
    /// <summary>Acceptance: lowest cluster purity of the hidden states against the states of the task's automaton
    /// (<see cref="Automaton"/>: 4 for one addition, 8 with delay 1, 16 for two pairs; null: not checked).</summary>
    public double? MinPurity { get; init; } = 0.95;
    /// <summary>Acceptance: largest spread of the hidden states around their cluster centres, <see cref="AutomatonAnalysis.Spread"/>
    /// (null: not checked). States that sit at a few points at the training width keep adding on long numbers.</summary>
    public double? MaxSpread { get; init; } = 0.1;
    /// <summary>Acceptance: lowest mean saturation |2h - 1| of the hidden units (null: not checked). Off by default: a
    /// net with spare units can add perfectly while some of them hover mid-range.</summary>
    public double? MinSaturation { get; init; }
    /// <summary>Log a line every this many iterations (0: ten lines per run).</summary>
    public int LogEvery { get; init; }
    /// <summary>Additions per accuracy measurement.</summary>
    public int TestCount { get; init; } = 1000;

    /// <summary>Trask's configuration: 16 logistic units, no biases, weights ±1, SGD 0.1, 10,000 iterations, one run.</summary>
    public static BinaryAdditionOptions Classic => new()
    {
        Hidden = 16, Bias = false, InitScale = 1.0, LearningRate = 0.1, Iterations = 10_000, TiedInputWeights = false,
        MaxTries = 1, MinPurity = null, MaxSpread = null, MinSaturation = null,
    };

    /// <summary>Largest automaton (<see cref="Automaton"/>) whose states the acceptance check clusters.</summary>
    public const int MaxAutomatonStates = 256;

    /// <summary>Throws naming the first setting that cannot work.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Hidden, nameof(Hidden));
        ArgumentOutOfRangeException.ThrowIfLessThan(TrainBits, 2, nameof(TrainBits));
        if (TestBits is null || TestBits.Any(w => w < 2)) throw new ArgumentException("Every test width must be at least 2 bits.", nameof(TestBits));
        ArgumentOutOfRangeException.ThrowIfNegative(Delay, nameof(Delay));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Pairs, nameof(Pairs));
        if (AdditionAutomaton.CountStates(Delay, Pairs) > MaxAutomatonStates)
            throw new ArgumentException($"{Pairs} pairs with delay {Delay} make an automaton of {AdditionAutomaton.CountStates(Delay, Pairs):G4} states; at most {MaxAutomatonStates} can be analysed.", nameof(Pairs));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Iterations, nameof(Iterations));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxTries, nameof(MaxTries));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(TestCount, nameof(TestCount));
        if (!(LearningRate > 0)) throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, "The learning rate must be positive.");
    }

    /// <summary>The automaton of the task these options train (its states label the hidden states).</summary>
    public AdditionAutomaton Automaton => new(Delay, Pairs);

    /// <summary>The recurrent net these options describe: 2 inputs per pair, logistic hidden units, 1 logistic output per pair at every step.</summary>
    public ModelSpec ModelSpec => new()
    {
        Cell = CellKind.Elman, InputSize = 2 * Pairs, HiddenSizes = [Hidden], OutputSize = Pairs, Output = OutputMode.EveryStep,
        ElmanActivation = ElmanActivation.Logistic, OutputActivation = OutputActivation.Logistic, Bias = Bias,
        Init = WeightInit.Uniform, InitScale = InitScale,
    };
}

/// <summary>One line of the training log, in the style of the classic notebook.</summary>
/// <param name="Iteration">Updates so far.</param>
/// <param name="Error">Σ over bits of |target - output| for this addition.</param>
/// <param name="Predicted">The net's sum bits.</param>
/// <param name="True">The true sum bits.</param>
public sealed record AdditionLogLine(int Iteration, double Error, bool[] Predicted, bool[] True, BigInteger A, BigInteger B)
{
    /// <inheritdoc/>
    public override string ToString() =>
        $"iteration {Iteration,7}  error {Error:F3}  pred {BinaryNumbers.Format(Predicted)}  true {BinaryNumbers.Format(True)}  " +
        $"{A} + {B} = {BinaryNumbers.ToInteger(Predicted)}{(Predicted.AsSpan().SequenceEqual(True) ? "" : "  ✗")}";
}

/// <summary>Everything the binary-addition experiment measured.</summary>
public sealed record BinaryAdditionResult
{
    /// <summary>The trained net (float32).</summary>
    public required SequenceModel<float> Model { get; init; }
    /// <summary>The settings used.</summary>
    public required BinaryAdditionOptions Options { get; init; }
    /// <summary>Training runs made (1 = the first seed passed).</summary>
    public required int Tries { get; init; }
    /// <summary>Whether the returned run passed the acceptance check; if no run did, the best of them is returned
    /// (most training-width additions right, then the cleanest clusters).</summary>
    public required bool Accepted { get; init; }
    /// <summary>Why the returned run failed the acceptance check, naming each measured value and its threshold (null when accepted).</summary>
    public required string? Rejection { get; init; }
    /// <summary>Seed of the accepted run's weights.</summary>
    public required int RunSeed { get; init; }
    /// <summary>Mean loss (½ Σ squared error per addition) over each stretch of training of the accepted run.</summary>
    public required List<(int Iteration, double Loss)> LossCurve { get; init; }
    /// <summary>The accepted run's log lines.</summary>
    public required List<AdditionLogLine> Log { get; init; }
    /// <summary>First iteration whose training addition came out entirely right (null: never).</summary>
    public required int? FirstCorrectIteration { get; init; }
    /// <summary>Fraction of <see cref="BinaryAdditionOptions.TestCount"/> random additions right, by width (training width first).</summary>
    public required SortedDictionary<int, double> Accuracy { get; init; }
    /// <summary>The hidden states matched to the task's automaton (<see cref="BinaryAdditionOptions.Automaton"/>), at the training width.</summary>
    public required AutomatonAnalysis Automaton { get; init; }
    /// <summary>Wall time of all tries and checks.</summary>
    public required TimeSpan Elapsed { get; init; }
    /// <summary>Wall time of the accepted run's training loop alone.</summary>
    public required TimeSpan TrainingTime { get; init; }
    /// <summary>Iterations run in all tries.</summary>
    public int TotalIterations => Tries * Options.Iterations;

    /// <inheritdoc/>
    public override string ToString() =>
        $"{Model.Spec}: {string.Join(", ", Accuracy.Select(a => $"{a.Key} bits {a.Value:P1}"))}; purity {Automaton.Purity:F3}; " +
        $"{Tries} tr{(Tries == 1 ? "y" : "ies")}{(Accepted ? "" : $", none passed the acceptance check (best: {Rejection})")}, {Elapsed.TotalSeconds:F2} s";
}

/// <summary>
/// The lecture's toy problem: a recurrent net reads two binary numbers one column per step, least significant first,
/// and writes their sum bit by bit (or several independent additions side by side, <see cref="BinaryAdditionOptions.Pairs"/>).
/// </summary>
public static class BinaryAddition
{
    /// <summary>Trains, tests at every width, and looks for the automaton in the hidden states.</summary>
    /// <param name="log">Receives the training log lines as they happen (progress).</param>
    public static BinaryAdditionResult Train(BinaryAdditionOptions options, Action<AdditionLogLine>? log = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var clock = Stopwatch.StartNew();
        var seeds = new Rng(options.Seed);
        int runSeed = options.Seed, tries = 0;
        Candidate? best = null;
        while (tries < options.MaxTries)
        {
            tries++;
            var run = TrainOnce(options, runSeed, log);
            var automaton = AnalyzeAutomaton(run.Model, options.TrainBits, count: 500, seed: runSeed + 1, options.Delay);
            var candidate = new Candidate(run, runSeed, automaton, Reject(run.Model, options, automaton),
                Accuracy(run.Model, options.TrainBits, options.TestCount, seed: AccuracySeed(runSeed, options.TrainBits), options.Delay));
            if (best is null || candidate.IsBetterThan(best)) best = candidate;
            if (candidate.Accepted) break;
            runSeed = seeds.NextInt(int.MaxValue);
        }

        var accuracy = new SortedDictionary<int, double> { [options.TrainBits] = best!.TrainWidthAccuracy };
        foreach (int width in options.TestBits.Where(w => w != options.TrainBits))
            accuracy[width] = Accuracy(best.Run.Model, width, options.TestCount, seed: AccuracySeed(best.Seed, width), options.Delay);
        return new BinaryAdditionResult
        {
            Model = best.Run.Model, Options = options, Tries = tries, Accepted = best.Accepted, Rejection = best.Rejection, RunSeed = best.Seed, LossCurve = best.Run.Curve,
            Log = best.Run.Log, FirstCorrectIteration = best.Run.FirstCorrect, Accuracy = accuracy, Automaton = best.Automaton,
            Elapsed = clock.Elapsed, TrainingTime = best.Run.Time,
        };
    }

    /// <summary>One training run and how it did on the acceptance check.</summary>
    private sealed record Candidate(Run Run, int Seed, AutomatonAnalysis Automaton, string? Rejection, double TrainWidthAccuracy)
    {
        public bool Accepted => Rejection is null;

        /// <summary>Accepted beats not accepted; then more additions right; then cleaner clusters.</summary>
        public bool IsBetterThan(Candidate other) =>
            (Accepted, TrainWidthAccuracy, Automaton.Purity).CompareTo((other.Accepted, other.TrainWidthAccuracy, other.Automaton.Purity)) > 0;
    }

    private static int AccuracySeed(int runSeed, int width) => runSeed + 2 + width;

    /// <summary>
    /// Fraction of <paramref name="count"/> random examples of <paramref name="width"/>-bit numbers the net gets
    /// entirely right (every bit of every pair; the number of pairs is read from the net's inputs).
    /// </summary>
    public static double Accuracy(SequenceModel<float> model, int width, int count, int seed, int delay = 0)
    {
        ArgumentNullException.ThrowIfNull(model);
        var data = new BinaryAdditionData(width, count, delay, PairsOf(model));
        data.Randomize(new Rng(seed));
        return (double)data.CountCorrect(model.Forward(data.X, data.Steps, count)) / count;
    }

    /// <summary>Pairs of operands a net reads per step: its inputs / 2.</summary>
    public static int PairsOf(SequenceModel<float> model)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (model.Spec.InputSize % 2 != 0 || model.Spec.OutputSize * 2 != model.Spec.InputSize)
            throw new ArgumentException($"An adder reads 2 inputs and writes 1 output per pair; this net has {model.Spec.InputSize} inputs and {model.Spec.OutputSize} outputs.", nameof(model));
        return model.Spec.InputSize / 2;
    }

    /// <summary>Whether every input can be tried: all 4^(width-1) operand pairs of one addition fit when width ≤ 12.</summary>
    public static bool CanTryAllOperands(int width, int pairs) => pairs == 1 && width <= 12;

    /// <summary>Whether a one-pair net adds every pair of <paramref name="width"/>-bit operands correctly (for width ≤ 12; all 4^(width-1) pairs).</summary>
    public static bool AllPairsCorrect(SequenceModel<float> model, int width, int delay = 0)
    {
        if (!CanTryAllOperands(width, PairsOf(model)))
            throw new ArgumentException($"Trying every operand needs one pair and width ≤ 12 (got {PairsOf(model)} pairs, width {width}).", nameof(width));
        int operands = 1 << (width - 1);
        var data = new BinaryAdditionData(width, operands * operands, delay);
        for (int a = 0; a < operands; a++)
            for (int b = 0; b < operands; b++)
                data.Set(a * operands + b, BinaryNumbers.FromInteger(a, width), BinaryNumbers.FromInteger(b, width));
        data.Encode();
        return data.CountCorrect(model.Forward(data.X, data.Steps, data.Batch)) == data.Batch;
    }

    /// <summary>The net's answer to <paramref name="a"/> + <paramref name="b"/> (any width; the sum must fit in <paramref name="width"/> bits).</summary>
    public static (BigInteger Sum, bool[] Bits, float[] Outputs) Add(SequenceModel<float> model, BigInteger a, BigInteger b, int width, int delay = 0)
    {
        if (PairsOf(model) != 1) throw new ArgumentException("Add takes one addition; this net reads several pairs.", nameof(model));
        var data = new BinaryAdditionData(width, 1, delay);
        data.Set(0, BinaryNumbers.FromInteger(a, width), BinaryNumbers.FromInteger(b, width));
        data.Encode();
        var output = model.Forward(data.X, data.Steps, 1);
        var bits = new bool[width];
        data.Decode(output, 0, bits);
        return (BinaryNumbers.ToInteger(bits), bits, output.ToArray());
    }

    /// <summary>
    /// Runs <paramref name="count"/> random examples, collects the hidden state after each column, clusters the states
    /// into as many groups as the task's automaton has states (4; 8 with delay 1; 16 for two pairs; see
    /// <see cref="AdditionAutomaton"/>) with k-means and compares the groups with the automaton's states.
    /// </summary>
    public static AutomatonAnalysis AnalyzeAutomaton(SequenceModel<float> model, int width, int count, int seed, int delay = 0)
    {
        var (data, states) = HiddenStates(model, width, count, seed, delay);
        return AutomatonAnalysis.From(states, model.Layers[0].HiddenSize, data.States, data.Automaton.StateNames(), new Rng(seed + 1));
    }

    /// <summary>
    /// For a net that reads several pairs: how well a linear readout of its hidden state recovers each pair's own
    /// automaton state, and the joint state (<see cref="StateReadout"/>; fitted on half the columns of
    /// <paramref name="count"/> random examples, scored on the other half).
    /// </summary>
    public static PairReadout ReadOutPairs(SequenceModel<float> model, int width, int count, int seed, int delay = 0)
    {
        var (data, states) = HiddenStates(model, width, count, seed, delay);
        int H = model.Layers[0].HiddenSize, K = data.Automaton.StatesPerPair;
        var perPair = new double[data.Pairs];
        var carryCorrelation = new double[data.Pairs][];
        var labels = new int[data.States.Length];
        var carry = new double[data.States.Length];
        for (int p = 0; p < data.Pairs; p++)
        {
            for (int i = 0; i < labels.Length; i++)
            {
                labels[i] = data.Automaton.PairState(data.States[i], p);
                carry[i] = CarryAutomaton.Carry(labels[i], delay) ? 1 : 0;
            }
            perPair[p] = StateReadout.Accuracy(states, H, labels, K);
            carryCorrelation[p] = Enumerable.Range(0, H).Select(j => Math.Abs(StateReadout.Correlation(states, H, j, carry))).ToArray();
        }
        return new PairReadout(perPair, StateReadout.Accuracy(states, H, data.States, data.Automaton.StateCount), K, data.Automaton.StateCount, carryCorrelation);
    }

    /// <summary>Runs <paramref name="count"/> random examples; returns them and the hidden state after each column, [count · width, H] (example-major).</summary>
    private static (BinaryAdditionData Data, double[] States) HiddenStates(SequenceModel<float> model, int width, int count, int seed, int delay)
    {
        var data = new BinaryAdditionData(width, count, delay, PairsOf(model));
        data.Randomize(new Rng(seed));
        model.Forward(data.X, data.Steps, count);
        var layer = model.Layers[0];
        int H = layer.HiddenSize;
        var states = new double[count * width * H];
        var h = layer.Outputs; // [T, B, H]: h_t after reading column t
        for (int b = 0; b < count; b++)
            for (int t = 0; t < width; t++)
                for (int j = 0; j < H; j++) states[(b * width + t) * H + j] = h[(t * count + b) * H + j];
        return (data, states);
    }

    private sealed record Run(SequenceModel<float> Model, List<(int, double)> Curve, List<AdditionLogLine> Log, int? FirstCorrect, TimeSpan Time);

    private static Run TrainOnce(BinaryAdditionOptions options, int seed, Action<AdditionLogLine>? log)
    {
        var model = new SequenceModel<float>(options.ModelSpec, seed);
        if (options.TiedInputWeights)
        {
            var u = model.Layers[0].Cell.InputWeights.Value; // [H, 2P]: weight from a, weight from b, for each pair
            for (int j = 0; j < options.Hidden; j++)
                for (int p = 0; p < options.Pairs; p++) u[2 * (j * options.Pairs + p) + 1] = u[2 * (j * options.Pairs + p)];
        }
        var trainer = new Trainer<float>(model, Losses.HalfSumSquaredError<float>(), new Sgd<float>(options.LearningRate));
        var data = new BinaryAdditionData(options.TrainBits, 1, options.Delay, options.Pairs);
        var rng = new Rng(seed).Fork();
        int logEvery = options.LogEvery > 0 ? options.LogEvery : Math.Max(1, options.Iterations / 10);
        int curveEvery = Math.Max(1, options.Iterations / 200);
        var curve = new List<(int, double)>();
        var lines = new List<AdditionLogLine>();
        var predicted = new bool[options.TrainBits];
        int? firstCorrect = null;
        double lossSum = 0;
        var clock = Stopwatch.StartNew();
        for (int iteration = 1; iteration <= options.Iterations; iteration++)
        {
            data.Randomize(rng);
            lossSum += trainer.Step(data.X, data.Y, data.Steps, 1);
            if (firstCorrect is null && data.CountCorrect(model.Output) == 1) firstCorrect = iteration;
            if (iteration % curveEvery == 0) { curve.Add((iteration, lossSum / curveEvery)); lossSum = 0; }
            if (iteration % logEvery == 0)
            {
                data.Decode(model.Output, 0, predicted); // the log shows pair 0
                double error = 0;
                for (int k = 0; k < data.Y.Length; k++) error += Math.Abs(data.Y[k] - model.Output[k]);
                var line = new AdditionLogLine(iteration, error, (bool[])predicted.Clone(), data.SumOf(0).ToArray(),
                    BinaryNumbers.ToInteger(data.OperandA(0)), BinaryNumbers.ToInteger(data.OperandB(0)));
                lines.Add(line);
                log?.Invoke(line);
            }
        }
        return new Run(model, curve, lines, firstCorrect, clock.Elapsed);
    }

    /// <summary>
    /// The acceptance check, on training-width data only: every operand pair right (all of them when they fit, else
    /// <see cref="BinaryAdditionOptions.TestCount"/> random ones), and (if asked) states in clusters that do not mix the
    /// task's automaton states, tight clusters, saturated units. Returns null when the run passes, else what failed, with the measured values.
    /// </summary>
    private static string? Reject(SequenceModel<float> model, BinaryAdditionOptions options, AutomatonAnalysis automaton)
    {
        var reasons = new List<string>();
        if (CanTryAllOperands(options.TrainBits, options.Pairs))
        {
            if (!AllPairsCorrect(model, options.TrainBits, options.Delay)) reasons.Add($"not every one of the {1L << 2 * (options.TrainBits - 1):N0} {options.TrainBits}-bit additions is right");
        }
        else
        {
            double accuracy = Accuracy(model, options.TrainBits, options.TestCount, options.Seed + 3, options.Delay);
            if (accuracy < 1) reasons.Add($"{accuracy:P1} of {options.TestCount} random {options.TrainBits}-bit examples right, not all");
        }
        if (options.MinPurity is double purity && automaton.Purity < purity)
            reasons.Add($"cluster purity {automaton.Purity:F3} < {purity} ({automaton.ClusterCount} clusters against the {automaton.K} states of the automaton)");
        if (options.MaxSpread is double spread && automaton.Spread > spread)
            reasons.Add($"spread {automaton.Spread:F3} > {spread}");
        if (options.MinSaturation is double saturation && automaton.Saturation < saturation)
            reasons.Add($"saturation {automaton.Saturation:F3} < {saturation}");
        return reasons.Count == 0 ? null : string.Join("; ", reasons);
    }
}

/// <summary>How well a linear readout of the hidden state recovers each pair's automaton state and the joint state (fraction of held-out columns right).</summary>
/// <param name="PerPair">One accuracy per pair, against that pair's <paramref name="StatesPerPair"/> states.</param>
/// <param name="Joint">Accuracy against the <paramref name="JointStates"/> joint states.</param>
/// <param name="CarryCorrelation">[pair][unit]: |correlation| between each hidden unit and that pair's carry: which units hold which carry.</param>
public sealed record PairReadout(double[] PerPair, double Joint, int StatesPerPair, int JointStates, double[][] CarryCorrelation);
