// The key number of the forecasting work: multi-step MASE of R's ets / auto.arima / thetaf and of the C# ETS and Theta
// on the corpus, at the same training part and origins.
//
//   dotnet run --project bench/reference/ReferenceTable -c Release [-- series1 series2 ...] [--skip-r | --reuse-r]
// (--reuse-r reads the R results of the previous run from bench/reference/results/work instead of running R again)
//
// Per series (data/examples/*.csv, m from the dates): trainCount = floor(0.67 n), origins = Backtest.Origins(trainCount,
// n, 12), 12 steps from each origin; MASE = mean over origins and steps 1..12 of |y - ŷ| / scale, with scale the MAE of
// the seasonal naive forecast on the training part. Every method is fitted once on the training part and forecasts from
// each origin with its parameters fixed (R's thetaf is refitted at each origin). Writes
// bench/reference/results/mase.csv and prints a Markdown table with geometric means.
using System.Diagnostics;
using System.Globalization;
using RnnLstm.Cli;
using RnnLstm.Cli.Reference;
using RnnLstm.Forecasting;
using RnnLstm.Forecasting.Evaluation;
using RnnLstm.Forecasting.Models;
using RnnLstm.Series;

const int Horizon = 12;
var c = CultureInfo.InvariantCulture;
string root = RepoPaths.FindRoot() ?? throw new InvalidOperationException("Run from inside the RnnLstm repository.");
bool skipR = args.Contains("--skip-r"), reuseR = args.Contains("--reuse-r");
string workDir = Path.Combine(root, "bench", "reference", "results", "work");
var only = args.Where(a => !a.StartsWith("--", StringComparison.Ordinal)).ToHashSet();
var files = Directory.GetFiles(Path.Combine(root, "data", "examples"), "*.csv").OrderBy(f => f, StringComparer.Ordinal)
    .Where(f => only.Count == 0 || only.Contains(Path.GetFileNameWithoutExtension(f))).ToArray();

var tasks = new List<ReferenceTask>();
foreach (var file in files)
{
    var series = SeriesCsv.Load(file);
    int n = series.Count, train = (int)Math.Floor(0.67 * n);
    tasks.Add(new ReferenceTask(Path.GetFileNameWithoutExtension(file), series.SeasonLength, series.Values, train,
        Backtest.Origins(train, n, Horizon), Horizon, [80, 95]));
}

ReferenceResult? r = null;
if (reuseR) r = RReference.ReadResults(workDir);
else if (!skipR)
{
    var watch = Stopwatch.StartNew();
    r = RReference.Run(tasks, workDir);
    Console.Error.WriteLine($"R ({r.Versions}) took {watch.Elapsed.TotalSeconds:0} s");
}

IForecastMethod[] ours = [Ets.Auto(), new Theta(), new NaiveMethod(NaiveRule.SeasonalNaive)];
string[] rMethods = ["ets", "arima", "thetaf"];
var columns = rMethods.Select(m => "R " + m).Concat(ours.Select(m => "C# " + m.Name)).ToArray();
var table = new List<(ReferenceTask Task, double[] Mase, string Ours, string Theirs, double Seconds)>();
foreach (var task in tasks)
{
    var y = task.Values;
    int m = task.SeasonLength, lag = m < task.TrainCount ? m : 1;
    double scale = 0;
    for (int t = lag; t < task.TrainCount; t++) scale += Math.Abs(y[t] - y[t - lag]) / (task.TrainCount - lag);
    double Mase(Func<int, double[]> forecast)
    {
        double sum = 0;
        foreach (int o in task.Origins)
        {
            var f = forecast(o);
            for (int h = 0; h < Horizon; h++) sum += Math.Abs(y[o + 1 + h] - f[h]);
        }
        return sum / (task.Origins.Length * Horizon) / scale;
    }
    var row = new List<double>();
    foreach (var method in rMethods)
    {
        var byOrigin = r?.Forecasts.Where(f => f.Id == task.Id && f.Method == method).ToDictionary(f => f.Origin, f => f.Mean);
        row.Add(byOrigin is not null && task.Origins.All(byOrigin.ContainsKey) ? Mase(o => byOrigin[o]) : double.NaN);
    }
    var watch = Stopwatch.StartNew();
    string oursEts = "";
    foreach (var method in ours)
    {
        var fitted = method.Fit(y.AsSpan(0, task.TrainCount), m);
        if (method is Ets) oursEts = fitted.Description;
        row.Add(Mase(o => fitted.Forecast(y.AsSpan(0, o + 1), Horizon)));
    }
    var theirs = r?.Models.FirstOrDefault(x => x.Id == task.Id && x.Method == "ets");
    string theirsEts = theirs is null ? "" : string.Create(c, $"{theirs.Model} (α {theirs.Alpha:0.0000}, β {theirs.Beta:0.0000}, γ {theirs.Gamma:0.0000}, φ {theirs.Phi:0.0000}; AICc {theirs.Aicc:0.##})");
    table.Add((task, [.. row], oursEts, theirsEts, watch.Elapsed.TotalSeconds));
}

static double GeometricMean(IEnumerable<double> values)
{
    var v = values.Where(x => double.IsFinite(x) && x > 0).ToArray();
    return v.Length == 0 ? double.NaN : Math.Exp(v.Average(Math.Log));
}

