using RnnLstm.Cells;
using RnnLstm.Export;
using RnnLstm.Export.Onnx;
using RnnLstm.Forecasting;
using RnnLstm.Series;
using RnnLstm.Tasks;
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
    public void Forecast_writes_every_net_of_the_forecaster_and_onnx_runtime_reproduces_its_test_forecasts()
    {
        string file = Path.Combine(Repository.TestOutput("export-onnx-forecast"), "airline.onnx");
        var run = tool.Run("forecast", "data/data.csv", "--epochs", "10", "--horizon", "0", "--cell", "gru", "--hidden", "4", "--look-back", "4",
            "--export-onnx", file, "--out", Repository.TestOutput("export-onnx-forecast-out"), "--json"); // one net shape: a few seconds
        Assert.True(run.ExitCode == 0, run.All);

        var series = SeriesCsv.Load(Path.Combine(Repository.Root, "data", "data.csv"));
        var settings = new ForecasterSettings { MaxEpochs = 10, Horizon = 0, Cell = CellKind.Gru, Hidden = 4, LookBack = 4 };
        var report = Forecaster.Run(series, settings);                            // the same seeded run in-process
        var model = report.Model;
        var y = report.Series.Values;
        var targets = report.TestTargets;
        int lookBack = model.Nets[0].Shape.LookBack, n = targets.Length;
        var x = model.NetInput(y, targets);                                        // [L, N, 2]
        var ours = new float[n];                                                   // mean_k net_k(x)
        foreach (var net in model.Nets)
        {
            var z = net.Model.Predict(x, lookBack, n);
            for (int k = 0; k < n; k++) ours[k] += z[k] / model.Nets.Count;
        }

        Assert.Contains(ours, v => Math.Abs(v) > 1e-3);                          // the nets do correct the base forecast

        var bytes = File.ReadAllBytes(file);
        var graph = ModelProto.Parser.ParseFrom(bytes).Graph;
        int members = model.Nets.Count == 1 ? 1 : graph.Node.Single(node => node.OpType == "Mean").Input.Count;
        Assert.Equal(model.Nets.Count, members);
        using var ort = new OnnxRuntimeModel(bytes);
        var theirs = ort.Run((OnnxNames.Input, x, [lookBack, n, 2]))[OnnxNames.Output];
        Assert.Equal(n, theirs.Length);
        Assert.All(ours.Zip(theirs), p => Assert.True(Math.Abs(p.First - p.Second) <= 1e-5, $"{p.First:R} here, {p.Second:R} in ONNX Runtime"));

        // the forecasts: b_t + s·z_t in model units, so a difference of at most 1e-5 in z is at most s·1e-5 there
        var forecasts = model.FromNetOutput(y, targets, theirs);
        var expected = report.TestForecasts[Forecaster.ModelName];
        var (uOnnx, uReport) = (model.ToModelUnits(forecasts), model.ToModelUnits(expected));
        double allowed = model.Nets[0].Scale * 1e-5 + 1e-9;
        Assert.All(uOnnx.Zip(uReport), p => Assert.True(Math.Abs(p.First - p.Second) <= allowed,
            $"{p.First:R} from ONNX Runtime, {p.Second:R} in the report (model units; allowed {allowed:E2})"));
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
