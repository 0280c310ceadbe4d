using RnnLstm.Bench.Harness;
using RnnLstm.Bench.Torch;
using RnnLstm.Models;
using RnnLstm.Numerics.Kernels;
using RnnLstm.Training;
using TorchSharp;
using LibCell = RnnLstm.Cells.CellKind;

namespace RnnLstm.Bench.Ours;

/// <summary>
/// Our library on the same work as <see cref="TorchStep"/>, <see cref="TorchAirlineJob"/> and
/// <see cref="TorchAdditionJob"/>: a <see cref="SequenceModel{T}"/> in float32 whose weights are copied from the
/// torch model before either side trains, trained through <see cref="Trainer{T}.Step"/> (the library's own training
/// step: forward, loss, zeroed gradients, BPTT, gradient norms, optimizer).
/// </summary>
public sealed class OurSide : IOurSide
{
    public string ThreadingNote =>
        "threads = RnnLstm.Numerics.Kernels.KernelThreads.Count: each SequenceModel.Forward and Backward pass either splits its large pieces over the threads (float32 products of at least 2^20 multiply-adds, one chunk per thread; the fused LSTM forward by batch rows for the whole sequence; the LSTM's and GRU's gate maths by rows when B·H >= 4096; in BPTT of an Elman or LSTM layer whose step product B·G·H·H is at least 2^20, each block of steps' weight gradients dV, dU, db on a worker while the calling thread carries dh back through the next block) or runs alone, whichever its earlier passes of that kind and size measured faster (SplitPolicy: warm-up, then the faster way with explorations at doubling intervals); the Elman squashing and the GRU's backward element-wise maths stay on the calling thread";

    public int SetThreads(int threads)
    {
        KernelThreads.Count = Math.Min(threads, Environment.ProcessorCount);
        return KernelThreads.Count;
    }

    public IWorkload Step(StepConfig cfg, TorchNet weights, float[] x, float[] y)
    {
        var model = Model(weights, cfg.I, cfg.H, OutputMode.LastStep, OutputActivation.Identity);
        var trainer = new Trainer<float>(model, Losses.MeanSquaredError<float>(), new Sgd<float>(StepDefinition.LearningRate));
        return new OurStep(trainer, x, y, cfg.T, cfg.B);
    }

    public IWorkload Airline(TorchNet weights, float[] x, float[] y) =>
        new OurAirlineJob(Model(weights, 1, Jobs.AirlineHidden, OutputMode.LastStep, OutputActivation.Identity), x, y);

    public IWorkload Addition(TorchNet weights, float[][] x, float[][] y) =>
        new OurAdditionJob(Model(weights, 2, Jobs.AdditionHidden, OutputMode.EveryStep, OutputActivation.Logistic), x, y);

    public IReadOnlyDictionary<string, float[]> CopiedWeights(TorchNet weights, StepConfig cfg)
    {
        var model = Model(weights, cfg.I, cfg.H, OutputMode.LastStep, OutputActivation.Identity);
        return model.Parameters.Parameters.ToDictionary(p => p.Name, p => p.Value.ToArray());
    }

    public float[] SequenceOutputs(TorchNet weights, StepConfig cfg, float[] x)
    {
        var model = Model(weights, cfg.I, cfg.H, OutputMode.LastStep, OutputActivation.Identity);
        model.Forward(x, cfg.T, cfg.B);
        return model.Layers[0].Outputs.ToArray();
    }

    public double StepLoss(IWorkload step) => ((OurStep)step).Loss();

    public string? JobCheck(IWorkload job) => job switch
    {
        OurAirlineJob a => $"{a.LastLoss:G4}",
        OurAdditionJob b => $"{b.LastAccuracy:P0}",
        _ => null,
    };

    /// <summary>A one-layer model of the torch net's cell and sizes, with the torch net's current weights.</summary>
    static SequenceModel<float> Model(TorchNet torch, int inputSize, int hiddenSize, OutputMode mode, OutputActivation activation)
    {
        var spec = new ModelSpec
        {
            Cell = torch.Cell switch { CellKind.Lstm => LibCell.Lstm, CellKind.Gru => LibCell.Gru, _ => LibCell.Elman },
            InputSize = inputSize,
            HiddenSizes = [hiddenSize],
            OutputSize = 1,
            Output = mode,
            OutputActivation = activation,
            ElmanActivation = RnnLstm.Cells.ElmanActivation.Tanh,
            Bias = true,
        };
        var model = new SequenceModel<float>(spec);
        CopyWeights(torch, model);
        return model;
    }

