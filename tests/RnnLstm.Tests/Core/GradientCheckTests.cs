using RnnLstm.Cells;
using RnnLstm.Models;
using RnnLstm.Numerics;
using RnnLstm.Training;
using Xunit.Abstractions;

namespace RnnLstm.Tests.Core;

/// <summary>
/// Backpropagation checked against finite differences in float64: every cell and variant, every loss, every
/// parameter, the inputs and the initial states, over several steps and a batch of several sequences.
/// </summary>
public class GradientCheckTests(ITestOutputHelper output)
{
    private const double Tolerance = 1e-6;
    private const int Steps = 4, Batch = 3;

    public static TheoryData<CellKind, OutputMode> CellsAndModes()
    {
        var data = new TheoryData<CellKind, OutputMode>();
        foreach (var cell in TestData.AllCells)
            foreach (var mode in Enum.GetValues<OutputMode>()) data.Add(cell, mode);
        return data;
    }

    [Theory]
    [MemberData(nameof(CellsAndModes))]
    public void Every_parameter_and_input_of_a_two_layer_model(CellKind cell, OutputMode mode)
    {
        var model = new SequenceModel<double>(TestData.Spec(cell, mode, hidden: [4, 3]), seed: 1);
        var result = CheckWithRandomLoss(model);
        output.WriteLine($"{cell} {mode}: {result}");
        Assert.True(result.WorstRelativeError <= Tolerance, result.ToString());
        Assert.Equal(model.Parameters.Count + Steps * Batch * 3, result.Checked);
    }

    [Theory]
    [InlineData(ElmanActivation.Tanh, true)]
    [InlineData(ElmanActivation.Logistic, true)]
    [InlineData(ElmanActivation.Logistic, false)]
    [InlineData(ElmanActivation.Relu, true)]
    [InlineData(ElmanActivation.Relu, false)]
    public void Elman_activations_with_and_without_bias(ElmanActivation activation, bool bias)
    {
        var model = new SequenceModel<double>(TestData.Spec(CellKind.Elman, elman: activation, bias: bias, activation: OutputActivation.Logistic), seed: 2);
        var result = CheckWithRandomLoss(model);
        output.WriteLine(result.ToString());
        Assert.True(result.WorstRelativeError <= Tolerance, result.ToString());
    }

    [Theory]
    [MemberData(nameof(AllCellKinds))]
    public void Initial_states(CellKind cell)
    {
        var model = new SequenceModel<double>(TestData.Spec(cell, OutputMode.EveryStep), seed: 3);
        var layer = model.Layers[0];
        int H = layer.HiddenSize;
        var x = TestData.Random(Steps * Batch * 3, 10);
        var weights = TestData.Random(Steps * Batch * 2, 11);
        var h0 = TestData.Random(Batch * H, 12);
        var c0 = layer.Cell.HasCellState ? TestData.Random(Batch * H, 13) : [];
        var dy = new double[weights.Length];
        double Loss()
        {
            layer.SetInitialState(h0, c0);
            var y = model.Forward(x, Steps, Batch);
            return WeightedSum(y, weights, dy);
        }
        Loss();
        model.Parameters.ZeroGradients();
        model.Backward(dy);
        var dh0 = layer.InitialHiddenGradient.ToArray();
        var dc0 = layer.InitialCellGradient.ToArray();
        var result = GradientCheck.Check(h0, dh0, Loss, k => $"h0[{k}]");
        if (layer.Cell.HasCellState) result = result.Worst(GradientCheck.Check(c0, dc0, Loss, k => $"c0[{k}]"));
        output.WriteLine($"{cell}: {result}");
        Assert.True(result.WorstRelativeError <= Tolerance, result.ToString());
    }

    public static TheoryData<CellKind> AllCellKinds() => new(TestData.AllCells);

    public static TheoryData<string> LossNames() => new("mse", "half-sse", "bce", "softmax");

