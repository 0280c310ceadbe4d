namespace RnnLstm.Tests.Forecasting.Models;

/// <summary>Seeded series for the model tests.</summary>
internal static class ModelSeries
{
    /// <summary>Standard normal draws from a seeded <see cref="Random"/> (Box-Muller).</summary>
    public static double[] Normal(int n, int seed)
    {
        var rng = new Random(seed);
        var z = new double[n];
        for (int i = 0; i < n; i++) z[i] = Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
        return z;
    }

    /// <summary>A corpus series' values (last column of data/examples/NAME.csv).</summary>
    public static double[] Corpus(string name) =>
        [.. File.ReadLines(Path.Combine(Notebooks.Repository.Root, "data", "examples", name + ".csv")).Skip(1)
            .Select(l => double.Parse(l.Split(',')[^1], System.Globalization.CultureInfo.InvariantCulture))];
}
