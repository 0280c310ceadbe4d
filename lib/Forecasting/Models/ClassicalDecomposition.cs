namespace RnnLstm.Forecasting.Models;

/// <summary>Additive (y = T + S + R) or multiplicative (y = T · S · R) classical decomposition.</summary>
public enum DecompositionType { Additive, Multiplicative }

/// <summary>
/// Classical seasonal decomposition, as R's <c>decompose</c>: the trend T is the centred moving average of order m
/// (2×m for even m: weights ½, 1, …, 1, ½ over m + 1 values, divided by m); the detrended values y - T (or y / T) are
/// averaged per position t mod m into the figure, which is centred to sum 0 (or to average 1).
/// </summary>
public static class ClassicalDecomposition
{
    /// <summary>
    /// The seasonal figure of <paramref name="y"/>: [m], entry i for the values at t ≡ i (mod m), t counted from y[0].
    /// Needs at least 2m values.
    /// </summary>
    public static double[] SeasonalFigure(ReadOnlySpan<double> y, int m, DecompositionType type)
    {
        if (m < 2) throw new ArgumentOutOfRangeException(nameof(m), m, "A seasonal decomposition needs a season length of at least 2.");
        if (y.Length < 2 * m) throw new ArgumentException($"A classical decomposition with m = {m} needs at least {2 * m} values (two seasons); there are {y.Length}.", nameof(y));
        int n = y.Length, half = m / 2;
        var sum = new double[m];
        var count = new int[m];
        for (int t = half; t < n - half; t++)
        {
            double trend;
            if (m % 2 == 0)
            {
                trend = 0.5 * (y[t - half] + y[t + half]);
                for (int k = t - half + 1; k < t + half; k++) trend += y[k];
            }
            else
            {
                trend = 0;
                for (int k = t - half; k <= t + half; k++) trend += y[k];
            }
            trend /= m;
            double detrended = type == DecompositionType.Additive ? y[t] - trend : y[t] / trend;
            if (!double.IsFinite(detrended)) continue;
            sum[t % m] += detrended;
            count[t % m]++;
        }
        var figure = new double[m];
        for (int i = 0; i < m; i++) figure[i] = count[i] > 0 ? sum[i] / count[i] : type == DecompositionType.Additive ? 0 : 1;
        double mean = figure.Average();
        for (int i = 0; i < m; i++) figure[i] = type == DecompositionType.Additive ? figure[i] - mean : figure[i] / mean;
        return figure;
    }
}
