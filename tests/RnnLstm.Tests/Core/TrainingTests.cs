using RnnLstm.Cells;
using RnnLstm.Models;
using RnnLstm.Numerics;
using RnnLstm.Training;

namespace RnnLstm.Tests.Core;

public class TrainingTests
{
    private const int Steps = 6, Batch = 2;

    [Theory]
    [MemberData(nameof(GradientCheckTests.AllCellKinds), MemberType = typeof(GradientCheckTests))]
    public void Truncated_bptt_with_k_equal_to_the_length_is_full_bptt(CellKind cell)
    {
        var model = new SequenceModel<double>(TestData.Spec(cell, hidden: [4, 3]), seed: 5);
        var full = Gradient(model, truncate: 0);
        Assert.Equal(full, Gradient(model, truncate: Steps));
        Assert.Equal(full, Gradient(model, truncate: Steps + 10));
        Assert.NotEqual(full, Gradient(model, truncate: 2)); // cutting the carry does change the gradient
    }

    [Fact]
    public void Truncated_bptt_cuts_the_gradient_at_chunk_boundaries()
    {
        // With k = 2 and a loss only at the last step, only the last chunk (steps 4 and 5) may contribute to dU.
        // Check it: zeroing the inputs of steps 0..3 in the gradient must leave dU unchanged.
        var model = new SequenceModel<double>(TestData.Spec(CellKind.Elman, OutputMode.LastStep), seed: 6);
        var x = TestData.Random(Steps * Batch * 3, 1);
        var dy = TestData.Random(Batch * 2, 2);
        model.Forward(x, Steps, Batch);
        model.Parameters.ZeroGradients();
        model.Backward(dy, truncateSteps: 2);
        var dx = model.InputGradient.ToArray();
        for (int k = 0; k < 4 * Batch * 3; k++) Assert.Equal(0.0, dx[k]);
        Assert.Contains(dx[(4 * Batch * 3)..], v => v != 0);
    }

    [Theory]
    [MemberData(nameof(GradientCheckTests.AllCellKinds), MemberType = typeof(GradientCheckTests))]
    public void Same_seed_gives_bit_identical_weights_after_training(CellKind cell)
    {
        Assert.Equal(TrainSmall(cell, seed: 42), TrainSmall(cell, seed: 42));
        Assert.NotEqual(TrainSmall(cell, seed: 42), TrainSmall(cell, seed: 43));
    }

