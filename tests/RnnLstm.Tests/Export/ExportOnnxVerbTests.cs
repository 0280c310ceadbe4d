using RnnLstm.Export;
using RnnLstm.Series;
using RnnLstm.Tasks;
using RnnLstm.Training;
using ForecastTask = RnnLstm.Tasks.Forecasting;
using RnnLstm.Tests.Notebooks;

namespace RnnLstm.Tests.Export;

/// <summary><c>--export-onnx FILE</c> of the <c>binary-addition</c> and <c>forecast</c> verbs, run as a user runs them.</summary>
[Collection(NotebookCollection.Name)]
public sealed class ExportOnnxVerbTests(RnnLstmTool tool)
{
    [Fact]
    public void Binary_addition_writes_the_trained_net_and_onnx_runtime_gives_its_outputs()
    {
        string file = Path.Combine(Repository.TestOutput("export-onnx-binary"), "adder.onnx");
        var run = tool.Run("binary-addition", "--iterations", "3000", "--test-bits", "16", "--export-onnx", file, "--json");
        Assert.True(run.ExitCode == 0, run.All);

        var trained = BinaryAddition.Train(new BinaryAdditionOptions { Iterations = 3000, TestBits = [16] }); // the same seeded run in-process
        var data = new BinaryAdditionData(width: 16, batch: 5);
        data.Randomize(new Numerics.Rng(11));
        var ours = trained.Model.Forward(data.X, data.Steps, data.Batch).ToArray();

        using var ort = new OnnxRuntimeModel(File.ReadAllBytes(file));
        var theirs = ort.Run((OnnxNames.Input, data.X.ToArray(), [data.Steps, data.Batch, 2]))[OnnxNames.Output];
        Assert.Equal(ours.Length, theirs.Length);
        Assert.All(ours.Zip(theirs), p => Assert.True(Math.Abs(p.First - p.Second) <= 1e-5, $"{p.First:R} here, {p.Second:R} in ONNX Runtime"));
    }

    [Fact]
    public void Forecast_writes_the_trained_net_and_onnx_runtime_gives_its_test_predictions()
    {
        string file = Path.Combine(Repository.TestOutput("export-onnx-forecast"), "airline.onnx");
        var run = tool.Run("forecast", "data/data.csv", "--epochs", "10", "--horizon", "0", "--export-onnx", file,
            "--out", Repository.TestOutput("export-onnx-forecast-out"), "--json");
        Assert.True(run.ExitCode == 0, run.All);

        var series = SeriesCsv.Load(Path.Combine(Repository.Root, "data", "data.csv"));
        var result = ForecastTask.Run(series, ForecastOptions.BetterFor(series) with { Epochs = 10, Horizon = 0 }); // the same seeded run in-process
        var test = result.Windows.Test;
        var x = new float[test.X.Length];                                           // [N, T, I] → [T, N, I], as the model reads it
        new SequenceDataset<float>([.. test.X.Select(v => (float)v)], [.. test.Y.Select(v => (float)v)], test.Steps, test.Inputs, 1, targetsPerStep: false)
            .Gather([.. Enumerable.Range(0, test.Count)], x, new float[test.Count]);
        var ours = result.Model.Forward(x, test.Steps, test.Count).ToArray();

        using var ort = new OnnxRuntimeModel(File.ReadAllBytes(file));
        var theirs = ort.Run((OnnxNames.Input, x, [test.Steps, test.Count, test.Inputs]))[OnnxNames.Output];
        Assert.Equal(test.Count, theirs.Length);
        Assert.All(ours.Zip(theirs), p => Assert.True(Math.Abs(p.First - p.Second) <= 1e-5, $"{p.First:R} here, {p.Second:R} in ONNX Runtime"));
    }

    [Fact]
    public void A_file_that_cannot_be_written_exits_2_naming_the_flag_and_the_file()
    {
        var run = tool.Run("binary-addition", "--iterations", "10", "--test-bits", "16", "--export-onnx", "/proc/no-such-folder/adder.onnx");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--export-onnx", run.Error);
        Assert.Contains("/proc/no-such-folder/adder.onnx", run.Error);
        Assert.DoesNotContain("   at ", run.Error);
    }
}
