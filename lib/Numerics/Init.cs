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

    /// <summary>
    /// An echo-state-style recurrent matrix: fills <paramref name="values"/> [size, size] with weights uniform in ±1
    /// where a coin of probability <paramref name="density"/> says so (and at least one per row, so no unit is cut off
    /// from the rest), then rescales it so that its spectral radius ρ (largest |eigenvalue|) is
    /// <paramref name="spectralRadius"/>. Returns ρ measured after scaling.
    /// </summary>
    /// <remarks>
    /// <para>This is the reservoir of an echo state network (Jaeger 2001): with ρ near 1 the linearized dynamics
    /// h ← V h neither forget quickly nor blow up, so both the state and the backward error survive many steps. Sparse
    /// rows keep the units weakly coupled. The number of nonzeros per row is random here; for the fixed fan-in of
    /// Sutskever et al. (2013) see <see cref="SparseSpectralFixedFanIn{T}"/>.</para>
    /// <para>ρ is computed in float64 (<see cref="LinearAlgebra.SpectralRadius"/>) and the scaled matrix then stored as T.</para>
    /// </remarks>
    public static double SparseSpectral<T>(Span<T> values, int size, double density, double spectralRadius, Rng rng)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(size);
        if (values.Length != size * size) throw new ArgumentException($"Length {values.Length} is not {size}×{size}.", nameof(values));
        if (!(density > 0 && density <= 1)) throw new ArgumentOutOfRangeException(nameof(density), density, "Density must be in (0, 1].");
        if (!(spectralRadius >= 0) || double.IsInfinity(spectralRadius))
            throw new ArgumentOutOfRangeException(nameof(spectralRadius), spectralRadius, "The spectral radius must be finite and non-negative.");
        var w = new double[size * size];
        for (int i = 0; i < size; i++)
        {
            for (int j = 0; j < size; j++)
                if (rng.NextDouble() < density) w[i * size + j] = rng.Uniform(-1, 1);
            int forced = rng.NextInt(size);
            if (w[i * size + forced] == 0) w[i * size + forced] = rng.Uniform(-1, 1);
        }
        double radius = LinearAlgebra.SpectralRadius(w, size);
        if (radius > 0)
            for (int k = 0; k < w.Length; k++) w[k] *= spectralRadius / radius;
        for (int k = 0; k < w.Length; k++) values[k] = T.CreateChecked(w[k]);
        return radius > 0 ? LinearAlgebra.SpectralRadius(w, size) : 0;
    }

    /// <summary>
    /// The sparse recurrent matrix of Sutskever, Martens, Dahl &amp; Hinton (2013, RNN section): every row of
    /// <paramref name="values"/> [size, size] (the incoming weights of one unit) gets exactly
    /// <paramref name="nonzerosPerRow"/> nonzero entries, in columns drawn without repetition, each N(0, 1); then the
    /// whole matrix is rescaled so that its spectral radius is <paramref name="spectralRadius"/>. Returns ρ measured
    /// after scaling.
    /// </summary>
    /// <remarks>
    /// <para>Unlike <see cref="SparseSpectral{T}"/> (an echo state network's reservoir: a coin of probability
    /// <c>density</c> per entry, so the count per row varies), every unit here has the same fan-in, as in the paper
    /// ("15 nonzero connections per unit").</para>
    /// <para>The columns of a row are the first k of a partial Fisher–Yates shuffle of 0..size-1; the weights are drawn
    /// in that order. ρ is computed in float64 (<see cref="LinearAlgebra.SpectralRadius"/>).</para>
    /// </remarks>
    public static double SparseSpectralFixedFanIn<T>(Span<T> values, int size, int nonzerosPerRow, double spectralRadius, Rng rng)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(size);
        if (values.Length != size * size) throw new ArgumentException($"Length {values.Length} is not {size}×{size}.", nameof(values));
        if (nonzerosPerRow < 1 || nonzerosPerRow > size)
            throw new ArgumentOutOfRangeException(nameof(nonzerosPerRow), nonzerosPerRow, $"Nonzeros per row must be in 1..{size} (the row length).");
        if (!(spectralRadius >= 0) || double.IsInfinity(spectralRadius))
            throw new ArgumentOutOfRangeException(nameof(spectralRadius), spectralRadius, "The spectral radius must be finite and non-negative.");
        var w = new double[size * size];
        var columns = new int[size];
        for (int i = 0; i < size; i++)
        {
            for (int j = 0; j < size; j++) columns[j] = j;
            for (int k = 0; k < nonzerosPerRow; k++)
            {
                int pick = k + rng.NextInt(size - k);            // partial Fisher–Yates: columns[0..k] are distinct
                (columns[k], columns[pick]) = (columns[pick], columns[k]);
                w[i * size + columns[k]] = rng.Normal();
            }
        }
        double radius = LinearAlgebra.SpectralRadius(w, size);
        if (radius > 0)
            for (int k = 0; k < w.Length; k++) w[k] *= spectralRadius / radius;
        for (int k = 0; k < w.Length; k++) values[k] = T.CreateChecked(w[k]);
        return radius > 0 ? LinearAlgebra.SpectralRadius(w, size) : 0;
    }

    /// <summary>Every value drawn from <paramref name="scale"/> · N(0, 1) (e.g. the 0.001·N(0, 1) input weights of
    /// Sutskever et al. 2013).</summary>
    public static void Normal<T>(Span<T> values, double scale, Rng rng) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!(scale >= 0) || double.IsInfinity(scale)) throw new ArgumentOutOfRangeException(nameof(scale), scale, "The scale must be finite and non-negative.");
        ArgumentNullException.ThrowIfNull(rng);
        for (int i = 0; i < values.Length; i++) values[i] = T.CreateChecked(scale * rng.Normal());
    }

    /// <summary>
    /// Input weights U [rows, inputs] with column i drawn from <paramref name="scales"/>[i] · N(0, 1): the Gaussian
    /// counterpart of <see cref="UniformPerColumn{T}"/>, one scale per input channel.
    /// </summary>
    public static void NormalPerColumn<T>(Span<T> values, int columns, ReadOnlySpan<double> scales, Rng rng)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckPerColumn(values.Length, columns, scales);
        for (int k = 0; k < values.Length; k++) values[k] = T.CreateChecked(scales[k % columns] * rng.Normal());
    }

    /// <summary>
    /// Input weights U [rows, inputs] with column i uniform in ±<paramref name="scales"/>[i]: one scale per input
    /// channel, as echo state networks set them (a channel that must drive the units hard, like the adding problem's
    /// marker, gets a larger scale than one whose value must pass through nearly linearly).
    /// </summary>
    public static void UniformPerColumn<T>(Span<T> values, int columns, ReadOnlySpan<double> scales, Rng rng)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckPerColumn(values.Length, columns, scales);
        for (int k = 0; k < values.Length; k++) values[k] = T.CreateChecked(rng.Uniform(-scales[k % columns], scales[k % columns]));
    }

    /// <summary>Every value set to <paramref name="value"/> (e.g. a forget-gate bias of 1, so a fresh LSTM keeps its memory).</summary>
    public static void Constant<T>(Span<T> values, double value) where T : unmanaged, IFloatingPointIeee754<T> =>
        values.Fill(T.CreateChecked(value));

    private static void CheckPerColumn(int length, int columns, ReadOnlySpan<double> scales)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(columns);
        if (scales.Length != columns) throw new ArgumentException($"{scales.Length} scales for {columns} columns.", nameof(scales));
        if (length % columns != 0) throw new ArgumentException($"Length {length} is not a whole number of rows of {columns}.", "values");
        foreach (double s in scales)
            if (!(s >= 0) || double.IsInfinity(s)) throw new ArgumentOutOfRangeException(nameof(scales), s, "Every scale must be finite and non-negative.");
    }
}
