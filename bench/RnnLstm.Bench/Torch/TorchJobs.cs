using RnnLstm.Bench.Harness;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace RnnLstm.Bench.Torch;

/// <summary>The airline job on TorchSharp (see <see cref="Jobs.AirlineText"/>). One unit = the whole job.</summary>
public sealed class TorchAirlineJob : IWorkload
{
    readonly TorchNet net;
    readonly Tensor[] xs, ys;
    readonly Tensor[] initial;

    public TorchAirlineJob(TorchNet net, float[] x, float[] y)
    {
        this.net = net;
        xs = x.Select(v => tensor(new[] { v }, [1, 1, 1])).ToArray();
        ys = y.Select(v => tensor(new[] { v }, [1, 1])).ToArray();
        initial = net.Parameters().Select(p => p.detach().clone()).ToArray();
    }

    /// <summary>Mean squared error over the training samples after the last job (scaled units).</summary>
    public double LastLoss { get; private set; }

    public void Run(int count)
    {
        for (int job = 0; job < count; job++)
        {
            Reset();
            using var adam = optim.Adam(net.Parameters(), Jobs.AirlineLearningRate);
            for (int epoch = 0; epoch < Jobs.AirlineEpochs; epoch++)
                for (int i = 0; i < xs.Length; i++)
                {
                    using var scope = NewDisposeScope();
                    adam.zero_grad();
                    var loss = nn.functional.mse_loss(net.Head.call(net.Sequence(xs[i])[0]), ys[i]);
                    loss.backward();
                    adam.step();
                }
            LastLoss = Evaluate();
        }
    }

    double Evaluate()
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        double sum = 0;
        for (int i = 0; i < xs.Length; i++)
            sum += nn.functional.mse_loss(net.Head.call(net.Sequence(xs[i])[0]), ys[i]).item<float>();
        return sum / xs.Length;
    }

    void Reset()
    {
        using var _ = no_grad();
        foreach (var (p, init) in net.Parameters().Zip(initial)) p.copy_(init);
    }

    public void Dispose()
    {
        foreach (var t in xs.Concat(ys).Concat(initial)) t.Dispose();
    }
}

/// <summary>The binary-addition job on TorchSharp (see <see cref="Jobs.AdditionText"/>). One unit = the whole job.</summary>
public sealed class TorchAdditionJob : IWorkload
{
    readonly TorchNet net;
    readonly Tensor[] xs, ys;
    readonly Tensor[] initial;

    public TorchAdditionJob(TorchNet net, float[][] x, float[][] y)
    {
        this.net = net;
        xs = x.Select(v => tensor(v, [Jobs.AdditionBits, 1, 2])).ToArray();
        ys = y.Select(v => tensor(v, [Jobs.AdditionBits, 1, 1])).ToArray();
        initial = net.Parameters().Select(p => p.detach().clone()).ToArray();
    }

    /// <summary>Fraction of the last 1,000 examples whose 8 bits all come out right, after the last job.</summary>
    public double LastAccuracy { get; private set; }

    public void Run(int count)
    {
        for (int job = 0; job < count; job++)
        {
            Reset();
            using var sgd = optim.SGD(net.Parameters(), Jobs.AdditionLearningRate);
            for (int k = 0; k < xs.Length; k++)
            {
                using var scope = NewDisposeScope();
                sgd.zero_grad();
                var p = torch.sigmoid(net.Head.call(net.Sequence(xs[k])));   // [8,1,1]
                var loss = nn.functional.mse_loss(p, ys[k]);
                loss.backward();
                sgd.step();
            }
            LastAccuracy = Evaluate();
        }
    }

    double Evaluate()
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        int right = 0, n = Math.Min(1000, xs.Length);
        for (int k = xs.Length - n; k < xs.Length; k++)
        {
            var bits = torch.sigmoid(net.Head.call(net.Sequence(xs[k]))).gt(0.5).to_type(ScalarType.Float32);
            if (bits.eq(ys[k]).all().item<bool>()) right++;
        }
        return right / (double)n;
    }

    void Reset()
    {
        using var _ = no_grad();
        foreach (var (p, init) in net.Parameters().Zip(initial)) p.copy_(init);
    }

    public void Dispose()
    {
        foreach (var t in xs.Concat(ys).Concat(initial)) t.Dispose();
    }
}
