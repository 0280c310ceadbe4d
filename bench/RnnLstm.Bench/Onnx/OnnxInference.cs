using Microsoft.ML.OnnxRuntime;
using RnnLstm.Bench.Harness;
using RnnLstm.Export;
using RnnLstm.Models;
using RnnLstm.Numerics.Kernels;
using LibCell = RnnLstm.Cells.CellKind;

namespace RnnLstm.Bench.Onnx;

/// <summary>
/// Inference rows: our <see cref="SequenceModel{T}.Forward"/> against ONNX Runtime running the same model, exported by
/// <see cref="OnnxExport"/>, on the same input, interleaved by the <see cref="Sampler"/>. A unit of work is one forward
/// pass over the batch; the row reports time per sequence (the unit's time / B).
/// </summary>
public static class OnnxInference
{
    /// <summary>The rows: the airline model's shape (the LSTM notebook's better model: LSTM 1→4→1, a look-back of 12
    /// months as time steps, one window per call) and configuration d (I = 32, H = 128, T = 50, B = 32).</summary>
    public static readonly StepConfig[] Configs = [new("onnx_airline", 1, 4, 12, 1), new("onnx_d", 32, 128, 50, 32)];

    public static readonly string Text =
        $"LSTM + Linear(H,1) on the last step, seeded weights, x N(0,1) [T,B,I]; ours SequenceModel<float>.Forward, ONNX Runtime {typeof(InferenceSession).Assembly.GetName().Version} "
        + $"(CPU, ORT_ENABLE_ALL, intra-op threads = row threads, preallocated input and output) on OnnxExport's model (opset {OnnxExport.Opset}); µs per sequence = one forward pass / B; "
        + "GFLOP/s counts U·x and V·h: 2·T·G·H·(I+H) per sequence";

    public static Row Measure(StepConfig cfg, int threads, Sampler sampler, int seed)
    {
        KernelThreads.Count = Math.Min(threads, Environment.ProcessorCount);
        var model = new SequenceModel<float>(new ModelSpec
        {
            Cell = LibCell.Lstm, InputSize = cfg.I, HiddenSizes = [cfg.H], OutputSize = 1, Output = OutputMode.LastStep,
        }, seed);
        var rng = new Random(seed);
        var x = Enumerable.Range(0, cfg.T * cfg.B * cfg.I).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray();
        using var ours = new OurForward(model, x, cfg);
        using var theirs = new OnnxRuntimeForward(OnnxExport.ToBytes(model), x, cfg, threads);
        double difference = ours.Output.Zip(theirs.Output).Max(p => Math.Abs(p.First - p.Second));

        var (to, tr) = sampler.Compare(ours, theirs);
        double alloc = Sampler.AllocatedBytesPerUnit(ours, 200) / cfg.B;
        double flopsPerSequence = 2.0 * cfg.T * 4 * cfg.H * (cfg.I + cfg.H);
        string note = $"peer: ONNX Runtime; max |ours - ORT| = {difference:E1}" + (difference > 1e-5 ? " MISMATCH" : "");
        return new Row(cfg.Name, "lstm", threads, KernelThreads.Count, PerSequence(to, cfg.B), PerSequence(tr, cfg.B),
            flopsPerSequence, alloc, double.NaN, note, Peer: "ONNX Runtime");
    }

    static Timing PerSequence(Timing t, int batch) =>
        new(t.MedianUs / batch, t.P10Us / batch, t.P90Us / batch, t.Samples, t.CpuMedianUs / batch);

    /// <summary>Our forward pass (no allocation after the first call).</summary>
    sealed class OurForward(SequenceModel<float> model, float[] x, StepConfig cfg) : IWorkload
    {
        public float[] Output { get; } = model.Forward(x, cfg.T, cfg.B).ToArray();

        public void Run(int count)
        {
            for (int n = 0; n < count; n++) model.Forward(x, cfg.T, cfg.B);
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

        public OnnxRuntimeForward(byte[] model, float[] x, StepConfig cfg, int threads)
        {
            using var options = new SessionOptions
            {
                IntraOpNumThreads = threads, InterOpNumThreads = 1, ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
                GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            };
            session = new InferenceSession(model, options);
            y = new float[cfg.B];
            inputs = [OrtValue.CreateTensorValueFromMemory(x, [cfg.T, cfg.B, cfg.I])];
            outputs = [OrtValue.CreateTensorValueFromMemory(y, [cfg.B, 1])];
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
