using RnnLstm.Cells;
using RnnLstm.Models;
using RnnLstm.Numerics;
using RnnLstm.Tasks;
using RnnLstm.Tests.Core;
using RnnLstm.Training;
using Xunit.Abstractions;

namespace RnnLstm.Tests.LongRange;

/// <summary>
/// Hessian-free optimization: the R-operator pass against finite differences, the Gauss–Newton and structural-damping
/// products against matrices built explicitly from backpropagated Jacobian rows (float64), conjugate gradient on a
/// known system, and one update on a small adding problem.
/// </summary>
public class HessianFreeTests(ITestOutputHelper output)
{
    private const int Steps = 4, Batch = 3;
    private static readonly int[] Lengths = [4, 2, 3];                        // ragged, so the carry of ended sequences is exercised

    public static TheoryData<OutputMode, OutputActivation> ModesAndOutputs() => new()
    {
        { OutputMode.LastStep, OutputActivation.Identity },
        { OutputMode.LastStep, OutputActivation.Logistic },
        { OutputMode.EveryStep, OutputActivation.Identity },
        { OutputMode.EveryStep, OutputActivation.Logistic },
    };

    private static SequenceModel<double> TinyModel(OutputMode mode, OutputActivation activation) =>
        new(TestData.Spec(CellKind.Elman, mode, activation: activation), seed: 7);

    /// <summary>The tiny model, an input x [T, B, 3] and a direction v of its weights, from <paramref name="seed"/>.</summary>
    private static (SequenceModel<double> Model, double[] X, double[] V) TinyProblem(OutputMode mode, OutputActivation activation, int seed)
    {
        var model = TinyModel(mode, activation);
        return (model, TestData.Random(Steps * Batch * 3, seed), TestData.Random(model.Parameters.Count, seed + 1));
    }

    [Theory]
    [MemberData(nameof(ModesAndOutputs))]
    public void The_directional_pass_matches_central_differences_of_states_and_outputs(OutputMode mode, OutputActivation activation)
    {
        var (model, x, v) = TinyProblem(mode, activation, seed: 1);
        model.Forward(x, Steps, Batch, Lengths);
        var pass = new ElmanDirectionalPass<double>(model);
        var ry = pass.Run(v, x, Steps, Batch, Lengths).ToArray();
        var rh = pass.HiddenDirections.ToArray();

        const double Eps = 1e-5;
        var theta = model.Parameters.Values.ToArray();
        (double[] Y, double[] H) At(double sign)
        {
            for (int k = 0; k < theta.Length; k++) model.Parameters.Values[k] = theta[k] + sign * Eps * v[k];
            var y = model.Forward(x, Steps, Batch, Lengths).ToArray();
            return (y, model.Layers[0].HiddenStates.ToArray());
        }
        var (yPlus, hPlus) = At(+1);
        var (yMinus, hMinus) = At(-1);
        double worst = 0;
        for (int k = 0; k < ry.Length; k++) worst = Math.Max(worst, Math.Abs(ry[k] - (yPlus[k] - yMinus[k]) / (2 * Eps)));
        for (int k = 0; k < rh.Length; k++) worst = Math.Max(worst, Math.Abs(rh[k] - (hPlus[k] - hMinus[k]) / (2 * Eps)));
        output.WriteLine($"{mode} {activation}: worst |R - finite difference| = {worst:E2}, largest |R(y)| = {ry.Max(Math.Abs):F3}");
        Assert.True(worst < 1e-8, $"worst {worst:E2}");
        Assert.True(ry.Max(Math.Abs) > 1e-2);                                 // the direction really moves the output
    }

    [Theory]
    [MemberData(nameof(ModesAndOutputs))]
    public void The_gauss_newton_product_equals_J_transpose_H_J_v_formed_explicitly(OutputMode mode, OutputActivation activation)
    {
        var (model, x, v) = TinyProblem(mode, activation, seed: 3);
        var hf = new HessianFree<double>(model);
        hf.SetCurvatureBatch(x, Steps, Batch, Lengths, Batch);
        int P = model.Parameters.Count;
        var product = new double[P];
        hf.CurvatureProduct(v, product);

        var j = OutputJacobian(model, x);                                     // rows dy_r/dθ by backpropagation, no R-operator
        int n = j.Length;
        var expected = new double[P];
        foreach (var row in j)                                               // Jᵀ (2/n) J v
        {
            double jv = 0;
            for (int k = 0; k < P; k++) jv += row[k] * v[k];
            for (int k = 0; k < P; k++) expected[k] += 2.0 / n * row[k] * jv;
        }
        double worst = MaxAbsDifference(product, expected), scale = expected.Max(Math.Abs);
        output.WriteLine($"{mode} {activation}: {n} outputs × {P} weights, worst difference {worst:E2}, largest entry {scale:F4}");
        Assert.True(worst < 1e-10, $"worst {worst:E2}");
        Assert.True(scale > 1e-3);
    }

