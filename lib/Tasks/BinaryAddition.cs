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
    /// <summary>Acceptance: lowest cluster purity of the hidden states (null: not checked).</summary>
    public double? MinPurity { get; init; } = 0.95;
    /// <summary>Acceptance: lowest mean saturation |2h - 1| of the hidden units (null: not checked).</summary>
    public double? MinSaturation { get; init; } = 0.9;
    /// <summary>Log a line every this many iterations (0: ten lines per run).</summary>
    public int LogEvery { get; init; }
    /// <summary>Additions per accuracy measurement.</summary>
    public int TestCount { get; init; } = 1000;

    /// <summary>Trask's configuration: 16 logistic units, no biases, weights ±1, SGD 0.1, 10,000 iterations, one run.</summary>
    public static BinaryAdditionOptions Classic => new()
    {
        Hidden = 16, Bias = false, InitScale = 1.0, LearningRate = 0.1, Iterations = 10_000, TiedInputWeights = false,
        MaxTries = 1, MinPurity = null, MinSaturation = null,
    };

    /// <summary>Throws naming the first setting that cannot work.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Hidden, nameof(Hidden));
        ArgumentOutOfRangeException.ThrowIfLessThan(TrainBits, 2, nameof(TrainBits));
        if (TestBits is null || TestBits.Any(w => w < 2)) throw new ArgumentException("Every test width must be at least 2 bits.", nameof(TestBits));
        ArgumentOutOfRangeException.ThrowIfNegative(Delay, nameof(Delay));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Iterations, nameof(Iterations));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxTries, nameof(MaxTries));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(TestCount, nameof(TestCount));
        if (!(LearningRate > 0)) throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, "The learning rate must be positive.");
    }

    /// <summary>The recurrent net these options describe: 2 inputs, logistic hidden units, 1 logistic output at every step.</summary>
    public ModelSpec ModelSpec => new()
    {
        Cell = CellKind.Elman, InputSize = 2, HiddenSizes = [Hidden], OutputSize = 1, Output = OutputMode.EveryStep,
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
    /// <summary>The hidden states matched to the automaton, at the training width.</summary>
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
        $"{Tries} tr{(Tries == 1 ? "y" : "ies")}{(Accepted ? "" : ", none passed the acceptance check")}, {Elapsed.TotalSeconds:F2} s";
}

