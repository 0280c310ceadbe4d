using System.Diagnostics;
using RnnLstm.Models;
using RnnLstm.Numerics;
using RnnLstm.Training;

namespace RnnLstm.Tasks;

/// <summary>What the feed-forward adder measured.</summary>
/// <param name="Net">The trained net: 2·W inputs (all bits of a, then of b), W sum bits out.</param>
/// <param name="MaxWidth">W, the widest numbers its input slots hold.</param>
/// <param name="TrainBits">Width of the training numbers (written into the W-bit slots, zeros above).</param>
/// <param name="Examples">Training additions seen: updates × batch.</param>
/// <param name="Updates">Adam updates.</param>
/// <param name="Accuracy">Fraction of random additions entirely right (all W output bits), by width.</param>
/// <param name="BitAccuracy">Fraction of the W output bits right, by width.</param>
public sealed record FeedForwardAdderResult(FeedForwardNet<float> Net, int MaxWidth, int TrainBits, int Examples, int Updates,
    SortedDictionary<int, double> Accuracy, SortedDictionary<int, double> BitAccuracy, TimeSpan Elapsed)
{
    /// <inheritdoc/>
    public override string ToString() =>
        $"feed-forward {string.Join("-", Net.Sizes)}, trained on {Examples:N0} {TrainBits}-bit additions ({Updates:N0} Adam updates): " +
        string.Join(", ", Accuracy.Select(a => $"{a.Key} bits {a.Value:P1} (bits {BitAccuracy[a.Key]:P1})")) + $", {Elapsed.TotalSeconds:F2} s";
}

/// <summary>
/// The lecture's foil for binary addition: a feed-forward net that sees both numbers whole and must be built for a
/// fixed maximum width W in advance.
/// </summary>
/// <remarks>
/// <para>Input [a_0..a_{W-1}, b_0..b_{W-1}], output [s_0..s_{W-1}], one logistic hidden layer, mean squared error, Adam,
/// batches of 32. Trained on numbers of <c>trainBits</c> &lt; W bits, its inputs above that width are always 0 and its
/// outputs there are only ever trained to say 0, so its failure on wider numbers is certain before training: it shows
/// that nothing learned in one column carries over to another. Trained at the full width W, it sees every column, and
/// what it learns in a given budget of examples is the measurement.</para>
/// </remarks>
public static class FeedForwardAdder
{
    /// <summary>Additions per update.</summary>
    public const int Batch = 32;

    /// <summary>
    /// Trains on <paramref name="examples"/> random <paramref name="trainBits"/>-bit additions written into
    /// <paramref name="maxWidth"/>-bit slots and tests at <paramref name="trainBits"/> and each width in
    /// <paramref name="testBits"/> (at most <paramref name="maxWidth"/>).
    /// </summary>
    public static FeedForwardAdderResult Train(int trainBits, int maxWidth, int[] testBits, int examples, int hidden = 64,
        double learningRate = 0.01, int seed = 1, int testCount = 1000)
    {
        ArgumentNullException.ThrowIfNull(testBits);
        ArgumentOutOfRangeException.ThrowIfLessThan(trainBits, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxWidth, trainBits);
        ArgumentOutOfRangeException.ThrowIfLessThan(examples, Batch);
        if (testBits.Any(w => w < 2 || w > maxWidth)) throw new ArgumentException($"Every test width must be 2..{maxWidth} (the input slots).", nameof(testBits));
        var clock = Stopwatch.StartNew();
        int W = maxWidth, updates = examples / Batch;
        var net = new FeedForwardNet<float>([2 * W, hidden, W], Models.OutputActivation.Logistic, seed);
        var optimizer = new Adam<float>(learningRate);
        var loss = Losses.MeanSquaredError<float>();
        var rng = new Rng(seed).Fork();
        var x = new float[Batch * 2 * W];
        var y = new float[Batch * W];
        var dy = new float[Batch * W];
        var data = new BinaryAdditionData(trainBits, Batch);
        for (int update = 0; update < updates; update++)
        {
            data.Randomize(rng);
            Flatten(data, W, x, y);
            var output = net.Forward(x, Batch);
            loss.Compute(output, y, dy, W);
            net.Parameters.ZeroGradients();
            net.Backward(dy);
            optimizer.Step(net.Parameters);
        }
        var accuracy = new SortedDictionary<int, double>();
        var bitAccuracy = new SortedDictionary<int, double>();
        foreach (int width in testBits.Prepend(trainBits).Distinct())
            (accuracy[width], bitAccuracy[width]) = Accuracy(net, W, width, testCount, seed + width);
        return new FeedForwardAdderResult(net, W, trainBits, updates * Batch, updates, accuracy, bitAccuracy, clock.Elapsed);
    }

    /// <summary>
    /// Of <paramref name="count"/> random <paramref name="width"/>-bit additions: the fraction the net gets entirely
    /// right, and the fraction of its <paramref name="maxWidth"/> output bits that are right.
    /// </summary>
    public static (double Sums, double Bits) Accuracy(FeedForwardNet<float> net, int maxWidth, int width, int count, int seed)
    {
        ArgumentNullException.ThrowIfNull(net);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(width, maxWidth);
        var data = new BinaryAdditionData(width, count);
        data.Randomize(new Rng(seed));
        var x = new float[count * 2 * maxWidth];
        var y = new float[count * maxWidth];
        Flatten(data, maxWidth, x, y);
        var output = net.Forward(x, count);
        int correct = 0, bits = 0;
        for (int b = 0; b < count; b++)
        {
            int right = 0;
            for (int i = 0; i < maxWidth; i++) if ((output[b * maxWidth + i] > 0.5f) == (y[b * maxWidth + i] > 0.5f)) right++;
            bits += right;
            if (right == maxWidth) correct++;
        }
        return ((double)correct / count, (double)bits / ((long)count * maxWidth));
    }

    /// <summary>Writes each addition as one row: x = [a_0..a_{W-1}, b_0..b_{W-1}], y = [s_0..s_{W-1}], zeros above the data's width.</summary>
    private static void Flatten(BinaryAdditionData data, int W, Span<float> x, Span<float> y)
    {
        x.Clear();
        y.Clear();
        for (int b = 0; b < data.Batch; b++)
            for (int i = 0; i < data.Width; i++)
            {
                x[b * 2 * W + i] = data.OperandA(b)[i] ? 1f : 0f;
                x[b * 2 * W + W + i] = data.OperandB(b)[i] ? 1f : 0f;
                y[b * W + i] = data.SumOf(b)[i] ? 1f : 0f;
            }
    }
}
