namespace RnnLstm.Forecasting;

/// <summary>
/// The Nelder-Mead simplex method: minimizes f over R^d with no gradients, by reflecting, expanding, contracting and
/// shrinking a simplex of d + 1 points (coefficients 1, 2, 0.5, 0.5). Deterministic.
/// </summary>
public static class NelderMead
{
    /// <summary>Minimizes <paramref name="f"/> from <paramref name="start"/>; the first simplex adds <paramref name="step"/> to each coordinate in turn.</summary>
    /// <returns>The best point found and f there.</returns>
    public static (double[] X, double F) Minimize(Func<double[], double> f, double[] start, double step = 0.5, int maxIterations = 400, double tolerance = 1e-9)
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(start);
        int d = start.Length;
        var points = new double[d + 1][];
        var values = new double[d + 1];
        for (int i = 0; i <= d; i++)
        {
            points[i] = (double[])start.Clone();
            if (i > 0) points[i][i - 1] += step;
            values[i] = f(points[i]);
        }
        var order = new int[d + 1];
        for (int iteration = 0; iteration < maxIterations; iteration++)
        {
            for (int i = 0; i <= d; i++) order[i] = i;
            Array.Sort(order, (a, b) => values[a].CompareTo(values[b]));
            int best = order[0], worst = order[d], secondWorst = order[d - 1 < 0 ? 0 : d - 1];
            if (Math.Abs(values[worst] - values[best]) <= tolerance * (Math.Abs(values[best]) + 1e-12)) break;
            var centroid = new double[d];
            foreach (int i in order[..d]) for (int j = 0; j < d; j++) centroid[j] += points[i][j] / d;
            double[] Along(double t) => Enumerable.Range(0, d).Select(j => centroid[j] + t * (points[worst][j] - centroid[j])).ToArray();

            var reflected = Along(-1);
            double fr = f(reflected);
            if (fr < values[best])
            {
                var expanded = Along(-2);
                double fe = f(expanded);
                (points[worst], values[worst]) = fe < fr ? (expanded, fe) : (reflected, fr);
            }
            else if (fr < values[secondWorst])
            {
                (points[worst], values[worst]) = (reflected, fr);
            }
            else
            {
                var contracted = fr < values[worst] ? Along(-0.5) : Along(0.5);
                double fc = f(contracted);
                if (fc < Math.Min(fr, values[worst])) (points[worst], values[worst]) = (contracted, fc);
                else
                {
                    for (int i = 0; i <= d; i++)
                    {
                        if (i == best) continue;
                        for (int j = 0; j < d; j++) points[i][j] = points[best][j] + 0.5 * (points[i][j] - points[best][j]);
                        values[i] = f(points[i]);
                    }
                }
            }
        }
        int argmin = 0;
        for (int i = 1; i <= d; i++) if (values[i] < values[argmin]) argmin = i;
        return (points[argmin], values[argmin]);
    }
}
