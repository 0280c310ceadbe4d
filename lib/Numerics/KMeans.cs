namespace RnnLstm.Numerics;

/// <summary>The result of <see cref="KMeans.Fit"/>.</summary>
/// <param name="Centers">k centers, [k, D].</param>
/// <param name="Assignments">Cluster of each point.</param>
/// <param name="Inertia">Sum of squared distances of points to their centers.</param>
public sealed record Clustering(double[] Centers, int[] Assignments, double Inertia);

/// <summary>
/// k-means (Lloyd's algorithm with k-means++ seeding): used to find the discrete states hidden in continuous
/// activity vectors.
/// </summary>
public static class KMeans
{
    /// <summary>Clusters <paramref name="points"/> [N, D] into <paramref name="k"/> groups; best of <paramref name="restarts"/> seeded runs.</summary>
    public static Clustering Fit(ReadOnlySpan<double> points, int dimensions, int k, Rng rng, int restarts = 5, int maxIterations = 100)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimensions);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(k);
        ArgumentNullException.ThrowIfNull(rng);
        if (points.Length % dimensions != 0) throw new ArgumentException($"{points.Length} values are not whole points of {dimensions}.", nameof(points));
        int n = points.Length / dimensions;
        if (n < k) throw new ArgumentException($"{n} points cannot form {k} clusters.", nameof(points));
        Clustering? best = null;
        for (int r = 0; r < restarts; r++)
        {
            var run = Lloyd(points, n, dimensions, SeedCenters(points, n, dimensions, k, rng), k, maxIterations);
            if (best is null || run.Inertia < best.Inertia) best = run;
        }
        return best!;
    }

    /// <summary>k-means++: each new center is a point drawn with probability proportional to its squared distance to the nearest center so far.</summary>
    private static double[] SeedCenters(ReadOnlySpan<double> points, int n, int d, int k, Rng rng)
    {
        var centers = new double[k * d];
        points.Slice(rng.NextInt(n) * d, d).CopyTo(centers);
        var nearest = new double[n];
        for (int c = 1; c < k; c++)
        {
            double total = 0;
            for (int i = 0; i < n; i++)
            {
                nearest[i] = double.PositiveInfinity;
                for (int j = 0; j < c; j++) nearest[i] = Math.Min(nearest[i], Distance2(points.Slice(i * d, d), centers.AsSpan(j * d, d)));
                total += nearest[i];
            }
            double pick = rng.NextDouble() * total;
            int chosen = n - 1;
            for (int i = 0; i < n; i++) { pick -= nearest[i]; if (pick <= 0) { chosen = i; break; } }
            points.Slice(chosen * d, d).CopyTo(centers.AsSpan(c * d, d));
        }
        return centers;
    }

    private static Clustering Lloyd(ReadOnlySpan<double> points, int n, int d, double[] centers, int k, int maxIterations)
    {
        var assignments = new int[n];
        var counts = new int[k];
        double inertia = 0;
        for (int iteration = 0; iteration < maxIterations; iteration++)
        {
            bool changed = false;
            inertia = 0;
            for (int i = 0; i < n; i++)
            {
                int bestCluster = 0;
                double bestDistance = double.PositiveInfinity;
                for (int c = 0; c < k; c++)
                {
                    double dist = Distance2(points.Slice(i * d, d), centers.AsSpan(c * d, d));
                    if (dist < bestDistance) { bestDistance = dist; bestCluster = c; }
                }
                changed |= assignments[i] != bestCluster || iteration == 0;
                assignments[i] = bestCluster;
                inertia += bestDistance;
            }
            if (!changed) break;
            Array.Clear(centers);
            Array.Clear(counts);
            for (int i = 0; i < n; i++)
            {
                counts[assignments[i]]++;
                for (int j = 0; j < d; j++) centers[assignments[i] * d + j] += points[i * d + j];
            }
            for (int c = 0; c < k; c++)
                for (int j = 0; j < d; j++) centers[c * d + j] = counts[c] > 0 ? centers[c * d + j] / counts[c] : points[j]; // an empty cluster restarts at point 0
        }
        return new Clustering(centers, assignments, inertia);
    }

    private static double Distance2(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double sum = 0;
        for (int j = 0; j < a.Length; j++) { double e = a[j] - b[j]; sum += e * e; }
        return sum;
    }
}
