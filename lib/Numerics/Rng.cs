namespace RnnLstm.Numerics;

/// <summary>
/// The one source of randomness in the library: a seeded generator with uniform, normal and shuffle draws.
/// </summary>
/// <remarks>
/// <see cref="Random(int)"/> with a seed uses a fixed algorithm on every .NET version and platform, so the same seed
/// gives the same numbers everywhere. Every random choice (initial weights, shuffling, data generation, sampling)
/// takes an <see cref="Rng"/>; nothing reads the clock.
/// </remarks>
public sealed class Rng(int seed)
{
    private readonly Random _random = new(seed);
    private double? _spareNormal;

    /// <summary>The seed this generator started from.</summary>
    public int Seed { get; } = seed;

    /// <summary>Uniform in [0, 1).</summary>
    public double NextDouble() => _random.NextDouble();

    /// <summary>Uniform in [<paramref name="low"/>, <paramref name="high"/>).</summary>
    public double Uniform(double low, double high) => low + (high - low) * _random.NextDouble();

    /// <summary>Uniform integer in [0, <paramref name="maxExclusive"/>).</summary>
    public int NextInt(int maxExclusive) => _random.Next(maxExclusive);

    /// <summary>Standard normal draw (Box–Muller; the second value of each pair is kept for the next call).</summary>
    public double Normal()
    {
        if (_spareNormal is double spare) { _spareNormal = null; return spare; }
        double u1 = 1.0 - _random.NextDouble(); // in (0, 1], so the log is finite
        double u2 = _random.NextDouble();
        double radius = Math.Sqrt(-2.0 * Math.Log(u1));
        _spareNormal = radius * Math.Sin(2 * Math.PI * u2);
        return radius * Math.Cos(2 * Math.PI * u2);
    }

    /// <summary>Fisher–Yates shuffle in place.</summary>
    public void Shuffle<TItem>(Span<TItem> items)
    {
        for (int i = items.Length - 1; i > 0; i--)
        {
            int j = _random.Next(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    /// <summary>A new generator whose seed is drawn from this one (for independent streams).</summary>
    public Rng Fork() => new(_random.Next());
}
