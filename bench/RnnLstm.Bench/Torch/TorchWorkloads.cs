using RnnLstm.Bench.Harness;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace RnnLstm.Bench.Torch;

/// <summary>A TorchSharp recurrent layer (one layer, bias on, time-major, float32) plus a Linear head.</summary>
public sealed class TorchNet : IDisposable
{
    public CellKind Cell { get; }
    public nn.Module Rnn { get; }
    public Linear Head { get; }

    public TorchNet(CellKind cell, int inputSize, int hiddenSize, long seed, ScalarType dtype = ScalarType.Float32)
    {
        Cell = cell;
        random.manual_seed(seed);
        Rnn = cell switch
        {
            CellKind.Lstm => nn.LSTM(inputSize, hiddenSize, 1, bias: true, batchFirst: false, dtype: dtype),
            CellKind.Gru => nn.GRU(inputSize, hiddenSize, 1, bias: true, batchFirst: false, dtype: dtype),
            _ => nn.RNN(inputSize, hiddenSize, 1, nn.NonLinearities.Tanh, bias: true, batchFirst: false, dtype: dtype),
        };
        Head = nn.Linear(hiddenSize, 1, hasBias: true, dtype: dtype);
    }

    /// <summary>
    /// What our model's parameters must hold after copying this net's weights, by our names, in float64: U =
    /// weight_ih, V = weight_hh (gate row blocks in torch's order: LSTM i,f,g,o; GRU r,z,n), b = bias_ih + bias_hh
    /// (GRU: the n rows take bias_ih only, and bHn = the n rows of bias_hh), head.W, head.b = the Linear's.
    /// </summary>
    public static IEnumerable<(string Name, double[] Values)> ExpectedOurWeights(TorchNet net, int hiddenSize)
    {
        var p = net.Rnn.named_parameters().ToDictionary(n => n.name, n => Values(n.parameter).Select(v => (double)v).ToArray());
        bool gru = net.Cell == CellKind.Gru;
        double[] bih = p["bias_ih_l0"], bhh = p["bias_hh_l0"];
        yield return ("layer0.U", p["weight_ih_l0"]);
        yield return ("layer0.V", p["weight_hh_l0"]);
        // Summed in float32, as the copy sums them (the stored bias is a float32).
        yield return ("layer0.b", bih.Select((v, k) => gru && k >= 2 * hiddenSize ? v : (double)((float)v + (float)bhh[k])).ToArray());
        if (gru) yield return ("layer0.bHn", bhh[(2 * hiddenSize)..]);
        yield return ("head.W", Values(net.Head.weight!).Select(v => (double)v).ToArray());
        yield return ("head.b", Values(net.Head.bias!).Select(v => (double)v).ToArray());
    }

    public IEnumerable<Parameter> Parameters() => Rnn.parameters().Concat(Head.parameters());

    /// <summary>Output sequence [T,B,H] from zero initial states.</summary>
    public Tensor Sequence(Tensor x) => Rnn switch
    {
        LSTM lstm => lstm.call(x, null).Item1,
        GRU gru => gru.call(x, null).Item1,
        RNN rnn => rnn.call(x, null).Item1,
        _ => throw new InvalidOperationException(),
    };

    /// <summary>A parameter's values as float32, row-major (to copy the same initial weights into our model).</summary>
    public static float[] Values(Tensor p) => p.detach().contiguous().data<float>().ToArray();

    public void Dispose()
    {
        Rnn.Dispose();
        Head.Dispose();
    }
}

/// <summary>One training step (see <see cref="StepDefinition"/>) on TorchSharp, with a dispose scope per step.</summary>
public sealed class TorchStep : IWorkload
{
    readonly TorchNet net;
    readonly Tensor x, y;
    readonly SGD sgd;
    readonly int lastStep;

    public TorchStep(TorchNet net, float[] x, float[] y, StepConfig cfg)
    {
        this.net = net;
        this.x = tensor(x, [cfg.T, cfg.B, cfg.I]);
        this.y = tensor(y, [cfg.B, 1]);
        lastStep = cfg.T - 1;
        sgd = optim.SGD(net.Parameters(), StepDefinition.LearningRate);
    }

    public void Run(int count)
    {
        for (int n = 0; n < count; n++)
        {
            using var scope = NewDisposeScope();
            sgd.zero_grad();
            var last = net.Sequence(x)[lastStep];             // [B,H]
            var loss = nn.functional.mse_loss(net.Head.call(last), y);
            loss.backward();
            sgd.step();
        }
    }

    /// <summary>
    /// The loss at the current weights, computed as <see cref="Run"/> computes it: with autograd recording, so through
    /// the same float32 kernels the timed step runs (not timed; the row guard compares it with ours).
    /// </summary>
    /// <remarks>Under <c>no_grad</c> libtorch 2.10 runs its float32 LSTM forward through oneDNN's inference primitive
    /// (<c>rnn,brgemm:avx512_core,forward_inference</c> with packed weights), which on an AMD EPYC (Zen 5, AVX-512 BF16)
    /// computed wrong outputs at H = 4 and 16 (relative error 0.18 and 0.53 against float64; correct at H = 128). With
    /// autograd on, the forward is oneDNN's <c>forward_training</c> reference primitive, which agrees with float64 to
    /// 1e-7. Taking the guard's loss under <c>no_grad</c> compared a computation the step never runs: that was the
    /// "LOSS MISMATCH" of rows b and c (issue 25). <c>selfcheck</c> still reports the inference path.</remarks>
    public double Loss()
    {
        using var scope = NewDisposeScope();
        using var _ = enable_grad();
        return nn.functional.mse_loss(net.Head.call(net.Sequence(x)[lastStep]), y).detach().item<float>();
    }

    public void Dispose()
    {
        sgd.Dispose();
        x.Dispose();
        y.Dispose();
    }
}
