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
    /// Backpropagates <paramref name="dOutput"/> and then 2 × <paramref name="dOutput"/> through the same forward
    /// pass, and returns the smallest and largest ratio between the two gradients over every parameter and input
    /// value whose first gradient is not zero. A linear backward pass gives exactly 2 for both.
    /// </summary>
    public static (double Min, double Max) DoublingRatio<T>(SequenceModel<T> model, ReadOnlySpan<T> x, int steps, int batch, ReadOnlySpan<T> dOutput)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(model);
        model.Forward(x, steps, batch);
        var once = Backward(model, dOutput);
        var doubled = new T[dOutput.Length];
        for (int k = 0; k < doubled.Length; k++) doubled[k] = dOutput[k] + dOutput[k];
        var twice = Backward(model, doubled);
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        for (int k = 0; k < once.Length; k++)
        {
            if (once[k] == T.Zero) continue;
            double ratio = double.CreateChecked(twice[k] / once[k]);
            min = Math.Min(min, ratio);
            max = Math.Max(max, ratio);
        }
        return (min, max);
    }

    private static T[] Backward<T>(SequenceModel<T> model, ReadOnlySpan<T> dOutput) where T : unmanaged, IFloatingPointIeee754<T>
    {
        model.Parameters.ZeroGradients();
        model.Backward(dOutput);
        return [.. model.Parameters.Gradients, .. model.InputGradient];
    }
}
