using RnnLstm.Models;

namespace RnnLstm.Training;

/// <summary>The outcome of a gradient check: the worst disagreement found and where.</summary>
/// <param name="WorstRelativeError">max over checked values of |a - n| / max(|a|, |n|, 1e-6).</param>
/// <param name="Where">Name and index of the worst value, e.g. <c>layer0.V[3,1]</c>.</param>
/// <param name="Analytic">Backpropagated derivative there.</param>
/// <param name="Numeric">Finite-difference derivative there.</param>
/// <param name="Checked">How many values were compared.</param>
public sealed record GradientCheckResult(double WorstRelativeError, string Where, double Analytic, double Numeric, int Checked)
{
    /// <summary>Combines two results, keeping the worse.</summary>
    public GradientCheckResult Worst(GradientCheckResult other) =>
        (other.WorstRelativeError > WorstRelativeError ? other : this) with { Checked = Checked + other.Checked };

    /// <inheritdoc/>
    public override string ToString() =>
        $"worst relative error {WorstRelativeError:E2} at {Where} (analytic {Analytic:G10}, numeric {Numeric:G10}; {Checked} values checked)";
}

/// <summary>
/// Compares backpropagated gradients with finite differences, in float64.
/// </summary>
/// <remarks>
/// <para>The numeric derivative is the fourth-order central difference
/// <c>f'(θ) ≈ [8 (f(θ+ε) - f(θ-ε)) - (f(θ+2ε) - f(θ-2ε))] / (12 ε)</c>, with ε = 1e-3. Its truncation error is
/// O(ε⁴) ≈ 1e-12 and its rounding error about 1e-16 / ε ≈ 1e-13, so a correct backward pass agrees to about 1e-10
/// and a wrong one (a missing term, a sign) shows up at 1e-3 or worse. The plain two-point central difference
/// would leave an O(ε²) error that blurs that line.</para>
/// <para>Relative error is |a - n| / max(|a|, |n|, 1e-6): values smaller than 1e-6 are compared on an absolute
/// scale, because a relative error of two numbers near zero measures rounding, not correctness.</para>
/// </remarks>
public static class GradientCheck
{
    /// <summary>Step ε of the finite differences.</summary>
    public const double Step = 1e-3;
    private const double Floor = 1e-6;

    /// <summary>
    /// Checks <paramref name="analytic"/> = dL/d<paramref name="values"/> by perturbing each value in place and
    /// re-evaluating <paramref name="loss"/>.
    /// </summary>
    /// <param name="values">The numbers to perturb (restored afterwards).</param>
    /// <param name="analytic">Their backpropagated gradient (copied before any perturbation).</param>
    /// <param name="loss">Recomputes L from scratch using the current <paramref name="values"/>.</param>
    /// <param name="describe">Names index k, for the report.</param>
    public static GradientCheckResult Check(Span<double> values, ReadOnlySpan<double> analytic, Func<double> loss, Func<int, string> describe)
    {
        ArgumentNullException.ThrowIfNull(loss);
        ArgumentNullException.ThrowIfNull(describe);
        if (analytic.Length != values.Length)
            throw new ArgumentException($"analytic has {analytic.Length} values; values has {values.Length}.", nameof(analytic));
        var expected = analytic.ToArray();
        var worst = new GradientCheckResult(0, "(nothing checked)", 0, 0, 0);
        for (int k = 0; k < values.Length; k++)
        {
            double numeric = Derivative(values, k, loss);
            double a = expected[k];
            double error = Math.Abs(a - numeric) / Math.Max(Floor, Math.Max(Math.Abs(a), Math.Abs(numeric)));
            if (double.IsNaN(error)) error = double.PositiveInfinity;
            if (error >= worst.WorstRelativeError) worst = new GradientCheckResult(error, describe(k), a, numeric, 0);
        }
        return worst with { Checked = values.Length };
    }

    /// <summary>
    /// Checks every parameter of <paramref name="model"/> and the input <paramref name="x"/> for the loss
    /// <paramref name="lossFunction"/>(model(x), <paramref name="target"/>).
    /// </summary>
    public static GradientCheckResult CheckModel(SequenceModel<double> model, double[] x, int steps, int batch, double[] target,
        ILoss<double> lossFunction, int truncateSteps = 0)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(lossFunction);
        var parameters = model.Parameters;
        var dy = new double[model.OutputRows(steps, batch) * model.Spec.OutputSize];
        double Loss() => lossFunction.Compute(model.Forward(x, steps, batch), target, dy, model.Spec.OutputSize);

        Loss();
        parameters.ZeroGradients();
        model.Backward(dy, truncateSteps);
        var dx = model.InputGradient.ToArray();
        var result = Check(parameters.Values, parameters.Gradients, Loss, k =>
        {
            var (p, row, col) = parameters.Locate(k);
            return $"{p.Name}[{row},{col}]";
        });
        if (truncateSteps == 0 || truncateSteps >= steps) // with truncation dL/dx is deliberately incomplete
            result = result.Worst(Check(x, dx, Loss, k => $"x[t={k / (batch * model.Spec.InputSize)}, b={k / model.Spec.InputSize % batch}, i={k % model.Spec.InputSize}]"));
        return result;
    }

    private static double Derivative(Span<double> values, int k, Func<double> loss)
    {
        double original = values[k];
        Span<double> f = stackalloc double[4];                 // f(θ+ε), f(θ-ε), f(θ+2ε), f(θ-2ε)
        ReadOnlySpan<double> offsets = [Step, -Step, 2 * Step, -2 * Step];
        for (int j = 0; j < 4; j++)
        {
            values[k] = original + offsets[j];
            f[j] = loss();
        }
        values[k] = original;
        double plus1 = f[0], minus1 = f[1], plus2 = f[2], minus2 = f[3];
        return (8 * (plus1 - minus1) - (plus2 - minus2)) / (12 * Step);
    }
}