Console.WriteLine($"| series | n | m | origins | {string.Join(" | ", columns)} |");
Console.WriteLine($"|---|---:|---:|---:|{string.Concat(columns.Select(_ => "---:|"))}");
foreach (var (task, mase, _, _, _) in table)
    Console.WriteLine(string.Create(c, $"| {task.Id} | {task.Values.Length} | {task.SeasonLength} | {task.Origins.Length} | {string.Join(" | ", mase.Select(v => v.ToString("0.000", c)))} |"));
Console.WriteLine(string.Create(c, $"| geometric mean | | | | {string.Join(" | ", Enumerable.Range(0, columns.Length).Select(k => GeometricMean(table.Select(t => t.Mase[k])).ToString("0.000", c)))} |"));
Console.WriteLine();
Console.WriteLine("ETS fitted on the training part, ours then R's:");
foreach (var (task, _, o, t, seconds) in table)
    Console.WriteLine(string.Create(c, $"- {task.Id}: {o} [C# fits and forecasts {seconds:0.0} s] | R: {t}"));

// Intervals: R's bounds, and the C# ETS's normal bounds mean ± z·sqrt(v_h) where its model is class 1 (else left out).
Console.WriteLine();
Console.WriteLine("Intervals over all origins and steps 1..12: coverage of the 80% and 95% intervals, MSIS at 95% (M4's scale: training seasonal naive MAE).");
Console.WriteLine("C# ETS: normal bounds only where the chosen model is class 1 (additive error and season), NaN elsewhere; its means are over those series only.");
Console.WriteLine("| series | R ets 80% | R ets 95% | R ets MSIS | R arima 80% | R arima 95% | R arima MSIS | R thetaf 80% | R thetaf 95% | R thetaf MSIS | C# ETS 80% | C# ETS 95% | C# ETS MSIS |");
Console.WriteLine("|---|" + string.Concat(Enumerable.Repeat("---:|", 12)));
var intervalRows = new List<double[]>();
foreach (var task in tasks)
{
    var y = task.Values;
    int lag = task.SeasonLength < task.TrainCount ? task.SeasonLength : 1;
    var cells = new List<double>();
    double[] Scores(Func<int, (double[] L80, double[] U80, double[] L95, double[] U95)?> bounds)
    {
        var actual = new List<double>();
        var (l80, u80, l95, u95) = (new List<double>(), new List<double>(), new List<double>(), new List<double>());
        foreach (int o in task.Origins)
        {
            if (bounds(o) is not { } b) return [double.NaN, double.NaN, double.NaN];
            actual.AddRange(y.AsSpan(o + 1, Horizon).ToArray());
            l80.AddRange(b.L80); u80.AddRange(b.U80); l95.AddRange(b.L95); u95.AddRange(b.U95);
        }
        return [IntervalScores.Coverage([.. actual], [.. l80], [.. u80]), IntervalScores.Coverage([.. actual], [.. l95], [.. u95]),
            IntervalScores.Msis([.. actual], [.. l95], [.. u95], 0.95, y.AsSpan(0, task.TrainCount), lag)];
    }
    foreach (var method in rMethods)
    {
        var byOrigin = r?.Forecasts.Where(f => f.Id == task.Id && f.Method == method).ToDictionary(f => f.Origin);
        cells.AddRange(Scores(o => byOrigin is not null && byOrigin.TryGetValue(o, out var f)
            ? (f.Lower[Array.IndexOf(f.Levels, 80)], f.Upper[Array.IndexOf(f.Levels, 80)], f.Lower[Array.IndexOf(f.Levels, 95)], f.Upper[Array.IndexOf(f.Levels, 95)])
            : null));
    }
    var ets = Ets.Auto().FitModel(y.AsSpan(0, task.TrainCount), task.SeasonLength);
    var variance = ets.ForecastVariance(Horizon);
    cells.AddRange(Scores(o =>
    {
        if (variance is null) return null;
        var mean = ets.Forecast(y.AsSpan(0, o + 1), Horizon);
        double[] Bound(double z) => [.. mean.Select((f, h) => f + z * Math.Sqrt(variance[h]))];
        return (Bound(-1.2815515655446004), Bound(1.2815515655446004), Bound(-1.959963984540054), Bound(1.959963984540054));
    }));
    intervalRows.Add([.. cells]);
    Console.WriteLine($"| {task.Id} | {string.Join(" | ", cells.Select((v, k) => k % 3 == 2 ? v.ToString("0.00", c) : v.ToString("0.0%", c)))} |");
}
Console.WriteLine($"| mean (MSIS: geometric) | {string.Join(" | ", Enumerable.Range(0, 12).Select(k => k % 3 == 2
    ? GeometricMean(intervalRows.Select(x => x[k])).ToString("0.00", c)
    : intervalRows.Select(x => x[k]).Where(double.IsFinite).DefaultIfEmpty(double.NaN).Average().ToString("0.0%", c)))} |");

string outDir = Path.Combine(root, "bench", "reference", "results");
Directory.CreateDirectory(outDir);
using var csv = new StreamWriter(Path.Combine(outDir, "mase.csv"));
csv.WriteLine($"# {(r?.Versions ?? "R not run")}; trainCount = floor(0.67 n), origins = Backtest.Origins(trainCount, n, 12), MASE over steps 1..12");
csv.WriteLine("series,n,m,origins," + string.Join(",", columns.Select(h => h.Replace(' ', '_'))));
foreach (var (task, mase, _, _, _) in table)
    csv.WriteLine(string.Create(c, $"{task.Id},{task.Values.Length},{task.SeasonLength},{task.Origins.Length},{string.Join(",", mase.Select(v => v.ToString("R", c)))}"));
