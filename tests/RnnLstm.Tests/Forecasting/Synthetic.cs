using RnnLstm.Numerics;
using RnnLstm.Series;

namespace RnnLstm.Tests.ForecastingLayer;

/// <summary>Series made in code, for tests that need a known season, trend or noise.</summary>
internal static class Synthetic
{
    /// <summary>level + slope·t + amplitude·sin(2πt/period) + noise·N(0, 1); period 0 for no season.</summary>
    public static double[] Values(int n, int period, double amplitude, double noise, double slope = 0, double level = 100, int seed = 1)
    {
        var rng = new Rng(seed);
        return Enumerable.Range(0, n).Select(t =>
            level + slope * t + (period > 0 ? amplitude * Math.Sin(2 * Math.PI * t / period) : 0) + noise * Normal(rng)).ToArray();
    }

    /// <summary>A random walk: y_t = y_{t-1} + N(0, 1).</summary>
    public static double[] RandomWalk(int n, int seed = 1)
    {
        var rng = new Rng(seed);
        var y = new double[n];
        y[0] = 100;
        for (int t = 1; t < n; t++) y[t] = y[t - 1] + Normal(rng);
        return y;
    }

    /// <summary>A series without dates, with <paramref name="season"/> as the loader's prior.</summary>
    public static TimeSeries Series(double[] values, int season = 1, string name = "synthetic") =>
        new(name, name + ".csv", null, "value", null, values, Enumerable.Range(2, values.Length).ToArray(),
            SeriesFrequency.None, season, [], [], []);

    private static double Normal(Rng rng) => rng.Normal();
}