    /// <summary>
    /// U = weight_ih, V = weight_hh, b = bias_ih + bias_hh (GRU: the n rows take bias_ih only and bHn = bias_hh[n]),
    /// head.W = Linear.weight, head.b = Linear.bias.
    /// </summary>
    public static void CopyWeights(TorchNet torch, SequenceModel<float> model)
    {
        var p = torch.Rnn.named_parameters().ToDictionary(n => n.name, n => TorchNet.Values(n.parameter));
        var ps = model.Parameters;
        int H = model.Layers[0].HiddenSize;
        p["weight_ih_l0"].CopyTo(ps["layer0.U"].Value);
        p["weight_hh_l0"].CopyTo(ps["layer0.V"].Value);
        float[] bih = p["bias_ih_l0"], bhh = p["bias_hh_l0"];
        bool gru = torch.Cell == CellKind.Gru;
        var b = ps["layer0.b"].Value;
        for (int k = 0; k < bih.Length; k++) b[k] = gru && k >= 2 * H ? bih[k] : bih[k] + bhh[k];
        if (gru) bhh.AsSpan(2 * H, H).CopyTo(ps["layer0.bHn"].Value);
        TorchNet.Values(torch.Head.weight!).CopyTo(ps["head.W"].Value);
        TorchNet.Values(torch.Head.bias!).CopyTo(ps["head.b"].Value);
    }
}

/// <summary>One training step on our side.</summary>
sealed class OurStep(Trainer<float> trainer, float[] x, float[] y, int steps, int batch) : IWorkload
{
    public double Loss()
    {
        var output = trainer.Model.Forward(x, steps, batch);
        double sum = 0;
        for (int k = 0; k < y.Length; k++) sum += (output[k] - y[k]) * (double)(output[k] - y[k]);
        return sum / y.Length;
    }

    public void Run(int count)
    {
        for (int n = 0; n < count; n++) trainer.Step(x, y, steps, batch);
    }

    public void Dispose() { }
}

/// <summary>A whole job on our side: each run starts again from the weights the model had when the job was made.</summary>
abstract class OurJob(SequenceModel<float> model) : IWorkload
{
    protected SequenceModel<float> Model { get; } = model;
    readonly float[] initial = model.Parameters.Values.ToArray();

    public void Run(int count)
    {
        for (int job = 0; job < count; job++)
        {
            initial.CopyTo(Model.Parameters.Values);
            RunOnce();
        }
    }

    protected abstract void RunOnce();

    public void Dispose() { }
}

/// <summary>The airline job on our side: Adam with torch's defaults (ε = 1e-8), samples in fixed order.</summary>
sealed class OurAirlineJob(SequenceModel<float> model, float[] x, float[] y) : OurJob(model)
{
    public double LastLoss { get; private set; }

    protected override void RunOnce()
    {
        var trainer = new Trainer<float>(Model, Losses.MeanSquaredError<float>(), new Adam<float>(Jobs.AirlineLearningRate, epsilon: 1e-8));
        for (int epoch = 0; epoch < Jobs.AirlineEpochs; epoch++)
            for (int i = 0; i < x.Length; i++)
                trainer.Step(x.AsSpan(i, 1), y.AsSpan(i, 1), 1, 1);
        double sum = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double e = Model.Forward(x.AsSpan(i, 1), 1, 1)[0] - y[i];
            sum += e * e;
        }
        LastLoss = sum / x.Length;
    }
}

/// <summary>The binary-addition job on our side.</summary>
sealed class OurAdditionJob(SequenceModel<float> model, float[][] x, float[][] y) : OurJob(model)
{
    public double LastAccuracy { get; private set; }

    protected override void RunOnce()
    {
        var trainer = new Trainer<float>(Model, Losses.MeanSquaredError<float>(), new Sgd<float>(Jobs.AdditionLearningRate));
        for (int k = 0; k < x.Length; k++) trainer.Step(x[k], y[k], Jobs.AdditionBits, 1);
        int right = 0, n = Math.Min(1000, x.Length);
        for (int k = x.Length - n; k < x.Length; k++)
        {
            var p = Model.Forward(x[k], Jobs.AdditionBits, 1);
            bool all = true;
            for (int t = 0; t < Jobs.AdditionBits; t++) all &= (p[t] > 0.5f ? 1f : 0f) == y[k][t];
            if (all) right++;
        }
        LastAccuracy = right / (double)n;
    }
}
