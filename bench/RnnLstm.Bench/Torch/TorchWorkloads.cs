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

    public TorchNet(CellKind cell, int inputSize, int hiddenSize, long seed)
    {
        Cell = cell;
        random.manual_seed(seed);
        Rnn = cell switch
        {
            CellKind.Lstm => nn.LSTM(inputSize, hiddenSize, 1, bias: true, batchFirst: false),
            CellKind.Gru => nn.GRU(inputSize, hiddenSize, 1, bias: true, batchFirst: false),
            _ => nn.RNN(inputSize, hiddenSize, 1, nn.NonLinearities.Tanh, bias: true, batchFirst: false),
        };
        Head = nn.Linear(hiddenSize, 1, hasBias: true);
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

    /// <summary>The loss at the current weights (for a sanity print; not timed).</summary>
    public double Loss()
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        return nn.functional.mse_loss(net.Head.call(net.Sequence(x)[lastStep]), y).item<float>();
    }

    public void Dispose()
    {
        sgd.Dispose();
        x.Dispose();
        y.Dispose();
    }
}