    [Fact]
    public void The_structural_damping_product_is_the_hidden_state_jacobians_JhT_Jh_v_over_the_batch()
    {
        var (model, x, v) = TinyProblem(OutputMode.LastStep, OutputActivation.Identity, seed: 5);
        var hf = new HessianFree<double>(model);
        hf.SetCurvatureBatch(x, Steps, Batch, Lengths, Batch);
        int P = model.Parameters.Count;
        var plain = new double[P];
        var damped = new double[P];
        const double S = 0.7;
        hf.CurvatureProduct(v, plain);
        hf.CurvatureProduct(v, damped, structural: S);

        var layer = model.Layers[0];
        int H = layer.HiddenSize;
        var expected = new double[P];
        var inject = new double[Steps * Batch * H];
        for (int t = 0; t < Steps; t++)
            for (int b = 0; b < Batch; b++)
            {
                if (t >= Lengths[b]) continue;                                // the carried copies of an ended sequence's state are not counted again
                for (int k = 0; k < H; k++)
                {
                    Array.Clear(inject);
                    inject[(t * Batch + b) * H + k] = 1;                      // row d h_{t+1}[b, k] / dθ
                    model.Parameters.ZeroGradients();
                    layer.Backward(inject, inputGradient: false);
                    var row = model.Parameters.Gradients.ToArray();
                    double jv = 0;
                    for (int m = 0; m < P; m++) jv += row[m] * v[m];
                    for (int m = 0; m < P; m++) expected[m] += S / Batch * row[m] * jv;
                }
            }
        var structural = plain.Zip(damped, (a, d) => d - a).ToArray();
        double worst = MaxAbsDifference(structural, expected);
        output.WriteLine($"worst difference {worst:E2}, largest entry {expected.Max(Math.Abs):F4}");
        Assert.True(worst < 1e-10, $"worst {worst:E2}");
        Assert.True(expected.Max(Math.Abs) > 1e-3);
    }

    [Fact]
    public void Conjugate_gradient_solves_a_known_symmetric_positive_definite_system()
    {
        const int N = 30;
        var m = TestData.Random(N * N, 8);
        var a = new double[N * N];                                            // A = MᵀM + 0.1 I
        for (int i = 0; i < N; i++)
            for (int j = 0; j < N; j++)
            {
                double sum = i == j ? 0.1 : 0;
                for (int k = 0; k < N; k++) sum += m[k * N + i] * m[k * N + j];
                a[i * N + j] = sum;
            }
        var solution = TestData.Random(N, 9);
        var b = new double[N];                                                // b = -A p*, so A p = -b has the solution p*
        Multiply(a, solution, b);
        for (int i = 0; i < N; i++) b[i] = -b[i];

        var iterates = ConjugateGradient.Minimize((v, r) => Multiply(a, v, r), b, new double[N], maxIterations: 200, tolerance: 0);
        var p = iterates[^1].Point;
        double worst = MaxAbsDifference(p, solution);
        output.WriteLine($"{iterates[^1].Iteration} iterations, worst |p - p*| = {worst:E2}; kept {string.Join(", ", iterates.Select(i => i.Iteration))}");
        Assert.True(worst < 1e-8, $"worst {worst:E2}");
        Assert.Equal([1, 2, 3, 4, 5, 7, 9, 11, 14], iterates.Take(9).Select(i => i.Iteration));  // ⌈1.3^j⌉ without repeats
        for (int k = 1; k < iterates.Count; k++) Assert.True(iterates[k].Value <= iterates[k - 1].Value + 1e-12); // q falls monotonically
        double optimum = 0;                                                   // q(p*) = ½ p*ᵀ A p* + bᵀ p* = ½ bᵀ p*
        for (int i = 0; i < N; i++) optimum += 0.5 * b[i] * solution[i];
        Assert.Equal(optimum, iterates[^1].Value, 1e-8);
    }

    [Fact]
    public void Conjugate_gradient_stops_early_by_relative_progress_when_asked()
    {
        const int N = 200;
        var diagonal = Enumerable.Range(1, N).Select(i => Math.Pow(1.05, i)).ToArray(); // badly conditioned
        var b = TestData.Random(N, 10);
        var iterates = ConjugateGradient.Minimize((v, r) => { for (int i = 0; i < N; i++) r[i] = diagonal[i] * v[i]; }, b, new double[N], 200, tolerance: 5e-4);
        output.WriteLine($"stopped after {iterates[^1].Iteration} iterations");
        Assert.True(iterates[^1].Iteration < 200);
        Assert.True(iterates[^1].Value < 0);
    }

