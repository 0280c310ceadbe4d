using Microsoft.ML.OnnxRuntime;
using RnnLstm.Bench.Harness;
using RnnLstm.Export;
using RnnLstm.Forecasting;
using RnnLstm.Models;
using RnnLstm.Numerics.Kernels;
using RnnLstm.Series;
using LibCell = RnnLstm.Cells.CellKind;

namespace RnnLstm.Bench.Onnx;

/// <summary>
/// Inference rows: our <see cref="SequenceModel{T}.Infer"/> against ONNX Runtime running the same model, exported by
/// <see cref="OnnxExport"/>, on the same input, interleaved by the <see cref="Sampler"/>. A unit of work is one forward
/// pass over the batch; the row reports time per sequence (the unit's time / B).
/// </summary>
public static class OnnxInference
{
    /// <summary>The rows: onnx_airline (the nets of the forecaster <see cref="Forecaster.Run"/> trains on the airline
    /// data with the default settings, one window per call) and configuration d (I = 32, H = 128, T = 50, B = 32) with an
    /// LSTM (onnx_d), a GRU (onnx_d_gru) and an Elman tanh RNN (onnx_d_rnn).</summary>
    public static readonly string[] Names = ["onnx_airline", "onnx_d", "onnx_d_gru", "onnx_d_rnn"];

    static readonly StepConfig ConfigD = new("onnx_d", 32, 128, 50, 32);

    public static readonly string Text =
        "onnx_airline: the nets of Forecaster.Run(data/data.csv, default settings), trained once, on HybridForecaster.NetInput's x [L, 1, 1] for the forecast after the series (B = 1, output the H corrections); "
        + "ours each member's SequenceModel<float>.Infer on that x, averaged; ONNX Runtime on OnnxExport.EnsembleToBytes (Mean of the members). "
        + "onnx_d, onnx_d_gru, onnx_d_rnn: LSTM, GRU, Elman tanh + Linear(H,1) on the last step, seeded weights, x U(-1,1) [T,B,I]; ours SequenceModel<float>.Infer (no step caches kept), ONNX Runtime on OnnxExport.ToBytes. "
        + $"ONNX Runtime {typeof(InferenceSession).Assembly.GetName().Version} (CPU, ORT_ENABLE_ALL, intra-op threads = row threads, preallocated input and output), opset {OnnxExport.Opset}; "
        + "µs per sequence = one forward pass / B; GFLOP/s counts U·x and V·h: 2·T·G·H·(I+H) per sequence and member";

    /// <summary>The row <paramref name="name"/> (one of <see cref="Names"/>) on <paramref name="threads"/> threads;
    /// <paramref name="csv"/> is the airline data.</summary>
    public static Row Measure(string name, int threads, Sampler sampler, int seed, string csv)
    {
        KernelThreads.Count = Math.Min(threads, Environment.ProcessorCount);
        return Compare(Setup(name, seed, csv), threads, sampler);
    }

    /// <summary>Our side of row <paramref name="name"/> alone, on one thread against two (<see cref="ThreadPair"/>), µs per sequence.</summary>
    public static ThreadPair MeasureThreads(string name, Sampler sampler, int seed, string csv)
    {
        var row = Setup(name, seed, csv);
        using var ours = new OurForward(row.Members, row.X, row.Cfg);
        return ThreadPair.Measure(name, row.Cell.ToString().ToLowerInvariant(), ours,
            t => KernelThreads.Count = Math.Min(t, Environment.ProcessorCount), sampler, perUnit: row.Cfg.B);
    }

    /// <summary>What row <paramref name="name"/> runs: its shape, cell, the member nets whose mean is the output, the
    /// input x [T, B, I], and a description of the model for the row's note ("" for the seeded d nets).</summary>
    sealed record InferenceRow(StepConfig Cfg, LibCell Cell, SequenceModel<float>[] Members, float[] X, string Model);

    static InferenceRow Setup(string name, int seed, string csv) => name switch
    {
        "onnx_airline" => AirlineRow(csv),
        "onnx_d" => RowD(LibCell.Lstm, seed),
        "onnx_d_gru" => RowD(LibCell.Gru, seed),
        "onnx_d_rnn" => RowD(LibCell.Elman, seed),
        _ => throw new ArgumentException($"No ONNX row {name}; the rows are {string.Join(", ", Names)}.", nameof(name)),
    };

    /// <summary>Configuration d's seeded model of <paramref name="cell"/> and its input x [T, B, I], U(-1, 1).</summary>
    static InferenceRow RowD(LibCell cell, int seed)
    {
        var cfg = ConfigD with { Name = cell switch { LibCell.Lstm => "onnx_d", LibCell.Gru => "onnx_d_gru", _ => "onnx_d_rnn" } };
        var model = new SequenceModel<float>(new ModelSpec
        {
            Cell = cell, InputSize = cfg.I, HiddenSizes = [cfg.H], OutputSize = 1, Output = OutputMode.LastStep,
        }, seed);
        var rng = new Random(seed);
        var x = Enumerable.Range(0, cfg.T * cfg.B * cfg.I).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray();
        return new InferenceRow(cfg, cell, [model], x, "");
    }

    static (HybridForecaster Model, double[] Y)? airline;

