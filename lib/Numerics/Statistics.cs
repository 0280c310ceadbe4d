namespace RnnLstm.Numerics;

/// <summary>Order statistics the layers above share (a forecast combination's median, a timing estimate's start).</summary>
public static class Statistics
{
    /// <summary>The median of <paramref name="values"/> (not modified): the middle value, or the mean of the two middle values of an even count.</summary>
    /// <exception cref="ArgumentException">No values.</exception>
    public static double Median(ReadOnlySpan<double> values)
    {
        if (values.IsEmpty) throw new ArgumentException("The median of no values is undefined.", nameof(values));
        Span<double> sorted = values.Length <= 32 ? stackalloc double[values.Length] : new double[values.Length]; // no allocation for a few values
        values.CopyTo(sorted);
        sorted.Sort();
        int k = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[k] : 0.5 * (sorted[k - 1] + sorted[k]);
    }
}
