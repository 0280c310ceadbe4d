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
        var u = report.ModelUnits;                                                 // the model reads y / c
        var targets = report.TestTargets;
        int lookBack = model.Nets[0].Shape.LookBack, n = targets.Length, horizon = model.Nets[0].Horizon;
        var x = model.NetInput(u, targets);                                        // [L, N, 1]
        var ours = new float[n * horizon];                                         // mean_k net_k(x), [N, H]
        foreach (var net in model.Nets)
        {
            var z = net.Model.Predict(x, lookBack, n);
            for (int k = 0; k < z.Length; k++) ours[k] += z[k] / model.Nets.Count;
        }

        Assert.Contains(ours, v => Math.Abs(v) > 1e-3);                          // the nets do correct the statistical path

        var bytes = File.ReadAllBytes(file);
        var graph = ModelProto.Parser.ParseFrom(bytes).Graph;
        int members = model.Nets.Count == 1 ? 1 : graph.Node.Single(node => node.OpType == "Mean").Input.Count;
        Assert.Equal(model.Nets.Count, members);
        using var ort = new OnnxRuntimeModel(bytes);
        var theirs = ort.Run((OnnxNames.Input, x, [lookBack, n, DirectNet.Inputs]))[OnnxNames.Output];
        Assert.Equal(n * horizon, theirs.Length);
        Assert.All(ours.Zip(theirs), p => Assert.True(Math.Abs(p.First - p.Second) <= 1e-5, $"{p.First:R} here, {p.Second:R} in ONNX Runtime"));

        // the paths: p_h + s·z_h, so a difference of at most 1e-5 in z is at most s·1e-5 there
        var fromOnnx = model.FromNetOutput(u, targets, theirs);
        var expected = model.Paths(u, Array.ConvertAll(targets, t => t - 1), horizon, withNet: true);
        double allowed = model.Nets[0].Scale * 1e-5 + 1e-9;
        Assert.All(fromOnnx.Zip(expected), p => Assert.All(p.First.Zip(p.Second), q => Assert.True(Math.Abs(q.First - q.Second) <= allowed,
            $"{q.First:R} from ONNX Runtime, {q.Second:R} from the model (model units; allowed {allowed:E2})")));
        if (model.UseNet) // the report's one-step test forecasts are these paths' first steps, in the series' units
            Assert.All(fromOnnx.Zip(report.TestForecasts[Forecaster.ModelName]), p => Assert.Equal(p.Second, p.First[0] * report.InternalScale, p.Second * 1e-6));
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
