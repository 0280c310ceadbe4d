using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using RnnLstm.Forecasting;
using RnnLstm.Series;
using RnnLstm.Tasks;

// Wall time of the jobs the notebooks run, against the targets in the issues, as medians of repeated runs after a
// warm-up run. Usage: dotnet run -c Release --project bench/RnnLstm.TaskBench [-- --repeats N] [--notebooks]
// --notebooks also times each notebook end to end through the CLI (one cold and one warm run).

var culture = CultureInfo.InvariantCulture;
int repeats = args.SkipWhile(a => a != "--repeats").Skip(1).Select(int.Parse).FirstOrDefault(7);
bool notebooks = args.Contains("--notebooks");
string root = FindRoot();
var series = SeriesCsv.Load(Path.Combine(root, "data", "data.csv"));
var rows = new List<(string Job, string Target, Summary Time)>
{
    ("binary addition, classic (16 units, 10,000 updates): training loop", "< 0.5 s",
        Measure(() => BinaryAddition.Train(BinaryAdditionOptions.Classic with { TestBits = [] }).TrainingTime)),
    ("binary addition, classic: training + tests + automaton", "", Measure(() => BinaryAddition.Train(BinaryAdditionOptions.Classic).Elapsed)),
    ("binary addition, 3 units (100,000 updates, with restarts): all", "", Measure(() => BinaryAddition.Train(new BinaryAdditionOptions()).Elapsed)),
    ("airline, Brownlee's setup (100 epochs × 94 windows, batch 1): training", "< 0.1 s",
        Measure(() => WindowForecaster.Run(series, ForecastOptions.Brownlee).TrainingTime)),
    ("airline, better model (LSTM(4), look-back 12, 100 epochs): training", "", Measure(() => WindowForecaster.Run(series, ForecastOptions.Better).TrainingTime)),
    ("airline (144 monthly values), the default forecaster, selection included", "< 10 s",
        Measure(() => Forecaster.Run(series, new ForecasterSettings()).Elapsed, Math.Min(repeats, 3))),
    ("S&P 500 (5,105 trading days), the default forecaster, selection included", "< 60 s",
        Measure(() => Forecaster.Run(SeriesCsv.Load(Path.Combine(root, "data", "examples", "sp500_daily_close.csv")), new ForecasterSettings()).Elapsed, Math.Min(repeats, 3))),
};
if (notebooks)
    foreach (var (name, seconds) in TimeNotebooks(root))
        rows.Add(($"notebook {name}, end to end through the CLI ({seconds.Length} runs: cold, warm)", "< 60 s", new Summary(seconds)));

Console.WriteLine($"{Environment.ProcessorCount} cores, .NET {Environment.Version}; times in seconds, median [min..max] of {repeats} runs after one warm-up");
Console.WriteLine($"{"job",-75} {"median",9} {"min",9} {"max",9}  target");
foreach (var (job, target, t) in rows)
    Console.WriteLine(string.Create(culture, $"{job,-75} {t.Median,9:F4} {t.Min,9:F4} {t.Max,9:F4}  {target}"));

string folder = Path.Combine(root, "artifacts", "bench");
Directory.CreateDirectory(folder);
File.WriteAllLines(Path.Combine(folder, "tasks.csv"),
    rows.Select(r => string.Create(culture, $"\"{r.Job}\",{r.Time.Median:R},{r.Time.Min:R},{r.Time.Max:R},\"{r.Target}\"")).Prepend("job,median_s,min_s,max_s,target"));
Console.WriteLine($"written {Path.Combine(folder, "tasks.csv")}");
return 0;

Summary Measure(Func<TimeSpan> run, int? runs = null)
{
    run(); // warm-up: JIT, first allocations
    return new Summary(Enumerable.Range(0, runs ?? repeats).Select(_ => run().TotalSeconds).ToArray());
}

static IEnumerable<(string Name, double[] Seconds)> TimeNotebooks(string root)
{
    foreach (var notebook in Directory.GetFiles(Path.Combine(root, "notebooks"), "*.ipynb").Order())
    {
        var seconds = new double[2];
        for (int k = 0; k < 2; k++)
        {
            var clock = Stopwatch.StartNew();
            var run = Process.Start(new ProcessStartInfo("dotnet", ["run", "-c", "Release", "--project", "tools/rnnlstm", "--", "notebooks", notebook, "--output", Path.Combine(root, "artifacts", "bench", "notebooks")])
            {
                WorkingDirectory = root, RedirectStandardOutput = true, RedirectStandardError = true,
            })!;
            string output = run.StandardOutput.ReadToEnd();
            run.WaitForExit();
            if (run.ExitCode != 0) throw new InvalidOperationException($"{notebook} failed:\n{output}{run.StandardError.ReadToEnd()}");
            var inNotebook = Regex.Match(output, @"ok in ([\d.]+) s");
            seconds[k] = clock.Elapsed.TotalSeconds;
            Console.WriteLine($"{Path.GetFileName(notebook)} run {k + 1}: {seconds[k]:F1} s in all, {inNotebook.Groups[1].Value} s inside the notebook");
        }
        yield return (Path.GetFileName(notebook), seconds);
    }
}

static string FindRoot()
{
    for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
        if (File.Exists(Path.Combine(dir.FullName, "RnnLstm.Lib.csproj"))) return dir.FullName;
    throw new InvalidOperationException("Run from inside the repository.");
}

/// <summary>Median and range of repeated timings, in seconds.</summary>
sealed record Summary(double[] Seconds)
{
    public double Median => Seconds.Order().ElementAt(Seconds.Length / 2);
    public double Min => Seconds.Min();
    public double Max => Seconds.Max();
}
