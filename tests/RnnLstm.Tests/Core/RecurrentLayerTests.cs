using RnnLstm.Cells;
using RnnLstm.Models;
using RnnLstm.Numerics;

namespace RnnLstm.Tests.Core;

/// <summary>
/// <see cref="RecurrentLayer{T}"/>'s blocks of input projections and its optional dL/dx, in float64 on every cell.
/// </summary>
public class RecurrentLayerTests
{
    /// <summary>
    /// A batch of 40 with H = 200 makes several blocks of steps (2 LSTM steps, 8 Elman steps fit in one block of
    /// <see cref="RecurrentLayer{T}.ProjectionBlockValues"/> values), while one sequence alone fits in one block. The batch's outputs must equal each sequence's own, and its gradients the sum of
    /// the sequences' gradients (the order of additions differs, so to 1e-10 relative).
    /// </summary>
    [Theory]
    [MemberData(nameof(Cells))]
    public void Blocks_of_steps_give_what_each_sequence_gives_alone(CellKind kind)
    {
        const int input = 5, hidden = 200, steps = 10, batch = 40;
        int gates = Cell.Create<double>(kind, input, hidden, new ParameterSet<double>(), "probe").GateCount;
        Assert.True(RecurrentLayer<double>.ProjectionBlockValues / (batch * gates * hidden) < steps, "the batch should need more than one block");
        var x = TestData.Random(steps * batch * input, 1);
        var dOut = TestData.Random(steps * batch * hidden, 2);

        var (whole, wholeParameters) = Layer(kind, input, hidden);
        whole.Forward(x, steps, batch);
        whole.Backward(dOut);

        var (single, singleParameters) = Layer(kind, input, hidden);
        var sumOfGradients = new double[singleParameters.Count];
        for (int b = 0; b < batch; b++)
        {
            var xb = new double[steps * input];
            var db = new double[steps * hidden];
            for (int t = 0; t < steps; t++)
            {
                Array.Copy(x, (t * batch + b) * input, xb, t * input, input);
                Array.Copy(dOut, (t * batch + b) * hidden, db, t * hidden, hidden);
            }
            singleParameters.ZeroGradients();
            single.Forward(xb, steps, 1);
            single.Backward(db);
            for (int t = 0; t < steps; t++)
            {
                Assert.Equal(single.Outputs.Slice(t * hidden, hidden).ToArray(), whole.Outputs.Slice((t * batch + b) * hidden, hidden).ToArray());
                AssertClose(single.InputGradient.Slice(t * input, input), whole.InputGradient.Slice((t * batch + b) * input, input));
            }
            for (int k = 0; k < sumOfGradients.Length; k++) sumOfGradients[k] += singleParameters.Gradients[k];
        }
        AssertClose(sumOfGradients, wholeParameters.Gradients);
    }

    [Theory]
    [MemberData(nameof(Cells))]
    public void Skipping_dx_leaves_every_parameter_gradient_as_it_was(CellKind kind)
    {
        const int input = 3, hidden = 6, steps = 5, batch = 4;
        var x = TestData.Random(steps * batch * input, 3);
        var dOut = TestData.Random(steps * batch * hidden, 4);
        double[] Gradients(bool inputGradient, out RecurrentLayer<double> layer)
        {
            (layer, var parameters) = Layer(kind, input, hidden);
            layer.Forward(x, steps, batch);
            layer.Backward(dOut, inputGradient: inputGradient);
            return parameters.Gradients.ToArray();
        }
        var with = Gradients(true, out var withLayer);
        var without = Gradients(false, out var withoutLayer);
        Assert.Equal(with, without);
        Assert.Equal(steps * batch * input, withLayer.InputGradient.Length);
        Assert.Contains("inputGradient: false", Assert.Throws<InvalidOperationException>(() => withoutLayer.InputGradient.Length).Message);
    }

    public static TheoryData<CellKind> Cells() => new(TestData.AllCells);

    private static (RecurrentLayer<double>, ParameterSet<double>) Layer(CellKind kind, int input, int hidden)
    {
        var parameters = new ParameterSet<double>();
        var cell = Cell.Create<double>(kind, input, hidden, parameters, "l");
        cell.Initialize(new Rng(7));
        return (new RecurrentLayer<double>(cell), parameters);
    }

    private static void AssertClose(ReadOnlySpan<double> expected, ReadOnlySpan<double> actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int k = 0; k < expected.Length; k++)
            Assert.True(Math.Abs(expected[k] - actual[k]) <= 1e-10 * Math.Max(1, Math.Abs(expected[k])),
                $"index {k}: expected {expected[k]:R}, got {actual[k]:R}");
    }
}
