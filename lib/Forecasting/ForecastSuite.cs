using System.Globalization;
using System.Text;
using RnnLstm.Series;

namespace RnnLstm.Forecasting;

/// <summary>
/// One series of a suite run at one seed: the multi-step backtest MASE (the headline) and one-step test MASE of every
/// method, the interval scores, the choice, the time; or, when the file could not be forecast, why.
/// </summary>
/// <param name="MultiStep">Backtest MASE averaged over the steps, per method (model first).</param>
/// <param name="OneStep">One-step test MASE per method.</param>
/// <param name="Error">Why the file failed (then everything else is empty).</param>
public sealed record SuiteRow(string Name, int Seed, int Count, int Season, string Model, bool NetUsed, IReadOnlyDictionary<string, double> MultiStep,
    IReadOnlyDictionary<string, double> OneStep, IReadOnlyList<IntervalScore> Intervals, double Seconds, string? Error = null)
{
    /// <summary>The best statistical candidate's backtest MASE (any row that is not the model with or without its net).</summary>
    public double BestStatistical => MultiStep.Where(p => !Forecaster.IsModelRow(p.Key)).Min(p => p.Value);

    /// <summary>What a reference run needs to forecast from the same origins: the values, the split, the backtest origins, the date spacing's season and the MASE scale.</summary>
    public (double[] Values, int TrainCount, int[] Origins, int Horizon, int Prior, double MaseScale)? Setup { get; init; }

    /// <summary>A failed file's row.</summary>
    public static SuiteRow Failed(string name, int seed, string error) =>
        new(name, seed, 0, 0, "", false, new Dictionary<string, double>(), new Dictionary<string, double>(), [], 0, error);
}

/// <summary>Runs the default <see cref="Forecaster"/> on every CSV of a folder and summarizes (the <c>forecast-suite</c> verb).</summary>
public static class ForecastSuite
{
    /// <summary>Forecasts each file at each seed; a file that cannot be loaded or forecast becomes a row saying why.</summary>
    public static IEnumerable<SuiteRow> Run(IEnumerable<string> files, ForecasterSettings settings, IReadOnlyList<int> seeds, Action<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(files);
        foreach (string file in files)
            foreach (int seed in seeds)
            {
                string name = Path.GetFileNameWithoutExtension(file);
                SuiteRow row;
                try
                {
                    var series = SeriesCsv.Load(file, new LoadOptions());
                    name = series.Name;
                    progress?.Invoke($"{series} (seed {seed})");
                    var report = Forecaster.Run(series, settings with { Seed = seed }, progress is null ? null : line => progress("  " + line));
                    row = RowOf(report);
                }
                catch (Exception e) when (e is SeriesFormatException or ArgumentException or InvalidOperationException or ArithmeticException)
                {
                    progress?.Invoke($"{name}: {e.Message}");
                    row = SuiteRow.Failed(name, seed, e.Message);
                }
                yield return row;
            }
    }

    /// <summary>The suite's row of one report.</summary>
    public static SuiteRow RowOf(ForecastReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var multi = report.Backtest?.Scores.ToDictionary(s => s.Name, s => s.MultiStepMase) ?? new Dictionary<string, double>();
        return new SuiteRow(report.Series.Name, report.Settings.Seed, report.Series.Count, report.Selection.Season.Length, report.Model.ToString(),
            report.Model.UseNet, multi, report.Scores.ToDictionary(s => s.Name, s => s.Mase), report.Backtest?.Intervals ?? [], report.Elapsed.TotalSeconds)
        {
            Setup = report.Backtest is { } b ? (report.Series.Values, report.TrainCount, b.Origins, b.Horizon, Math.Max(1, report.Selection.Season.Prior), report.MaseScale) : null,
        };
    }

