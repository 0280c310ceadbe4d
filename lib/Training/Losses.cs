using System.Numerics;

namespace RnnLstm.Training;

/// <summary>
/// A loss: its value for a batch of outputs and its gradient with respect to those outputs.
/// </summary>
/// <remarks>Outputs and targets are [N, O] row-major. The gradient is assigned (not accumulated) into <c>dOutput</c>.</remarks>
public interface ILoss<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Name for logs and charts.</summary>
    string Name { get; }

    /// <summary>Returns L and writes dL/dy into <paramref name="dOutput"/>.</summary>
    /// <param name="output">y, [N, O].</param>
    /// <param name="target">Targets, [N, O].</param>
    /// <param name="dOutput">dL/dy, [N, O].</param>
    /// <param name="columns">O (needed by losses that work per row, like softmax).</param>
    T Compute(ReadOnlySpan<T> output, ReadOnlySpan<T> target, Span<T> dOutput, int columns);
}

/// <summary>The losses the library offers.</summary>
public static class Losses
{
    /// <summary>L = (1/n) Σ (y - t)², n = number of values; dL/dy = 2 (y - t) / n.</summary>
    public static ILoss<T> MeanSquaredError<T>() where T : unmanaged, IFloatingPointIeee754<T> => new MeanSquaredErrorLoss<T>();

    /// <summary>L = ½ Σ (y - t)², the classic backpropagation error; dL/dy = y - t. Trask's binary-addition net uses it.</summary>
    public static ILoss<T> HalfSumSquaredError<T>() where T : unmanaged, IFloatingPointIeee754<T> => new HalfSumSquaredErrorLoss<T>();

    /// <summary>Binary cross-entropy of logistic outputs given as logits a (y = σ(a)), averaged over values:
    /// L = (1/n) Σ [log(1 + e^a) - t a]; dL/da = (σ(a) - t) / n. Written on logits because that form never takes log 0.</summary>
    public static ILoss<T> BinaryCrossEntropyWithLogits<T>() where T : unmanaged, IFloatingPointIeee754<T> => new BinaryCrossEntropyLoss<T>();

    /// <summary>Softmax cross-entropy on logits, averaged over rows: p = softmax(a) per row, L = -(1/N) Σ t·log p,
    /// dL/da = (p - t) / N. Targets are one-hot (or any distribution) rows.</summary>
    public static ILoss<T> SoftmaxCrossEntropy<T>() where T : unmanaged, IFloatingPointIeee754<T> => new SoftmaxCrossEntropyLoss<T>();

    internal static void CheckShapes(int output, int target, int dOutput, int columns)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(columns);
        if (output == 0) throw new ArgumentException("The output is empty.", nameof(output));
        if (target != output) throw new ArgumentException($"target has {target} values; the output has {output}.", nameof(target));
        if (dOutput != output) throw new ArgumentException($"dOutput has {dOutput} values; the output has {output}.", nameof(dOutput));
        if (output % columns != 0) throw new ArgumentException($"The output ({output} values) is not a whole number of rows of {columns}.", nameof(columns));
    }
}

internal sealed class MeanSquaredErrorLoss<T> : ILoss<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public string Name => "mean squared error";

    public T Compute(ReadOnlySpan<T> output, ReadOnlySpan<T> target, Span<T> dOutput, int columns)
    {
        Losses.CheckShapes(output.Length, target.Length, dOutput.Length, columns);
        T n = T.CreateChecked(output.Length), sum = T.Zero, two = T.CreateChecked(2);
        for (int k = 0; k < output.Length; k++)
        {
            T e = output[k] - target[k];
            sum += e * e;
            dOutput[k] = two * e / n;
        }
        return sum / n;
    }
}

internal sealed class HalfSumSquaredErrorLoss<T> : ILoss<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public string Name => "half sum of squared errors";

    public T Compute(ReadOnlySpan<T> output, ReadOnlySpan<T> target, Span<T> dOutput, int columns)
    {
        Losses.CheckShapes(output.Length, target.Length, dOutput.Length, columns);
        T sum = T.Zero;
        for (int k = 0; k < output.Length; k++)
        {
            T e = output[k] - target[k];
            sum += e * e;
            dOutput[k] = e;
        }
        return sum / T.CreateChecked(2);
    }
}

internal sealed class BinaryCrossEntropyLoss<T> : ILoss<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public string Name => "binary cross-entropy";

    public T Compute(ReadOnlySpan<T> output, ReadOnlySpan<T> target, Span<T> dOutput, int columns)
    {
        Losses.CheckShapes(output.Length, target.Length, dOutput.Length, columns);
        T n = T.CreateChecked(output.Length), sum = T.Zero;
        for (int k = 0; k < output.Length; k++)
        {
            T a = output[k];
            // log(1 + e^a) computed stably as max(a, 0) + log(1 + e^-|a|)
            T softplus = T.Max(a, T.Zero) + T.Log(T.One + T.Exp(-T.Abs(a)));
            sum += softplus - target[k] * a;
            dOutput[k] = (T.One / (T.One + T.Exp(-a)) - target[k]) / n;
        }
        return sum / n;
    }
}

internal sealed class SoftmaxCrossEntropyLoss<T> : ILoss<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public string Name => "softmax cross-entropy";

    public T Compute(ReadOnlySpan<T> output, ReadOnlySpan<T> target, Span<T> dOutput, int columns)
    {
        Losses.CheckShapes(output.Length, target.Length, dOutput.Length, columns);
        int rows = output.Length / columns;
        T n = T.CreateChecked(rows), sum = T.Zero;
        for (int r = 0; r < rows; r++)
        {
            var a = output.Slice(r * columns, columns);
            var t = target.Slice(r * columns, columns);
            var d = dOutput.Slice(r * columns, columns);
            T max = a[0];
            for (int j = 1; j < columns; j++) max = T.Max(max, a[j]);
            T z = T.Zero;
            for (int j = 0; j < columns; j++) z += T.Exp(a[j] - max);
            T logZ = T.Log(z) + max;                              // log Σ e^a, without overflow
            for (int j = 0; j < columns; j++)
            {
                T logP = a[j] - logZ;
                sum -= t[j] * logP;
                d[j] = (T.Exp(logP) - t[j]) / n;
            }
        }
        return sum / n;
    }
}