    [Fact]
    public void One_update_lowers_the_loss_of_a_small_adding_problem()
    {
        var spec = new ModelSpec { Cell = CellKind.Elman, InputSize = AddingProblem.InputSize, HiddenSizes = [8], OutputSize = 1, Output = OutputMode.LastStep };
        var model = new SequenceModel<double>(spec, seed: 3);
        const int B = 200, MinLength = 10;
        var x = new double[AddingProblem.MaxLength(MinLength) * B * AddingProblem.InputSize];
        var lengths = new int[B];
        var targets = new double[B];
        int steps = AddingProblem.FillBatch<double>(MinLength, new Rng(11), x, lengths, targets, B);
        var xs = x.AsSpan(0, steps * B * AddingProblem.InputSize).ToArray();
        var hf = new HessianFree<double>(model, new HessianFreeOptions { CurvatureBatchSize = 50 });

        double before = MeanSquaredError(model.Forward(xs, steps, B, lengths).ToArray(), targets);
        var step = hf.Step(xs, targets, steps, B, lengths);
        double after = MeanSquaredError(model.Forward(xs, steps, B, lengths).ToArray(), targets);
        output.WriteLine($"{step}; loss {before:F5} → {after:F5}");
        Assert.Equal(before, step.Loss, 1e-12);
        Assert.Equal(after, step.NewLoss, 1e-12);
        Assert.True(after < 0.9 * before, $"{before} → {after}");
        Assert.True(step.CgIterations > 1);
        Assert.True(step.StepSize > 0);
        Assert.Equal(before, MeanSquaredError(hf.Outputs.ToArray(), targets), 1e-12); // Outputs are those before the update
    }

    [Fact]
    public void The_experiment_trains_hf_within_its_budget_and_beats_the_constant_guess_at_T_10()
    {
        // Always answering 0.5 has mean squared error Var((X1 + X2)/4) ≈ 0.042.
        var settings = AddingProblemSettings.For(AddingMethod.Hf, 10) with
        {
            HiddenSize = 16, BatchSize = 200, Budget = 4000, ReportEvery = 1000, TestSequences = 500,
            HessianFree = new HessianFreeOptions { CurvatureBatchSize = 50, MaxCgIterations = 50 },
        };
        var result = AddingProblemExperiment.Run(settings);
        output.WriteLine(result.ToString());
        Assert.Equal(4000, result.SequencesSeen);
        Assert.Null(result.Diverged);
        Assert.True(result.Curve[^1].MeanSquaredError < 0.02, result.Curve[^1].ToString());
        Assert.True(result.TestMeanAbsError < 0.1, result.ToString());
        Assert.Equal(result.TestMeanAbsError, AddingProblemExperiment.Run(settings).TestMeanAbsError); // deterministic
    }

    [Fact]
    public void The_directional_pass_refuses_models_it_is_not_written_for()
    {
        var lstm = new SequenceModel<double>(TestData.Spec(CellKind.Lstm), seed: 1);
        var e = Assert.Throws<ArgumentException>(() => new HessianFree<double>(lstm));
        Assert.Equal("model", e.ParamName);
        var bad = new HessianFreeOptions { StructuralDamping = -1 };
        var elman = TinyModel(OutputMode.LastStep, OutputActivation.Identity);
        Assert.Equal("StructuralDamping", Assert.ThrowsAny<ArgumentException>(() => new HessianFree<double>(elman, bad)).ParamName);
    }

    /// <summary>One row dy_r/dθ per output value, each by a backward pass from the unit vector e_r.</summary>
    private static double[][] OutputJacobian(SequenceModel<double> model, double[] x)
    {
        int n = model.Forward(x, Steps, Batch, Lengths).Length;
        var rows = new double[n][];
        var unit = new double[n];
        for (int r = 0; r < n; r++)
        {
            Array.Clear(unit);
            unit[r] = 1;
            model.Parameters.ZeroGradients();
            model.Backward(unit, inputGradient: false);
            rows[r] = model.Parameters.Gradients.ToArray();
        }
        return rows;
    }

    private static void Multiply(double[] a, ReadOnlySpan<double> v, Span<double> result)
    {
        int n = v.Length;
        for (int i = 0; i < n; i++)
        {
            double sum = 0;
            for (int j = 0; j < n; j++) sum += a[i * n + j] * v[j];
            result[i] = sum;
        }
    }

    private static double MaxAbsDifference(double[] a, double[] b) => a.Zip(b, (p, q) => Math.Abs(p - q)).Max();

    private static double MeanSquaredError(double[] y, double[] t) => y.Zip(t, (p, q) => (p - q) * (p - q)).Average();
}
