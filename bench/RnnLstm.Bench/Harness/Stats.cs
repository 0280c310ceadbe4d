namespace RnnLstm.Bench.Harness;

/// <summary>
/// Median and spread of repeated wall-clock timings, in microseconds per unit of work, and the median CPU time of
/// the calling thread per unit.
/// </summary>
public readonly record struct Timing(double MedianUs, double P10Us, double P90Us, int Samples, double CpuMedianUs)
{
    public static Timing From(List<double> wallUs, List<double> cpuUs)
    {
        var s = wallUs.Order().ToArray();
        var c = cpuUs.Order().ToArray();
        return new Timing(Quantile(s, 0.5), Quantile(s, 0.1), Quantile(s, 0.9), s.Length, Quantile(c, 0.5));
    }

    /// <summary>Linear-interpolated quantile of sorted data.</summary>
    static double Quantile(double[] sorted, double q)
    {
        if (sorted.Length == 0) return double.NaN;
        double pos = q * (sorted.Length - 1);
        int lo = (int)Math.Floor(pos), hi = (int)Math.Ceiling(pos);
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
    }

    /// <summary>The same timing per one of <paramref name="units"/> (a forward pass of B sequences: per sequence).</summary>
    public Timing Per(int units) => new(MedianUs / units, P10Us / units, P90Us / units, Samples, CpuMedianUs / units);

    public string Format() => double.IsNaN(MedianUs) ? "n/a" : $"{Us(MedianUs)} [{Us(P10Us)}..{Us(P90Us)}]";

    /// <summary>Microseconds with sensible precision.</summary>
    public static string Us(double us) => us switch
    {
        >= 1e5 => $"{us:F0}",
        >= 100 => $"{us:F0}",
        >= 10 => $"{us:F1}",
        _ => $"{us:F2}",
    };
}
