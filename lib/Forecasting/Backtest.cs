namespace RnnLstm.Forecasting;

/// <summary>Errors of one method's 1..H-step forecasts from rolling origins.</summary>
/// <param name="Mae">Mean absolute error per step h = 1..H (index h - 1).</param>
/// <param name="Mase">The same divided by the MASE scale.</param>
/// <param name="Paths">[origin][step]: the forecasts scored.</param>
public sealed record BacktestScore(string Name, double[] Mae, double[] Mase, double[][] Paths)
{
    /// <summary>The headline: MASE averaged over the steps 1..H.</summary>
    public double MultiStepMase => Mase.Average();
}

/// <summary>A multi-step backtest: forecasts for 1..H steps from every origin, scored per step.</summary>
/// <param name="Origins">Indices of the last value each forecast may use.</param>
/// <param name="Intervals">Coverage and MSIS of the model's and Holt-Winters' intervals, per level.</param>
public sealed record BacktestResult(int Horizon, int[] Origins, IReadOnlyList<BacktestScore> Scores, IReadOnlyList<IntervalScore> Intervals)
{
    /// <summary>A method's score by name, or null.</summary>
    public BacktestScore? Score(string name) => Scores.FirstOrDefault(s => s.Name == name);
}

/// <summary>
/// Rolling-origin multi-step evaluation over the test part: from origin o (values up to y[o] known), each method
/// forecasts y[o+1..o+H] directly (its parameters fitted on the training part, its states run over y[0..o]), and
/// step h is scored against y[o+h].
/// </summary>
public static class Backtest
{
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

    /// <summary>Scores each method's paths (a function of the origins and H) from each origin.</summary>
    public static IReadOnlyList<BacktestScore> Run(double[] y, int[] origins, int horizon, double maseScale,
        IEnumerable<(string Name, Func<int[], int, double[][]> Paths)> methods)
    {
        var scores = new List<BacktestScore>();
        foreach (var (name, pathsOf) in methods)
        {
            var paths = pathsOf(origins, horizon);
            var mae = new double[horizon];
            for (int k = 0; k < origins.Length; k++)
                for (int h = 0; h < horizon; h++) mae[h] += Math.Abs(y[origins[k] + 1 + h] - paths[k][h]) / origins.Length;
            scores.Add(new BacktestScore(name, mae, Array.ConvertAll(mae, v => v / maseScale), paths));
        }
        return scores;
    }

    /// <summary>The actual values y[o+1..o+H] for each origin.</summary>
    public static double[][] Actual(double[] y, int[] origins, int horizon) =>
        origins.Select(o => y.AsSpan(o + 1, horizon).ToArray()).ToArray();
}