/// <summary>
/// The lecture's toy problem: a recurrent net reads two binary numbers one column per step, least significant first,
/// and writes their sum bit by bit.
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
            var candidate = new Candidate(run, runSeed, automaton, Accept(run.Model, options, automaton),
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
            Model = best.Run.Model, Options = options, Tries = tries, Accepted = best.Accepted, RunSeed = best.Seed, LossCurve = best.Run.Curve,
            Log = best.Run.Log, FirstCorrectIteration = best.Run.FirstCorrect, Accuracy = accuracy, Automaton = best.Automaton,
            Elapsed = clock.Elapsed, TrainingTime = best.Run.Time,
        };
    }

    /// <summary>One training run and how it did on the acceptance check.</summary>
    private sealed record Candidate(Run Run, int Seed, AutomatonAnalysis Automaton, bool Accepted, double TrainWidthAccuracy)
    {
        /// <summary>Accepted beats not accepted; then more additions right; then cleaner clusters.</summary>
        public bool IsBetterThan(Candidate other) =>
            (Accepted, TrainWidthAccuracy, Automaton.Purity).CompareTo((other.Accepted, other.TrainWidthAccuracy, other.Automaton.Purity)) > 0;
    }

    private static int AccuracySeed(int runSeed, int width) => runSeed + 2 + width;

    /// <summary>Fraction of <paramref name="count"/> random additions of <paramref name="width"/>-bit numbers the net gets entirely right.</summary>
    public static double Accuracy(SequenceModel<float> model, int width, int count, int seed, int delay = 0)
    {
        ArgumentNullException.ThrowIfNull(model);
        var data = new BinaryAdditionData(width, count, delay);
        data.Randomize(new Rng(seed));
        return (double)data.CountCorrect(model.Forward(data.X, data.Steps, count)) / count;
    }

    /// <summary>Whether the net adds every pair of <paramref name="width"/>-bit operands correctly (for width ≤ 12; all 4^(width-1) pairs).</summary>
    public static bool AllPairsCorrect(SequenceModel<float> model, int width, int delay = 0)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(width, 12);
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
        ArgumentNullException.ThrowIfNull(model);
        var data = new BinaryAdditionData(width, 1, delay);
        data.Set(0, BinaryNumbers.FromInteger(a, width), BinaryNumbers.FromInteger(b, width));
        data.Encode();
        var output = model.Forward(data.X, data.Steps, 1);
        var bits = new bool[width];
        data.Decode(output, 0, bits);
        return (BinaryNumbers.ToInteger(bits), bits, output.ToArray());
    }

    /// <summary>
    /// Runs <paramref name="count"/> random additions, collects the hidden state after each column, clusters the
    /// states into 4 groups with k-means and compares the groups with the automaton's 4 states.
    /// </summary>
    public static AutomatonAnalysis AnalyzeAutomaton(SequenceModel<float> model, int width, int count, int seed, int delay = 0)
    {
        ArgumentNullException.ThrowIfNull(model);
        var data = new BinaryAdditionData(width, count, delay);
        data.Randomize(new Rng(seed));
        model.Forward(data.X, data.Steps, count);
        var layer = model.Layers[0];
        int H = layer.HiddenSize;
        var states = new double[count * width * H];
        var labels = new int[count * width];
        var h = layer.Outputs; // [T, B, H]: h_t after reading column t
        for (int b = 0; b < count; b++)
            for (int t = 0; t < width; t++)
            {
                int point = b * width + t;
                labels[point] = data.States[b * width + t];
                for (int j = 0; j < H; j++) states[point * H + j] = h[(t * count + b) * H + j];
            }
        return AutomatonAnalysis.From(states, H, labels, new Rng(seed + 1));
    }

    private sealed record Run(SequenceModel<float> Model, List<(int, double)> Curve, List<AdditionLogLine> Log, int? FirstCorrect, TimeSpan Time);

    private static Run TrainOnce(BinaryAdditionOptions options, int seed, Action<AdditionLogLine>? log)
    {
        var model = new SequenceModel<float>(options.ModelSpec, seed);
        if (options.TiedInputWeights)
        {
            var u = model.Layers[0].Cell.InputWeights.Value; // [H, 2]: weight from a, weight from b
            for (int j = 0; j < options.Hidden; j++) u[2 * j + 1] = u[2 * j];
        }
        var trainer = new Trainer<float>(model, Losses.HalfSumSquaredError<float>(), new Sgd<float>(options.LearningRate));
        var data = new BinaryAdditionData(options.TrainBits, 1, options.Delay);
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
                data.Decode(model.Output, 0, predicted);
                double error = 0;
                for (int t = 0; t < data.Steps; t++) error += Math.Abs(data.Y[t] - model.Output[t]);
                var line = new AdditionLogLine(iteration, error, (bool[])predicted.Clone(), data.SumOf(0).ToArray(),
                    BinaryNumbers.ToInteger(data.OperandA(0)), BinaryNumbers.ToInteger(data.OperandB(0)));
                lines.Add(line);
                log?.Invoke(line);
            }
        }
        return new Run(model, curve, lines, firstCorrect, clock.Elapsed);
    }

    /// <summary>The acceptance check, on training-width data only: every operand pair right, and (if asked) clean, saturated states.</summary>
    private static bool Accept(SequenceModel<float> model, BinaryAdditionOptions options, AutomatonAnalysis automaton)
    {
        bool allRight = options.TrainBits <= 12
            ? AllPairsCorrect(model, options.TrainBits, options.Delay)
            : Accuracy(model, options.TrainBits, options.TestCount, options.Seed + 3, options.Delay) == 1.0;
        return allRight
            && (options.MinPurity is not double purity || automaton.Purity >= purity)
            && (options.MinSaturation is not double saturation || automaton.Saturation >= saturation);
    }
}
