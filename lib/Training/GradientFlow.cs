using System.Numerics;
using RnnLstm.Models;

namespace RnnLstm.Training;

/// <summary>
/// Measurements of how an error signal travels backwards through time.
/// </summary>
/// <remarks>
/// The backward pass is linear in the error: dL/dh_{t-1} = (∂h_t/∂h_{t-1})ᵀ dL/dh_t, where the Jacobian
/// ∂h_t/∂h_{t-1} = diag(σ'(a_t)) V is fixed by the forward pass. So an error injected at the last step is multiplied
/// by one such matrix per step: if their norms stay below 1 it shrinks exponentially (vanishing gradient), above 1
/// it grows exponentially (exploding gradient).
/// </remarks>
public static class GradientFlow
{
    /// <summary>
    /// Runs <paramref name="x"/> [T, 1, I] forward, injects dL/dy = 1 at the last output only, and returns ‖dL/dh_t‖
    /// of the first layer for t = 0..T-1.
    /// </summary>
    public static double[] FromLastStep<T>(SequenceModel<T> model, ReadOnlySpan<T> x, int steps) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(model);
        var output = model.Forward(x, steps, 1);
        var dy = new T[output.Length];
        dy.AsSpan(dy.Length - model.Spec.OutputSize).Fill(T.One);
        model.Parameters.ZeroGradients();
        model.Backward(dy);
        return model.Layers[0].HiddenGradientNorms.ToArray();
    }

    /// <summary>
    /// Tests the backward pass for linearity with a factor that is not a power of two and with superposition, through
    /// one forward pass: g(c · e1) against c · g(e1), and g(e1 + e2) against g(e1) + g(e2), where g(e) is every
    /// parameter and input gradient for the output error e.
    /// </summary>
    /// <remarks>
    /// Multiplying by 2 is exact in floating point, so a doubling test would pass to the last digit for many maps;
    /// with c = 3 or 0.7 every product rounds, so a linear map agrees only to rounding: differences of a few units in
    /// the last place of the largest gradient, where a nonlinear one would differ at first order.
    /// </remarks>
    public static LinearityCheck Linearity<T>(SequenceModel<T> model, ReadOnlySpan<T> x, int steps, int batch,
        ReadOnlySpan<T> e1, ReadOnlySpan<T> e2, double factor) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(model);
        if (e2.Length != e1.Length) throw new ArgumentException($"e2 has {e2.Length} values; e1 has {e1.Length}.", nameof(e2));
        if (!double.IsFinite(factor) || factor == 0) throw new ArgumentOutOfRangeException(nameof(factor), factor, "The factor must be finite and not 0.");
        model.Forward(x, steps, batch);
        T c = T.CreateChecked(factor);
        var scaled = new T[e1.Length];
        var sum = new T[e1.Length];
        for (int k = 0; k < e1.Length; k++) { scaled[k] = c * e1[k]; sum[k] = e1[k] + e2[k]; }
        var g1 = Backward(model, e1);
        var g2 = Backward(model, e2);
        var gScaled = Backward(model, scaled);
        var gSum = Backward(model, sum);
        double min = double.PositiveInfinity, max = double.NegativeInfinity, largest = 0, scaleError = 0, superposition = 0;
        for (int k = 0; k < g1.Length; k++)
        {
            double a = double.CreateChecked(g1[k]), b = double.CreateChecked(g2[k]);
            largest = Math.Max(largest, Math.Max(Math.Abs(a), Math.Abs(b)));
            scaleError = Math.Max(scaleError, Math.Abs(double.CreateChecked(gScaled[k]) - factor * a));
            superposition = Math.Max(superposition, Math.Abs(double.CreateChecked(gSum[k]) - (a + b)));
            if (a == 0) continue;
            double ratio = double.CreateChecked(gScaled[k]) / a;
            min = Math.Min(min, ratio);
            max = Math.Max(max, ratio);
        }
        return new LinearityCheck(factor, min, max, scaleError, superposition, largest, MachineEpsilon<T>());
    }

    /// <summary>The gap between 1 and the next larger T: 2.2e-16 for double, 1.2e-7 for float.</summary>
    private static double MachineEpsilon<T>() where T : unmanaged, IFloatingPointIeee754<T> =>
        double.CreateChecked(T.BitIncrement(T.One) - T.One);

    private static T[] Backward<T>(SequenceModel<T> model, ReadOnlySpan<T> dOutput) where T : unmanaged, IFloatingPointIeee754<T>
    {
        model.Parameters.ZeroGradients();
        model.Backward(dOutput);
        return [.. model.Parameters.Gradients, .. model.InputGradient];
    }
}

/// <summary>What <see cref="GradientFlow.Linearity"/> measured.</summary>
/// <param name="Factor">c.</param>
/// <param name="RatioMin">Smallest g(c · e1) / g(e1) over values with g(e1) ≠ 0 (c for a linear map, up to rounding).</param>
/// <param name="RatioMax">Largest such ratio.</param>
/// <param name="ScaleError">max |g(c · e1) - c · g(e1)|.</param>
/// <param name="SuperpositionError">max |g(e1 + e2) - (g(e1) + g(e2))|.</param>
/// <param name="LargestGradient">max |g(e1)|, |g(e2)|: the scale the errors are rounding of.</param>
/// <param name="Epsilon">The number type's machine epsilon (2.2e-16 for double).</param>
public sealed record LinearityCheck(double Factor, double RatioMin, double RatioMax, double ScaleError, double SuperpositionError,
    double LargestGradient, double Epsilon)
{
    /// <summary>The larger of the two errors in units of the last place of the largest gradient (ε · max |g|).</summary>
    public double ErrorInUlps => Math.Max(ScaleError, SuperpositionError) / (Epsilon * LargestGradient);
}

