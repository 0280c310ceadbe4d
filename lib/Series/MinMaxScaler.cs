namespace RnnLstm.Series;

/// <summary>
/// Maps values linearly so that the smallest and largest values seen by <see cref="Fit"/> land on
/// <see cref="RangeMin"/> and <see cref="RangeMax"/> ([0, 1] by default), as scikit-learn's MinMaxScaler does.
/// </summary>
/// <remarks>
/// Fit it on the training part only. Fitting on the whole series (as Brownlee's tutorial does) lets the test
/// period's maximum shape the training inputs, a small leak of the future into the past. Fitted on training data,
/// test values may fall outside [0, 1]; that is expected and honest, and <see cref="InverseTransform(double)"/>
/// still maps them back exactly.
/// </remarks>
public sealed class MinMaxScaler
{
    /// <summary>Creates an unfitted scaler targeting [<paramref name="rangeMin"/>, <paramref name="rangeMax"/>].</summary>
    public MinMaxScaler(double rangeMin = 0, double rangeMax = 1)
    {
        if (!(rangeMin < rangeMax) || !double.IsFinite(rangeMin) || !double.IsFinite(rangeMax))
        {
            throw new ArgumentException($"The target range must be finite with min < max; got [{rangeMin}, {rangeMax}].");
        }
        RangeMin = rangeMin;
        RangeMax = rangeMax;
    }

    /// <summary>Lower end of the target range.</summary>
    public double RangeMin { get; }

    /// <summary>Upper end of the target range.</summary>
    public double RangeMax { get; }

    /// <summary>Smallest value seen by <see cref="Fit"/>.</summary>
    public double DataMin { get; private set; } = double.NaN;

    /// <summary>Largest value seen by <see cref="Fit"/>.</summary>
    public double DataMax { get; private set; } = double.NaN;

    /// <summary>True once <see cref="Fit"/> has been called.</summary>
    public bool IsFitted => !double.IsNaN(DataMin);

    /// <summary>
    /// Learns the data range from <paramref name="training"/>. A constant training part has no range; as in
    /// scikit-learn, the divisor is then taken as 1, so every value maps to RangeMin plus its distance from the constant.
    /// </summary>
    public MinMaxScaler Fit(ReadOnlySpan<double> training)
    {
        if (training.IsEmpty) throw new ArgumentException("Cannot fit a scaler on no values.", nameof(training));
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        foreach (double x in training)
        {
            if (!double.IsFinite(x)) throw new ArgumentException($"Cannot fit a scaler on a non-finite value ({x}).", nameof(training));
            min = Math.Min(min, x);
            max = Math.Max(max, x);
        }
        (DataMin, DataMax) = (min, max);
        return this;
    }

    private double DataRange => DataMax > DataMin ? DataMax - DataMin : 1;

    /// <summary>(x - DataMin) / (DataMax - DataMin) * (RangeMax - RangeMin) + RangeMin.</summary>
    public double Transform(double x)
    {
        EnsureFitted();
        return (x - DataMin) / DataRange * (RangeMax - RangeMin) + RangeMin;
    }

    /// <summary>The exact inverse of <see cref="Transform(double)"/> (up to rounding), for reporting in the data's units.</summary>
    public double InverseTransform(double scaled)
    {
        EnsureFitted();
        return (scaled - RangeMin) / (RangeMax - RangeMin) * DataRange + DataMin;
    }

    /// <summary>Transforms every value into a new array.</summary>
    public double[] Transform(ReadOnlySpan<double> values) => Map(values, Transform);

    /// <summary>Inverse-transforms every value into a new array.</summary>
    public double[] InverseTransform(ReadOnlySpan<double> scaled) => Map(scaled, InverseTransform);

    private static double[] Map(ReadOnlySpan<double> values, Func<double, double> f)
    {
        var result = new double[values.Length];
        for (int i = 0; i < values.Length; i++) result[i] = f(values[i]);
        return result;
    }

    private void EnsureFitted()
    {
        if (!IsFitted) throw new InvalidOperationException("Call Fit on the training values before Transform or InverseTransform.");
    }
}