    /// <summary>
    /// The markdown table: per series and seed the model's multi-step MASE, without the net, the best statistical
    /// candidate's, Holt-Winters', the best naive rule's, the model's one-step MASE against persistence's, the 80%/95%
    /// coverage (first two levels), then the geometric means and the counts the targets are about.
    /// </summary>
    /// <param name="reference">Optional per series name: R's multi-step MASE by method (e.g. "ets"), shown beside ours.</param>
    public static string Table(IReadOnlyList<SuiteRow> rows, IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>>? reference = null,
        IReadOnlyDictionary<string, IReadOnlyList<IntervalScore>>? referenceIntervals = null)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var c = CultureInfo.InvariantCulture;
        var refMethods = reference?.Values.SelectMany(d => d.Keys).Distinct().Order().ToList() ?? [];
        var text = new StringBuilder();
        var levels = rows.SelectMany(r => r.Intervals.Select(i => i.Level)).Distinct().ToList();
        text.Append("| series | seed | n | m | model H-step MASE | without net | unused net | best statistical | Holt-Winters | best naive | model 1-step | persistence 1-step |");
        foreach (var l in levels) text.Append(c, $" cover {l}% | MSIS {l}% | HW cover {l}% |");
        foreach (var r in refMethods) text.Append($" R {r} |");
        text.AppendLine(" net | chosen | s |");
        text.AppendLine("|" + string.Concat(Enumerable.Repeat("---|", 15 + 3 * levels.Count + refMethods.Count)));
        foreach (var r in rows)
        {
            if (r.Error is not null)
            {
                text.AppendLine($"| {r.Name} | {r.Seed} | failed: {r.Error.Replace('|', '/').ReplaceLineEndings(" ")} |");
                continue;
            }
            string Multi(string key) => r.MultiStep.TryGetValue(key, out double v) ? v.ToString("F3", c) : "";
            string bestNaive = r.MultiStep.Where(p => Forecaster.NaiveNames.Contains(p.Key)).OrderBy(p => p.Value).Select(p => $"{p.Value.ToString("F3", c)} ({p.Key})").FirstOrDefault() ?? "";
            text.Append(c, $"| {r.Name} | {r.Seed} | {r.Count} | {r.Season} | {Multi(Forecaster.ModelName)} | {Multi(Forecaster.WithoutNetName)} | {Multi(Forecaster.UnusedNetName)} | {(r.MultiStep.Count > 0 ? r.BestStatistical.ToString("F3", c) : "")} | {Multi(Forecaster.HoltWintersName)} | {bestNaive} | {r.OneStep[Forecaster.ModelName]:F3} | {r.OneStep["persistence"]:F3} |");
            foreach (var l in levels)
            {
                var ours = r.Intervals.FirstOrDefault(i => i.Level == l && i.Name == Forecaster.ModelName);
                var hw = r.Intervals.FirstOrDefault(i => i.Level == l && i.Name == Forecaster.HoltWintersName);
                text.Append(c, $" {ours?.Coverage:F1} | {ours?.Msis:F2} | {hw?.Coverage:F1} |");
            }
            foreach (var m in refMethods)
                text.Append(c, $" {(reference!.TryGetValue(r.Name, out var d) && d.TryGetValue(m, out double v) ? v.ToString("F3", c) : "")} |");
            text.AppendLine(c, $" {(r.NetUsed ? "used" : "no")} | {r.Model} | {r.Seconds:F1} |");
        }
        text.AppendLine();
        text.Append(Summary(rows, reference, referenceIntervals));
        return text.ToString();
    }

    /// <summary>
    /// The model against each reference method (R's, run from the same origins): the geometric mean of the ratio and the
    /// series where the model is more than 1.10x the reference. Then the same bar the model is held to, "more than 1.10x
    /// the best of the series' statistical candidates", applied to each reference method, and to the best of the
    /// reference methods picked per series on the test part: what the bar asks of a forecaster that chooses before it
    /// sees the test part, measured on the forecasting world's standard.
    /// </summary>
    public static string ReferenceSummary(IReadOnlyList<SuiteRow> rows, IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>> reference)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(reference);
        var c = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        double Model(SuiteRow r) => r.MultiStep[Forecaster.ModelName];
        bool Above(double v, SuiteRow r) => v > 1.10 * r.BestStatistical;
        foreach (var method in reference.Values.SelectMany(d => d.Keys).Distinct().Order())
        {
            var pairs = rows.Where(r => reference.TryGetValue(r.Name, out var d) && d.TryGetValue(method, out double v) && v > 0).ToList();
            if (pairs.Count == 0) continue;
            double Ref(SuiteRow r) => reference[r.Name][method];
            text.Append(c, $"Model / R {method} (geometric mean over {pairs.Count} series): {ForecastMetrics.GeometricMean(pairs.Select(r => Model(r) / Ref(r))):F3}, above 1.10 on {pairs.Count(r => Model(r) > 1.10 * Ref(r))}; ");
            text.Append(c, $"R {method} itself above 1.10x the best statistical candidate on {pairs.Count(r => Above(Ref(r), r))} of them (the model on {pairs.Count(r => Above(Model(r), r))}). ");
        }
        var all = rows.Where(r => reference.TryGetValue(r.Name, out var d) && d.Values.Any(v => v > 0)).ToList();
        if (all.Count > 0)
            text.Append(c, $"The best R method per series, picked on the test part: above 1.10x the best statistical candidate on {all.Count(r => Above(reference[r.Name].Values.Where(v => v > 0).Min(), r))} of {all.Count}. ");
        return text.ToString();
    }

    /// <summary>Per seed: geometric means and the counts the targets are about.</summary>
    public static string Summary(IReadOnlyList<SuiteRow> rows, IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>>? reference = null,
        IReadOnlyDictionary<string, IReadOnlyList<IntervalScore>>? referenceIntervals = null)
    {
        var c = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        foreach (var group in rows.GroupBy(r => r.Seed))
        {
            var ok = group.Where(r => r.Error is null && r.MultiStep.ContainsKey(Forecaster.ModelName)).ToList();
            int failed = group.Count(r => r.Error is not null);
            if (ok.Count == 0) { text.AppendLine($"seed {group.Key}: no series forecast ({failed} failed)."); continue; }
            double G(Func<SuiteRow, double> f) => ForecastMetrics.GeometricMean(ok.Select(f).Where(v => v > 0 && double.IsFinite(v)));
            double model = G(r => r.MultiStep[Forecaster.ModelName]);
            text.Append(c, $"seed {group.Key}: {ok.Count} series ({failed} failed). Geometric mean of the H-step MASE: model {model:F3}, ");
            if (ok.All(r => r.MultiStep.ContainsKey(Forecaster.WithoutNetName))) text.Append(c, $"without the net {G(r => r.MultiStep[Forecaster.WithoutNetName]):F3}, ");
            text.Append(c, $"Holt-Winters {G(r => r.MultiStep[Forecaster.HoltWintersName]):F3}, best statistical candidate per series {G(r => r.BestStatistical):F3}; ");
            text.Append(c, $"model / best statistical {G(r => r.MultiStep[Forecaster.ModelName] / r.BestStatistical):F3}, worst {ok.Max(r => r.MultiStep[Forecaster.ModelName] / r.BestStatistical):F3}, above 1.10 on {ok.Count(r => r.MultiStep[Forecaster.ModelName] > 1.10 * r.BestStatistical)}. ");
            text.Append(c, $"One step: model below persistence on {ok.Count(r => r.OneStep[Forecaster.ModelName] < r.OneStep["persistence"])} of {ok.Count}. Net used on {ok.Count(r => r.NetUsed)}. ");
            foreach (var level in ok.SelectMany(r => r.Intervals.Select(i => i.Level)).Distinct())
            {
                var cover = ok.Select(r => r.Intervals.FirstOrDefault(i => i.Level == level && i.Name == Forecaster.ModelName)).Where(i => i is not null).ToList();
                var hw = ok.Select(r => r.Intervals.FirstOrDefault(i => i.Level == level && i.Name == Forecaster.HoltWintersName)).Where(i => i is not null).ToList();
                if (cover.Count == 0) continue;
                text.Append(c, $"{level}% intervals: mean coverage {cover.Average(i => i!.Coverage):F1}% (lowest {cover.Min(i => i!.Coverage):F1}%), mean MSIS {cover.Average(i => i!.Msis):F2} against Holt-Winters' {(hw.Count > 0 ? hw.Average(i => i!.Msis) : double.NaN):F2} (coverage {(hw.Count > 0 ? hw.Average(i => i!.Coverage) : double.NaN):F1}%). ");
            }
            if (reference is not null) text.Append(ReferenceSummary(ok, reference));
            if (referenceIntervals is not null)
                foreach (var group2 in ok.Where(r => referenceIntervals.ContainsKey(r.Name)).SelectMany(r => referenceIntervals[r.Name]).GroupBy(i => (i.Name, i.Level)))
                    text.Append(c, $"{group2.Key.Name} {group2.Key.Level}% intervals: mean coverage {group2.Average(i => i.Coverage):F1}% (lowest {group2.Min(i => i.Coverage):F1}%), mean MSIS {group2.Average(i => i.Msis):F2}. ");
            text.AppendLine();
        }
        return text.ToString();
    }
}
