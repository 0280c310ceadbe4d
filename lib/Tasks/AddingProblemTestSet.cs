using RnnLstm.Numerics;

namespace RnnLstm.Tasks;

/// <summary>How a net did on an <see cref="AddingProblemTestSet"/>.</summary>
/// <param name="Accuracy">Share of test sequences answered within 0.04 (|output - target| &lt; 0.04).</param>
/// <param name="ErrorRate">The paper's measure (Sutskever et al. 2013): the share with |output - target| ≥ 0.04, i.e. 1 - <paramref name="Accuracy"/>.</param>
/// <param name="MeanAbsError">Mean |output - target|.</param>
public sealed record AddingTestScore(double Accuracy, double ErrorRate, double MeanAbsError);

/// <summary>The paper's measure at one point of a run: the whole test set evaluated after some updates.</summary>
/// <param name="SequencesSeen">Training sequences presented so far.</param>
/// <param name="Updates">Weight updates made so far.</param>
/// <param name="Score">The test set's score at that point.</param>
/// <param name="FirstValueSensitivity">Mean |∂y/∂X1| (the first marked value) over 100 fixed sequences (<see cref="AddingProblemGradients.ValueSensitivity"/>).</param>
/// <param name="LastValueSensitivity">Mean |∂y/∂v| of the last pair's value over the same sequences.</param>
/// <param name="Gradients">The gradients of the updates since the previous checkpoint (gradient-trained methods but
/// HF), or null.</param>
public sealed record AddingCheckpoint(long SequencesSeen, long Updates, AddingTestScore Score, double FirstValueSensitivity, double LastValueSensitivity,
    GradientWindow? Gradients = null)
{
    /// <inheritdoc/>
    public override string ToString() =>
        $"{SequencesSeen,9:N0} sequences ({Updates:N0} updates)  test error rate {Score.ErrorRate:P1}  mean |error| {Score.MeanAbsError:F4}  " +
        $"|∂y/∂X1| {FirstValueSensitivity:G2}  |∂y/∂v_last| {LastValueSensitivity:G2}" + (Gradients is { } g ? $"  {g}" : "");
}

/// <summary>The gradients of a stretch of updates, before clipping: how large they were and how many the clipping
/// shortened. When nearly every update is clipped, each step has length η whatever the error, so the steps do not
/// shrink as the net gets better.</summary>
/// <param name="Updates">Updates in the stretch.</param>
/// <param name="MedianNorm">Median global gradient norm.</param>
/// <param name="ClippedShare">Share of the updates whose gradient was clipped.</param>
public sealed record GradientWindow(long Updates, double MedianNorm, double ClippedShare)
{
    /// <inheritdoc/>
    public override string ToString() => $"median ‖g‖ {MedianNorm:G3}  clipped {ClippedShare:P0}";
}

/// <summary>
/// A fixed set of fresh adding-problem sequences, drawn once and kept, so the same sequences can be scored at every
/// checkpoint of a run and at its end.
/// </summary>
/// <remarks>Stored as time-major batches of up to 256 sequences, x [steps, b, 2], each padded to its longest
/// sequence, with each sequence's length and target. Drawing it makes exactly the draws the one-off test of earlier
/// versions made, so a seed still gives the same test sequences.</remarks>
public sealed class AddingProblemTestSet
{
    /// <summary>Sequences per stored batch.</summary>
    public const int BatchSize = 256;

    private readonly List<(double[] X, int Steps, int[] Lengths, double[] Targets)> _batches = [];

    /// <summary>Draws <paramref name="count"/> sequences of minimal length <paramref name="length"/> from <paramref name="rng"/>.</summary>
    public AddingProblemTestSet(int length, int count, Rng rng)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        ArgumentNullException.ThrowIfNull(rng);
        var x = new double[AddingProblem.MaxLength(length) * BatchSize * AddingProblem.InputSize];
        var lengths = new int[BatchSize];
        var targets = new double[BatchSize];
        for (int done = 0; done < count; done += BatchSize)
        {
            int b = Math.Min(BatchSize, count - done);
            int steps = AddingProblem.FillBatch<double>(length, rng, x, lengths, targets, b);
            _batches.Add((x[..(steps * b * AddingProblem.InputSize)], steps, lengths[..b], targets[..b]));
        }
        Count = count;
    }

    /// <summary>Number of test sequences.</summary>
    public int Count { get; }

    /// <summary>A net's answers, one per sequence, to a batch x [steps, batch, 2] with the given lengths.</summary>
    public delegate double[] Predictor(double[] x, int steps, int batch, int[] lengths);

    /// <summary>Runs <paramref name="predict"/> on every sequence and scores the answers.</summary>
    public AddingTestScore Score(Predictor predict)
    {
        ArgumentNullException.ThrowIfNull(predict);
        int correct = 0;
        double absSum = 0;
        foreach (var (x, steps, lengths, targets) in _batches)
        {
            var y = predict(x, steps, targets.Length, lengths);
            if (y.Length < targets.Length) throw new ArgumentException($"The predictor gave {y.Length} answers for a batch of {targets.Length}.", nameof(predict));
            for (int i = 0; i < targets.Length; i++)
            {
                absSum += Math.Abs(y[i] - targets[i]);
                if (AddingProblem.IsCorrect(y[i], targets[i])) correct++;
            }
        }
        double accuracy = (double)correct / Count;
        return new AddingTestScore(accuracy, 1 - accuracy, absSum / Count);
    }
}