    [Theory]
    [MemberData(nameof(LossNames))]
    public void Every_loss(string name)
    {
        var (loss, activation) = name switch
        {
            "mse" => (Losses.MeanSquaredError<double>(), OutputActivation.Tanh),
            "half-sse" => (Losses.HalfSumSquaredError<double>(), OutputActivation.Logistic),
            "bce" => (Losses.BinaryCrossEntropyWithLogits<double>(), OutputActivation.Identity),
            _ => (Losses.SoftmaxCrossEntropy<double>(), OutputActivation.Identity),
        };
        var model = new SequenceModel<double>(TestData.Spec(CellKind.Lstm, activation: activation), seed: 4);
        int n = Steps * Batch * 2;
        var target = name == "softmax" ? OneHotRows(n / 2, 2, seed: 5) : TestData.Random(n, 5, 0.5).Select(v => v + 0.5).ToArray();
        var result = GradientCheck.CheckModel(model, TestData.Random(Steps * Batch * 3, 6), Steps, Batch, target, loss);
        output.WriteLine($"{loss.Name}: {result}");
        Assert.True(result.WorstRelativeError <= Tolerance, result.ToString());
    }

    [Theory]
    [MemberData(nameof(AllCellKinds))]
    public void Sequences_of_different_lengths_in_one_batch(CellKind cell)
    {
        var model = new SequenceModel<double>(TestData.Spec(cell, OutputMode.LastStep), seed: 7);
        int[] lengths = [4, 2, 1];
        var x = TestData.Random(Steps * Batch * 3, 8);
        var weights = TestData.Random(Batch * 2, 9);
        var dy = new double[weights.Length];
        double Loss() => WeightedSum(model.Forward(x, Steps, Batch, lengths), weights, dy);
        Loss();
        model.Parameters.ZeroGradients();
        model.Backward(dy);
        var dx = model.InputGradient.ToArray();
        var result = GradientCheck.Check(model.Parameters.Values, model.Parameters.Gradients, Loss, k => model.Parameters.Locate(k).Parameter.Name)
            .Worst(GradientCheck.Check(x, dx, Loss, k => $"x[{k}]"));
        output.WriteLine($"{cell}: {result}");
        Assert.True(result.WorstRelativeError <= Tolerance, result.ToString());
        // Steps past a sequence's end change nothing: the padded inputs of sequence 2 (length 1) have zero gradient.
        for (int t = 1; t < Steps; t++)
            for (int i = 0; i < 3; i++) Assert.Equal(0.0, dx[(t * Batch + 2) * 3 + i]);
    }

    [Fact]
    public void A_wrong_gradient_is_caught()
    {
        var model = new SequenceModel<double>(TestData.Spec(CellKind.Lstm), seed: 1);
        var x = TestData.Random(Steps * Batch * 3, 10);
        var weights = TestData.Random(Steps * Batch * 2, 11);
        var dy = new double[weights.Length];
        double Loss() => WeightedSum(model.Forward(x, Steps, Batch), weights, dy);
        Loss();
        model.Parameters.ZeroGradients();
        model.Backward(dy);
        var analytic = model.Parameters.Gradients.ToArray();
        analytic[5] *= 1.001; // a 0.1% error in one value
        var result = GradientCheck.Check(model.Parameters.Values, analytic, Loss, k => $"θ[{k}]");
        Assert.True(result.WorstRelativeError > 1e-4, result.ToString());
        Assert.Equal("θ[5]", result.Where);
    }

    /// <summary>L = Σ y ⊙ w with fixed random weights w, so every output matters and gradients are O(1).</summary>
    private GradientCheckResult CheckWithRandomLoss(SequenceModel<double> model)
    {
        var x = TestData.Random(Steps * Batch * 3, 10);
        int outputs = model.OutputRows(Steps, Batch) * model.Spec.OutputSize;
        var weights = TestData.Random(outputs, 11);
        return GradientCheck.CheckModel(model, x, Steps, Batch, weights, new WeightedSumLoss());
    }

    private static double WeightedSum(ReadOnlySpan<double> y, double[] weights, double[] dy)
    {
        double sum = 0;
        for (int k = 0; k < y.Length; k++) { sum += y[k] * weights[k]; dy[k] = weights[k]; }
        return sum;
    }

    private static double[] OneHotRows(int rows, int columns, int seed)
    {
        var rng = new Rng(seed);
        var t = new double[rows * columns];
        for (int r = 0; r < rows; r++) t[r * columns + rng.NextInt(columns)] = 1;
        return t;
    }

    /// <summary>L = Σ y ⊙ target: a loss whose "target" is a weight vector.</summary>
    private sealed class WeightedSumLoss : ILoss<double>
    {
        public string Name => "weighted sum";
        public double Compute(ReadOnlySpan<double> output, ReadOnlySpan<double> target, Span<double> dOutput, int columns)
        {
            double sum = 0;
            for (int k = 0; k < output.Length; k++) { sum += output[k] * target[k]; dOutput[k] = target[k]; }
            return sum;
        }
    }
}
