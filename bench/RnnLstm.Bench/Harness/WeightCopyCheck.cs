using RnnLstm.Bench.Torch;
using TorchSharp;
using static TorchSharp.torch;

namespace RnnLstm.Bench.Harness;

/// <summary>
/// The bench's self-check (<c>selfcheck</c>): for every cell at the small configurations b and c (and at d), does our
/// model start from the torch model's weights, and do both compute the same thing from them?
/// </summary>
/// <remarks>
/// Per cell and size it builds the seeded torch net of the training rows, copies its weights into our model
/// (<see cref="IOurSide.Step"/>'s copy), and compares, each as <c>max|a - b| / max(max|b|, 1e-8)</c>:
/// <list type="bullet">
/// <item>the weights read back from our model against torch's parameters, block by block (copy);</item>
/// <item>our float32 outputs h_1..h_T against torch's float64 outputs of the same weights (float64 runs none of
/// libtorch's float32 fast paths, e.g. oneDNN's LSTM);</item>
/// <item>torch's float32 outputs against its own float64 outputs, with and without autograd recording, on several
/// repeated calls (a float32 kernel that reads uninitialised memory or depends on call history shows up here);</item>
/// <item>the initial losses of the two training steps (the bench's row guard).</item>
/// </list>
/// A relative difference above <see cref="Tolerance"/> fails the check (exit code 1), except torch's float32 outputs
/// without autograd: no timed row runs that path (training rows record autograd, <see cref="TorchStep.Loss"/> too), so
/// a difference there is reported as libtorch's, not counted. On an AMD EPYC (Zen 5) it is 0.18 at b and 0.53 at c for
/// the LSTM: libtorch's oneDNN inference primitive for small H.
/// </remarks>
public static class WeightCopyCheck
{
    /// <summary>Largest relative difference accepted between float32 results (a few float32 roundings over T steps).</summary>
    public const double Tolerance = 1e-4;

    /// <summary>Runs the check; returns the number of failed comparisons.</summary>
    public static int Run(IOurSide ours, long seed)
    {
        int failures = 0;
        foreach (var cfg in StepConfig.All.Where(c => c.Name is "b" or "c" or "d"))
            foreach (var cell in Enum.GetValues<CellKind>())
            {
                var (x, y) = StepData.Make(cfg, seed);
                using var net = new TorchNet(cell, cfg.I, cfg.H, seed);
                var copy = ours.CopiedWeights(net, cfg);
                double worstCopy = 0;
                foreach (var (name, theirs) in TorchNet.ExpectedOurWeights(net, cfg.H))
                    worstCopy = Math.Max(worstCopy, copy.TryGetValue(name, out var mine) ? Relative(mine, theirs) : double.PositiveInfinity);

                var ourOutputs = ours.SequenceOutputs(net, cfg, x);
                var torch64 = Torch64Outputs(net, cfg, x);
                double oursVs64 = Relative(ourOutputs, torch64);
                double torch32Grad = 0, torch32NoGrad = 0;
                for (int rep = 0; rep < 5; rep++)
                {
                    torch32Grad = Math.Max(torch32Grad, Relative(Torch32Outputs(net, cfg, x, grad: true), torch64));
                    torch32NoGrad = Math.Max(torch32NoGrad, Relative(Torch32Outputs(net, cfg, x, grad: false), torch64));
                }
                using var torchStep = new TorchStep(net, x, y, cfg);
                using var ourStep = ours.Step(cfg, net, x, y);
                double lt = torchStep.Loss(), lo = ours.StepLoss(ourStep);
                double loss = Math.Abs(lt - lo) / Math.Max(Math.Abs(lt), 1e-12);

                var checks = new (string What, double Value)[]
                {
                    ("weights copied", worstCopy), ("ours f32 vs torch f64", oursVs64),
                    ("torch f32 (grad) vs f64", torch32Grad), ("initial loss", loss),
                };
                int bad = checks.Count(c => !(c.Value <= Tolerance));
                failures += bad;
                string inference = torch32NoGrad <= Tolerance ? "" : "  (libtorch's own no_grad path is off; no timed row runs it)";
                Console.WriteLine($"{cfg.Name} {cell.Label(),-8} " + string.Join("  ", checks.Select(c => $"{c.What} {c.Value:E1}"))
                    + $"  torch f32 (no_grad) vs f64 {torch32NoGrad:E1}  (loss torch {lt:G6}, ours {lo:G6})" + (bad > 0 ? "  FAILED" : "  ok") + inference);
            }
        Console.WriteLine(failures == 0 ? "selfcheck: all comparisons within " + Tolerance.ToString("E0") : $"selfcheck: {failures} comparison(s) FAILED");
        return failures;
    }

    /// <summary>max|a - b| / max(max|b|, 1e-8).</summary>
    public static double Relative(ReadOnlySpan<float> a, ReadOnlySpan<double> b)
    {
        if (a.Length != b.Length) return double.PositiveInfinity;
        double diff = 0, scale = 1e-8;
        for (int k = 0; k < a.Length; k++)
        {
            diff = Math.Max(diff, Math.Abs(a[k] - b[k]));
            scale = Math.Max(scale, Math.Abs(b[k]));
        }
        return diff / scale;
    }

    static float[] Torch32Outputs(TorchNet net, StepConfig cfg, float[] x, bool grad)
    {
        using var scope = NewDisposeScope();
        using var mode = grad ? enable_grad() : no_grad();
        using var input = tensor(x, [cfg.T, cfg.B, cfg.I]);
        return net.Sequence(input).detach().contiguous().data<float>().ToArray();
    }

    /// <summary>torch's outputs in float64 from the float32 net's weights (widened exactly).</summary>
    static double[] Torch64Outputs(TorchNet net, StepConfig cfg, float[] x)
    {
        using var scope = NewDisposeScope();
        using var twin = new TorchNet(net.Cell, cfg.I, cfg.H, 0, ScalarType.Float64);
        using (no_grad())
            foreach (var (p64, p32) in twin.Parameters().Zip(net.Parameters())) p64.copy_(p32.to_type(ScalarType.Float64));
        using var _ = no_grad();
        var input = tensor(x, [cfg.T, cfg.B, cfg.I]).to_type(ScalarType.Float64);
        return twin.Sequence(input).contiguous().data<double>().ToArray();
    }
}

/// <summary>The data of a training row: x [T,B,I] and the target y [B] from N(0,1), drawn from the seed.</summary>
public static class StepData
{
    public static (float[] X, float[] Y) Make(StepConfig cfg, long seed)
    {
        var rng = new Random((int)seed);
        var x = Enumerable.Range(0, cfg.T * cfg.B * cfg.I).Select(_ => Gaussian(rng)).ToArray();
        var y = Enumerable.Range(0, cfg.B).Select(_ => Gaussian(rng)).ToArray();
        return (x, y);
    }

    static float Gaussian(Random rng) =>
        (float)(Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble()));
}
