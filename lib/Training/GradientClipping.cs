using System.Numerics;
using System.Numerics.Tensors;
using RnnLstm.Numerics;

namespace RnnLstm.Training;

/// <summary>
/// Limits the size of a gradient before the update, the standard remedy for exploding gradients.
/// </summary>
/// <remarks>Clipping by global norm keeps the gradient's direction and only shortens it; clipping by value
/// (min-char-rnn's ±5) changes the direction but is simple and local.</remarks>
public static class GradientClipping
{
    /// <summary>The Euclidean norm of the whole gradient: √(Σ over every parameter g²).</summary>
    public static double GlobalNorm<T>(ParameterSet<T> parameters) where T : unmanaged, IFloatingPointIeee754<T> =>
        double.CreateChecked(TensorPrimitives.Norm<T>(parameters.Gradients));

    /// <summary>If ‖g‖ &gt; <paramref name="maxNorm"/>, scales g by maxNorm/‖g‖. Returns ‖g‖ before clipping.</summary>
    public static double ClipByGlobalNorm<T>(ParameterSet<T> parameters, double maxNorm) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!(maxNorm > 0)) throw new ArgumentOutOfRangeException(nameof(maxNorm), maxNorm, "maxNorm must be positive.");
        double norm = GlobalNorm(parameters);
        if (norm > maxNorm)
            TensorPrimitives.Multiply<T>(parameters.Gradients, T.CreateChecked(maxNorm / norm), parameters.Gradients);
        return norm;
    }

    /// <summary>Clamps every gradient value into [-<paramref name="limit"/>, <paramref name="limit"/>].</summary>
    public static void ClipByValue<T>(ParameterSet<T> parameters, double limit) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!(limit > 0)) throw new ArgumentOutOfRangeException(nameof(limit), limit, "limit must be positive.");
        T hi = T.CreateChecked(limit);
        TensorPrimitives.Clamp<T>(parameters.Gradients, -hi, hi, parameters.Gradients);
    }
}
