using System.Globalization;
using System.Text;
using RnnLstm.Series;

namespace RnnLstm.Forecasting;

/// <summary>One series of a suite run: the model's and the baselines' test scores, the chosen settings, the time.</summary>
public sealed record SuiteRow(string Name, int Count, int Season, string Model, IReadOnlyList<MethodScore> Scores, double Seconds)
{
    /// <summary>Model MASE / persistence MASE.</summary>
    public double OverPersistence => Scores[0].Mase / Scores.First(s => s.Name == "persistence").Mase;
    /// <summary>Model MASE / the best naive baseline's MASE.</summary>
    public double OverBestNaive => Scores[0].Mase / Scores.Skip(1).Where(s => s.Name != Forecaster.HoltWintersName).Min(s => s.Mase);
    /// <summary>Model MASE / Holt-Winters MASE.</summary>
    public double OverHoltWinters => Scores[0].Mase / Scores.First(s => s.Name == Forecaster.HoltWintersName).Mase;
}

/// <summary>Runs the default <see cref="Forecaster"/> on every CSV of a folder and summarizes (the <c>forecast-suite</c> verb).</summary>
public static class ForecastSuite
{
    /// <summary>Forecasts each file of <paramref name="files"/> with <paramref name="settings"/>.</summary>
    public static IEnumerable<SuiteRow> Run(IEnumerable<string> files, ForecasterSettings settings, Action<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(files);
        foreach (string file in files)
        {
            var series = SeriesCsv.Load(file, new LoadOptions());
            progress?.Invoke($"{series}");
            var report = Forecaster.Run(series, settings, progress is null ? null : line => progress("  " + line));
            yield return new SuiteRow(series.Name, series.Count, report.Selection.Season.Length, report.Model.ToString(), report.Scores, report.Elapsed.TotalSeconds);
        }
    }

    /// <summary>The markdown table: one row per series, then the geometric means and the counts of wins.</summary>
    public static string Table(IReadOnlyList<SuiteRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var c = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.AppendLine("| series | n | m | model RMSE | model MASE | persistence MASE | best naive MASE | Holt-Winters MASE | model / persistence | model / best naive | model / HW | chosen | s |");
        text.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var r in rows)
        {
            var bestNaive = r.Scores.Skip(1).Where(s => s.Name != Forecaster.HoltWintersName).MinBy(s => s.Mase)!;
            text.AppendLine(string.Create(c,
                $"| {r.Name} | {r.Count} | {r.Season} | {r.Scores[0].Rmse:G4} | {r.Scores[0].Mase:F3} | {r.Scores.First(s => s.Name == "persistence").Mase:F3} | {bestNaive.Mase:F3} ({bestNaive.Name}) | {r.Scores.First(s => s.Name == Forecaster.HoltWintersName).Mase:F3} | {r.OverPersistence:F3} | {r.OverBestNaive:F3} | {r.OverHoltWinters:F3} | {r.Model} | {r.Seconds:F1} |"));
        }
        if (rows.Count > 0)
        {
            text.AppendLine(string.Create(c,
                $"| geometric mean | | | | | | | | {ForecastMetrics.GeometricMean(rows.Select(r => r.OverPersistence)):F3} | {ForecastMetrics.GeometricMean(rows.Select(r => r.OverBestNaive)):F3} | {ForecastMetrics.GeometricMean(rows.Select(r => r.OverHoltWinters)):F3} | | {rows.Sum(r => r.Seconds):F0} |"));
            text.AppendLine();
            text.AppendLine(string.Create(c,
                $"Model MASE below persistence's on {rows.Count(r => r.OverPersistence < 1)} of {rows.Count} series, below the best naive baseline's on {rows.Count(r => r.OverBestNaive < 1)}, below Holt-Winters' on {rows.Count(r => r.OverHoltWinters < 1)}; worst model / persistence {rows.Max(r => r.OverPersistence):F3}."));
        }
        return text.ToString();
    }
}