    [Theory]
    [MemberData(nameof(GradientCheckTests.AllCellKinds), MemberType = typeof(GradientCheckTests))]
    public void Save_and_load_round_trip_gives_identical_predictions(CellKind cell)
    {
        var model = new SequenceModel<float>(TestData.Spec(cell, hidden: [5, 3]), seed: 9);
        var x = TestData.Random(Steps * Batch * 3, 1).Select(v => (float)v).ToArray();
        var expected = model.Predict(x, Steps, Batch);
        string path = Path.Combine(Path.GetTempPath(), $"rnnlstm-{Guid.NewGuid():N}.json");
        try
        {
            ModelFile.Save(model, path);
            Assert.Equal(expected, ModelFile.Load<float>(path).Predict(x, Steps, Batch));
            var into = new SequenceModel<float>(model.Spec, seed: 1);
            ModelFile.LoadInto(into, path);
            Assert.Equal(expected, into.Predict(x, Steps, Batch));
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void Loading_a_model_of_another_shape_or_kind_says_what_differs()
    {
        string path = Path.Combine(Path.GetTempPath(), $"rnnlstm-{Guid.NewGuid():N}.json");
        try
        {
            ModelFile.Save(new SequenceModel<double>(TestData.Spec(CellKind.Lstm, hidden: [4]), seed: 1), path);
            var gru = new SequenceModel<double>(TestData.Spec(CellKind.Gru, hidden: [4]), seed: 1);
            var e = Assert.Throws<InvalidDataException>(() => ModelFile.LoadInto(gru, path));
            Assert.Contains("Cell: Gru in the model, Lstm in the file", e.Message);
            var wider = new SequenceModel<double>(TestData.Spec(CellKind.Lstm, hidden: [6]), seed: 1);
            e = Assert.Throws<InvalidDataException>(() => ModelFile.LoadInto(wider, path));
            Assert.Contains("HiddenSizes: [6] in the model, [4] in the file", e.Message);
            Assert.Contains(path, e.Message);
        }
        finally { File.Delete(path); }
    }

    public static TheoryData<string> OptimizerNames() => new("sgd", "momentum", "adagrad", "adam");

    [Theory]
    [MemberData(nameof(OptimizerNames))]
    public void Each_optimizer_decreases_the_loss(string name)
    {
        IOptimizer<double> optimizer = name switch
        {
            "sgd" => new Sgd<double>(0.1),
            "momentum" => new Momentum<double>(0.05, 0.9),
            "adagrad" => new Adagrad<double>(0.1),
            _ => new Adam<double>(0.01),
        };
        var model = new SequenceModel<double>(TestData.Spec(CellKind.Lstm, OutputMode.LastStep) with { Init = WeightInit.Default }, seed: 3);
        var history = new Trainer<double>(model, Losses.MeanSquaredError<double>(), optimizer, new TrainerOptions { BatchSize = 4, Seed = 1 })
            .Fit(SmallDataset(), epochs: 40);
        Assert.True(history.Loss[^1] < 0.5 * history.Loss[0], $"{optimizer.Name}: loss {history.Loss[0]} → {history.Loss[^1]}");
    }

    [Fact]
    public void Clipping_by_global_norm_bounds_the_norm_and_keeps_the_direction()
    {
        var model = new SequenceModel<double>(TestData.Spec(CellKind.Gru), seed: 1);
        var g = model.Parameters.Gradients;
        var rng = new Rng(4);
        for (int k = 0; k < g.Length; k++) g[k] = rng.Uniform(-10, 10);
        var before = g.ToArray();
        double norm = GradientClipping.ClipByGlobalNorm(model.Parameters, 1.0);
        Assert.True(norm > 1.0);
        Assert.Equal(1.0, GradientClipping.GlobalNorm(model.Parameters), 12);
        for (int k = 0; k < g.Length; k++) Assert.Equal(before[k] / norm, g[k], 12);
        GradientClipping.ClipByValue(model.Parameters, 0.01);
        Assert.All(model.Parameters.Gradients.ToArray(), v => Assert.InRange(v, -0.01, 0.01));
    }

    [Fact]
    public void Divergence_names_epoch_batch_and_parameter()
    {
        var model = new SequenceModel<double>(TestData.Spec(CellKind.Elman, OutputMode.LastStep), seed: 1);
        var trainer = new Trainer<double>(model, Losses.MeanSquaredError<double>(), new Sgd<double>(1e6), new TrainerOptions { BatchSize = 2 });
        var e = Assert.Throws<TrainingDivergedException>(() => trainer.Fit(SmallDataset(), epochs: 50));
        Assert.True(e.Epoch >= 1 && e.Batch >= 1);
        Assert.Contains($"epoch {e.Epoch}, batch {e.Batch}", e.Message);
        Assert.Contains("clipping", e.Message);
        Assert.False(string.IsNullOrEmpty(e.Parameter));
    }

    [Fact]
    public void History_records_loss_parameter_norms_and_hidden_gradients_per_step()
    {
        var model = new SequenceModel<double>(TestData.Spec(CellKind.Lstm, OutputMode.LastStep), seed: 3);
        var reports = new List<TrainingProgress>();
        var history = new Trainer<double>(model, Losses.MeanSquaredError<double>(), new Adam<double>(0.01), new TrainerOptions { BatchSize = 4 })
            .Fit(SmallDataset(), epochs: 5, reports.Add);
        Assert.Equal(5, history.Epochs);
        Assert.Equal(5, reports.Count);
        Assert.Equal(model.Parameters.Parameters.Select(p => p.Name), history.ParameterGradientNorms.Keys);
        Assert.All(history.HiddenGradientNorms, norms => Assert.Equal(Steps, norms.Length));
        // Loss only at the last step: the error reaching h_t is largest at the end.
        Assert.True(history.HiddenGradientNorms[0][^1] > history.HiddenGradientNorms[0][0]);
    }

    [Fact]
    public void Bad_arguments_name_the_argument()
    {
        Assert.Equal("inputSize", Assert.ThrowsAny<ArgumentException>(() => new ElmanCell<double>(0, 3, new(), "x")).ParamName);
        Assert.Equal("hiddenSize", Assert.ThrowsAny<ArgumentException>(() => new LstmCell<double>(2, -1, new(), "x")).ParamName);
        Assert.Equal("HiddenSizes", Assert.ThrowsAny<ArgumentException>(() => new SequenceModel<double>(new ModelSpec { HiddenSizes = [] })).ParamName);
        var model = new SequenceModel<double>(TestData.Spec(CellKind.Lstm), seed: 1);
        Assert.Equal("x", Assert.Throws<ArgumentException>(() => model.Forward(new double[5], Steps, Batch)).ParamName);
        Assert.Equal("steps", Assert.ThrowsAny<ArgumentException>(() => model.Forward([], 0, Batch)).ParamName);
        Assert.Equal("lengths", Assert.ThrowsAny<ArgumentException>(() => model.Forward(new double[Steps * Batch * 3], Steps, Batch, [1])).ParamName);
        model.Forward(new double[Steps * Batch * 3], Steps, Batch);
        Assert.Equal("dy", Assert.Throws<ArgumentException>(() => model.Backward(new double[3])).ParamName);
        Assert.Equal("target", Assert.Throws<ArgumentException>(() =>
            Losses.MeanSquaredError<double>().Compute(new double[4], new double[3], new double[4], 1)).ParamName);
        Assert.Equal("learningRate", Assert.Throws<ArgumentOutOfRangeException>(() => new Adam<double>(-1)).ParamName);
    }

    private static double[] Gradient(SequenceModel<double> model, int truncate)
    {
        var x = TestData.Random(Steps * Batch * 3, 1);
        var dy = TestData.Random(Steps * Batch * 2, 2);
        model.Forward(x, Steps, Batch);
        model.Parameters.ZeroGradients();
        model.Backward(dy, truncate);
        return [.. model.Parameters.Gradients, .. model.InputGradient];
    }

    private static float[] TrainSmall(CellKind cell, int seed)
    {
        var model = new SequenceModel<float>(TestData.Spec(cell, OutputMode.LastStep) with { Init = WeightInit.Default }, seed);
        var data = SmallDataset();
        var floats = new SequenceDataset<float>(data.Inputs.Select(v => (float)v).ToArray(), data.Targets.Select(v => (float)v).ToArray(), Steps, 3, 2, false);
        new Trainer<float>(model, Losses.MeanSquaredError<float>(), new Adam<float>(0.01), new TrainerOptions { BatchSize = 3, Seed = seed })
            .Fit(floats, epochs: 3);
        return model.Parameters.Values.ToArray();
    }

    /// <summary>16 sequences of 6 steps × 3 features; targets: the mean of feature 0 and the last value of feature 1.</summary>
    private static Dataset SmallDataset()
    {
        const int N = 16;
        var x = TestData.Random(N * Steps * 3, 77);
        var y = new double[N * 2];
        for (int n = 0; n < N; n++)
        {
            double mean = 0;
            for (int t = 0; t < Steps; t++) mean += x[(n * Steps + t) * 3] / Steps;
            y[n * 2] = mean;
            y[n * 2 + 1] = x[(n * Steps + Steps - 1) * 3 + 1];
        }
        return new Dataset(x, y);
    }

    private sealed class Dataset(double[] inputs, double[] targets)
    {
        public double[] Inputs { get; } = inputs;
        public double[] Targets { get; } = targets;
        public static implicit operator SequenceDataset<double>(Dataset d) => new(d.Inputs, d.Targets, Steps, 3, 2, targetsPerStep: false);
    }
}