    /// <summary>The airline forecaster and its series, trained on the first call (seeded: the same nets every run).</summary>
    static (HybridForecaster Model, double[] Y) Airline(string csv)
    {
        if (airline is null)
        {
            Console.WriteLine("Training the airline forecaster (Forecaster.Run, default settings) ...");
            var report = Forecaster.Run(SeriesCsv.Load(csv), new ForecasterSettings());
            Console.WriteLine($"  chose {report.Model} in {report.Elapsed.TotalSeconds:F1} s");
            airline = (report.Model, report.Series.Values.ToArray());
        }
        return airline.Value;
    }

    /// <summary>The airline forecaster's nets and the window they read for the forecast after the series.</summary>
    static InferenceRow AirlineRow(string csv)
    {
        var (forecaster, y) = Airline(csv);
        var x = forecaster.NetInput(y, [y.Length]);
        var shape = forecaster.Nets[0].Shape;
        var members = forecaster.Nets.Select(n => n.Model).ToArray();
        return new InferenceRow(new StepConfig("onnx_airline", members[0].Spec.InputSize, shape.Hidden, shape.LookBack, 1),
            shape.Cell, members, x, $"{forecaster}; ");
    }

    /// <summary>Times the members' mean output, ours against ONNX Runtime, on x [cfg.T, cfg.B, cfg.I].</summary>
    static Row Compare(InferenceRow row, int threads, Sampler sampler)
    {
        var (cfg, cell, members, x, model) = row;
        using var ours = new OurForward(members, x, cfg);
        byte[] onnx = members.Length == 1 ? OnnxExport.ToBytes(members[0]) : OnnxExport.EnsembleToBytes(members);
        using var theirs = new OnnxRuntimeForward(onnx, x, cfg, members[0].Spec.OutputSize, threads);
        double difference = ours.Output.Zip(theirs.Output).Max(p => Math.Abs(p.First - p.Second));
        double largest = ours.Output.Max(Math.Abs);

        var (to, tr) = sampler.Compare(ours, theirs);
        double alloc = Sampler.AllocatedBytesPerUnit(ours, 200) / cfg.B;
        int gates = cell switch { LibCell.Lstm => 4, LibCell.Gru => 3, _ => 1 };
        double flopsPerSequence = members.Length * 2.0 * cfg.T * gates * cfg.H * (cfg.I + cfg.H);
        if (!(difference <= 1e-5))
            throw new MismatchException($"{cfg.Name} {threads} thread(s): OUTPUT MISMATCH max |ours - ORT| = {difference:E1} (max |ours| = {largest:G3})");
        string note = $"{model}peer: ONNX Runtime; max |ours - ORT| = {difference:E1} (max |ours| = {largest:G3})";
        return new Row(cfg.Name, cell.ToString().ToLowerInvariant(), threads, KernelThreads.Count, to.Per(cfg.B), tr.Per(cfg.B),
            flopsPerSequence, alloc, double.NaN, note, Peer: "ONNX Runtime");
    }

    /// <summary>Our forward pass: one model's output, or the mean of the members' outputs on the same x (as
    /// <see cref="HybridForecaster"/> averages its nets). No allocation after the first call.</summary>
    sealed class OurForward : IWorkload
    {
        readonly SequenceModel<float>[] members;
        readonly float[] x;
        readonly StepConfig cfg;

        public OurForward(SequenceModel<float>[] members, float[] x, StepConfig cfg)
        {
            (this.members, this.x, this.cfg) = (members, x, cfg);
            Output = new float[members[0].Infer(x, cfg.T, cfg.B).Length];
            Run(1);
        }

        /// <summary>The last call's output (the mean over the members).</summary>
        public float[] Output { get; }

        public void Run(int count)
        {
            for (int n = 0; n < count; n++)
            {
                if (members.Length == 1) { members[0].Infer(x, cfg.T, cfg.B).CopyTo(Output); continue; }
                Array.Clear(Output);
                foreach (var member in members)
                {
                    var y = member.Infer(x, cfg.T, cfg.B);
                    for (int k = 0; k < Output.Length; k++) Output[k] += y[k];
                }
                for (int k = 0; k < Output.Length; k++) Output[k] /= members.Length;
            }
        }

        public void Dispose() { }
    }

    /// <summary>ONNX Runtime's forward pass, input and output bound to preallocated buffers.</summary>
    sealed class OnnxRuntimeForward : IWorkload
    {
        readonly InferenceSession session;
        readonly RunOptions runOptions = new();
        readonly OrtValue[] inputs, outputs;
        readonly float[] y;
        static readonly string[] InputNames = [OnnxNames.Input], OutputNames = [OnnxNames.Output];

        /// <summary>A session of <paramref name="model"/> on x [T, B, I] with output y [B, <paramref name="outputSize"/>].</summary>
        public OnnxRuntimeForward(byte[] model, float[] x, StepConfig cfg, int outputSize, int threads)
        {
            using var options = new SessionOptions
            {
                IntraOpNumThreads = threads, InterOpNumThreads = 1, ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
                GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            };
            session = new InferenceSession(model, options);
            y = new float[cfg.B * outputSize];
            inputs = [OrtValue.CreateTensorValueFromMemory(x, [cfg.T, cfg.B, cfg.I])];
            outputs = [OrtValue.CreateTensorValueFromMemory(y, [cfg.B, outputSize])];
            Run(1);
        }

        public float[] Output => y;

        public void Run(int count)
        {
            for (int n = 0; n < count; n++) session.Run(runOptions, InputNames, inputs, OutputNames, outputs);
        }

        public void Dispose()
        {
            inputs[0].Dispose();
            outputs[0].Dispose();
            runOptions.Dispose();
            session.Dispose();
        }
    }
}
