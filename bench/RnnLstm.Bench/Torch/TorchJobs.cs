using RnnLstm.Bench.Harness;
using TorchSharp;
using static TorchSharp.torch;

namespace RnnLstm.Bench.Torch;

/// <summary>
/// A whole job on TorchSharp: each run starts again from the weights the net had when the job was made, with a new
/// optimizer. Samples are tensors made once; every update runs in its own dispose scope.
/// </summary>
public abstract class TorchJob : IWorkload
{
    protected TorchNet Net { get; }
    protected Tensor[] Xs { get; }
    protected Tensor[] Ys { get; }
    readonly Tensor[] initial;

    protected TorchJob(TorchNet net, Tensor[] xs, Tensor[] ys)
    {
        Net = net;
        Xs = xs;
        Ys = ys;
        initial = net.Parameters().Select(p => p.detach().clone()).ToArray();
    }

    public void Run(int count)
    {
        for (int job = 0; job < count; job++)
        {
            using (no_grad())
                foreach (var (p, init) in Net.Parameters().Zip(initial)) p.copy_(init);
            RunOnce();
        }
    }

    protected abstract void RunOnce();

    public void Dispose()
    {
        foreach (var t in Xs.Concat(Ys).Concat(initial)) t.Dispose();
        GC.SuppressFinalize(this);
    }
}

/// <summary>The airline job on TorchSharp (see <see cref="Jobs.AirlineText"/>). One unit = the whole job.</summary>
public sealed class TorchAirlineJob(TorchNet net, float[] x, float[] y) : TorchJob(net,
    x.Select(v => tensor(new[] { v }, [1, 1, 1])).ToArray(), y.Select(v => tensor(new[] { v }, [1, 1])).ToArray())
{
    /// <summary>Mean squared error over the training samples after the last job (scaled units).</summary>
    public double LastLoss { get; private set; }

    protected override void RunOnce()
    {
        using var adam = optim.Adam(Net.Parameters(), Jobs.AirlineLearningRate);
        for (int epoch = 0; epoch < Jobs.AirlineEpochs; epoch++)
            for (int i = 0; i < Xs.Length; i++)
            {
                using var scope = NewDisposeScope();
                adam.zero_grad();
                var loss = nn.functional.mse_loss(Net.Head.call(Net.Sequence(Xs[i])[0]), Ys[i]);
                loss.backward();
                adam.step();
            }
        using var evaluation = NewDisposeScope();
        using var _ = no_grad();
        double sum = 0;
        for (int i = 0; i < Xs.Length; i++)
            sum += nn.functional.mse_loss(Net.Head.call(Net.Sequence(Xs[i])[0]), Ys[i]).item<float>();
        LastLoss = sum / Xs.Length;
    }
}

/// <summary>The binary-addition job on TorchSharp (see <see cref="Jobs.AdditionText"/>). One unit = the whole job.</summary>
public sealed class TorchAdditionJob(TorchNet net, float[][] x, float[][] y) : TorchJob(net,
    x.Select(v => tensor(v, [Jobs.AdditionBits, 1, 2])).ToArray(), y.Select(v => tensor(v, [Jobs.AdditionBits, 1, 1])).ToArray())
{
    /// <summary>Fraction of the last 1,000 examples whose 8 bits all come out right, after the last job.</summary>
    public double LastAccuracy { get; private set; }

    protected override void RunOnce()
    {
        using var sgd = optim.SGD(Net.Parameters(), Jobs.AdditionLearningRate);
        for (int k = 0; k < Xs.Length; k++)
        {
            using var scope = NewDisposeScope();
            sgd.zero_grad();
            var p = torch.sigmoid(Net.Head.call(Net.Sequence(Xs[k])));   // [8,1,1]
            var loss = nn.functional.mse_loss(p, Ys[k]);
            loss.backward();
            sgd.step();
        }
        using var evaluation = NewDisposeScope();
        using var _ = no_grad();
        int right = 0, n = Math.Min(1000, Xs.Length);
        for (int k = Xs.Length - n; k < Xs.Length; k++)
        {
            var bits = torch.sigmoid(Net.Head.call(Net.Sequence(Xs[k]))).gt(0.5).to_type(ScalarType.Float32);
            if (bits.eq(Ys[k]).all().item<bool>()) right++;
        }
        LastAccuracy = right / (double)n;
    }
}
