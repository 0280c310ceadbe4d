using System.Diagnostics;
using RnnLstm.Models;
using RnnLstm.Numerics;
using RnnLstm.Training;

namespace RnnLstm.Tasks;

/// <summary>What the feed-forward adder measured.</summary>
/// <param name="Net">The trained net: 2·W inputs (all bits of a, then of b), W sum bits out.</param>
/// <param name="Accuracy">Fraction of random additions right, by width.</param>
public sealed record FeedForwardAdderResult(FeedForwardNet<float> Net, int MaxWidth, SortedDictionary<int, double> Accuracy, TimeSpan Elapsed);

/// <summary>
/// The lecture's foil for binary addition: a feed-forward net that sees both numbers whole and must be built for a
/// fixed maximum width W in advance.
/// </summary>
/// <remarks>
/// It is trained on exactly the additions the recurrent net sees (numbers of <c>trainBits</c> bits), written into
/// its W-bit input slots with zeros above. Inputs above bit <c>trainBits</c> are always 0 during training, so their
/// weights never receive a gradient: nothing it learned about the low columns carries over to the high ones.
/// </remarks>
public static class FeedForwardAdder
{
    /// <summary>Trains on <paramref name="trainBits"/>-bit additions and tests at each width in <paramref name="testBits"/>.</summary>
    public static FeedForwardAdderResult Train(int trainBits, int[] testBits, int hidden = 64, int iterations = 15000, int batch = 32,
        double learningRate = 0.01, int seed = 1, int testCount = 1000)
    {
        ArgumentNullException.ThrowIfNull(testBits);
        ArgumentOutOfRangeException.ThrowIfLessThan(trainBits, 2);
        var clock = Stopwatch.StartNew();
        int W = testBits.Append(trainBits).Max();
        var net = new FeedForwardNet<float>([2 * W, hidden, W], Models.OutputActivation.Logistic, seed);
        var optimizer = new Adam<float>(learningRate);
        var loss = Losses.MeanSquaredError<float>();
        var rng = new Rng(seed).Fork();
        var x = new float[batch * 2 * W];
        var y = new float[batch * W];
        var dy = new float[batch * W];
        var data = new BinaryAdditionData(trainBits, batch);
        for (int iteration = 0; iteration < iterations; iteration++)
        {
            data.Randomize(rng);
            Flatten(data, W, x, y);
            var output = net.Forward(x, batch);
            loss.Compute(output, y, dy, W);
            net.Parameters.ZeroGradients();
            net.Backward(dy);
            optimizer.Step(net.Parameters);
        }
        var accuracy = new SortedDictionary<int, double>();
        foreach (int width in testBits.Prepend(trainBits).Distinct())
            accuracy[width] = Accuracy(net, W, width, testCount, seed + width);
        return new FeedForwardAdderResult(net, W, accuracy, clock.Elapsed);
    }

    /// <summary>Fraction of <paramref name="count"/> random <paramref name="width"/>-bit additions the net gets entirely right.</summary>
    public static double Accuracy(FeedForwardNet<float> net, int maxWidth, int width, int count, int seed)
    {
        ArgumentNullException.ThrowIfNull(net);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(width, maxWidth);
        var data = new BinaryAdditionData(width, count);
        data.Randomize(new Rng(seed));
        var x = new float[count * 2 * maxWidth];
        var y = new float[count * maxWidth];
        Flatten(data, maxWidth, x, y);
        var output = net.Forward(x, count);
        int correct = 0;
        for (int b = 0; b < count; b++)
        {
            bool ok = true;
            for (int i = 0; i < maxWidth && ok; i++) ok = (output[b * maxWidth + i] > 0.5f) == (y[b * maxWidth + i] > 0.5f);
            if (ok) correct++;
        }
        return (double)correct / count;
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
