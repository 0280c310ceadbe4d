using System.Numerics;

namespace RnnLstm.Numerics;

/// <summary>Weight initializers. Each fills a span in place and draws only from the <see cref="Rng"/> it is given.</summary>
public static class Init
{
    /// <summary>Every value uniform in [-<paramref name="limit"/>, <paramref name="limit"/>).</summary>
    public static void Uniform<T>(Span<T> values, double limit, Rng rng) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        for (int i = 0; i < values.Length; i++) values[i] = T.CreateChecked(rng.Uniform(-limit, limit));
    }

    /// <summary>Glorot (Xavier) uniform: limit √(6 / (fanIn + fanOut)), which keeps the variance of activations and
    /// of gradients roughly equal from layer to layer.</summary>
    public static void Glorot<T>(Span<T> values, int fanIn, int fanOut, Rng rng) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(fanIn);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(fanOut);
        Uniform(values, Math.Sqrt(6.0 / (fanIn + fanOut)), rng);
    }

    /// <summary>
    /// Fills each <paramref name="size"/> × <paramref name="size"/> block of <paramref name="values"/> (a stack of
    /// square recurrent matrices, one per gate) with a random orthogonal matrix times <paramref name="gain"/>.
    /// </summary>
    /// <remarks>All singular values of an orthogonal matrix are 1, so repeated multiplication by it, as the backward
    /// pass through time does, neither shrinks nor grows a vector: the linear part of the gradient neither vanishes
    /// nor explodes at the start of training. Built by Gram–Schmidt on the rows of a Gaussian matrix.</remarks>
    public static void Orthogonal<T>(Span<T> values, int size, Rng rng, double gain = 1.0) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(size);
        if (values.Length % (size * size) != 0)
            throw new ArgumentException($"Length {values.Length} is not a whole number of {size}×{size} blocks.", nameof(values));
        var q = new double[size * size];
        for (int block = 0; block < values.Length / (size * size); block++)
        {
            for (int i = 0; i < q.Length; i++) q[i] = rng.Normal();
            for (int r = 0; r < size; r++)
            {
                var row = q.AsSpan(r * size, size);
                for (int pass = 0; pass < 2; pass++) // twice, for numerical orthogonality
                    for (int p = 0; p < r; p++)
                    {
                        var prev = q.AsSpan(p * size, size);
                        double dot = 0;
                        for (int c = 0; c < size; c++) dot += row[c] * prev[c];
                        for (int c = 0; c < size; c++) row[c] -= dot * prev[c];
                    }
                double norm = 0;
                for (int c = 0; c < size; c++) norm += row[c] * row[c];
                norm = Math.Sqrt(norm);
                for (int c = 0; c < size; c++) row[c] /= norm;
            }
            var target = values.Slice(block * size * size, size * size);
            for (int i = 0; i < q.Length; i++) target[i] = T.CreateChecked(gain * q[i]);
        }
    }

    /// <summary>Each square block set to <paramref name="gain"/> times the identity (the IRNN initialization of Le et al., 2015).</summary>
    public static void Identity<T>(Span<T> values, int size, double gain = 1.0) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(size);
        if (values.Length % (size * size) != 0)
            throw new ArgumentException($"Length {values.Length} is not a whole number of {size}×{size} blocks.", nameof(values));
        values.Clear();
        for (int block = 0; block < values.Length / (size * size); block++)
            for (int i = 0; i < size; i++) values[block * size * size + i * size + i] = T.CreateChecked(gain);
    }

    /// <summary>Every value set to <paramref name="value"/> (e.g. a forget-gate bias of 1, so a fresh LSTM keeps its memory).</summary>
    public static void Constant<T>(Span<T> values, double value) where T : unmanaged, IFloatingPointIeee754<T> =>
        values.Fill(T.CreateChecked(value));
}
