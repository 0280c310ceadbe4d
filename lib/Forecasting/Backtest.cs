namespace RnnLstm.Forecasting;

/// <summary>Errors of one method's 1..K-step forecasts from rolling origins.</summary>
/// <param name="Mae">Mean absolute error per horizon step h = 1..K (index h - 1).</param>
/// <param name="Mase">The same divided by the MASE scale.</param>
public sealed record BacktestScore(string Name, double[] Mae, double[] Mase);

/// <summary>A multi-step backtest: forecasts for 1..K steps from every origin, scored per step.</summary>
/// <param name="Origins">Indices of the last value each forecast may use.</param>
public sealed record BacktestResult(int Horizon, int[] Origins, IReadOnlyList<BacktestScore> Scores);

/// <summary>
/// Rolling-origin multi-step evaluation over the test part: from origin o (values up to y[o] known), forecast
/// y[o+1..o+K] recursively, each forecast fed back as if it were the value, and score step h against y[o+h].
/// </summary>
public static class Backtest
{
    /// <summary>The forecasts of the <paramref name="steps"/> values after y[0..origin], each step from <paramref name="next"/> on the series extended by the earlier forecasts.</summary>
    public static double[] Recursive(Func<double[], double> next, ReadOnlySpan<double> y, int origin, int steps)
    {
        ArgumentNullException.ThrowIfNull(next);
        var extended = new List<double>(y[..(origin + 1)].ToArray());
        var result = new double[steps];
        for (int h = 0; h < steps; h++)
        {
            result[h] = next([.. extended]);
            extended.Add(result[h]);
        }
        return result;
    }

    /// <summary>
    /// Up to <paramref name="maxOrigins"/> origins, evenly spaced, from the last training index to the last index
    /// that still has <paramref name="horizon"/> values after it.
    /// </summary>
    public static int[] Origins(int trainCount, int length, int horizon, int maxOrigins = 40)
    {
        int first = trainCount - 1, last = length - 1 - horizon;
        if (horizon < 1 || last < first) return [];
        int count = Math.Min(maxOrigins, last - first + 1);
        if (count == 1) return [first];
        return Enumerable.Range(0, count).Select(k => first + (int)Math.Round((double)k * (last - first) / (count - 1))).Distinct().ToArray();
    }

    /// <summary>Scores each method's recursive forecasts from each origin.</summary>
    public static BacktestResult Run(ReadOnlySpan<double> y, int[] origins, int horizon, double maseScale, IEnumerable<(string Name, Func<double[], double> Next)> methods)
    {
        var scores = new List<BacktestScore>();
        foreach (var (name, next) in methods)
        {
            var mae = new double[horizon];
            foreach (int o in origins)
            {
                var f = Recursive(next, y, o, horizon);
                for (int h = 0; h < horizon; h++) mae[h] += Math.Abs(y[o + 1 + h] - f[h]) / origins.Length;
            }
            scores.Add(new BacktestScore(name, mae, Array.ConvertAll(mae, v => v / maseScale)));
        }
        return new BacktestResult(horizon, origins, scores);
    }
}
