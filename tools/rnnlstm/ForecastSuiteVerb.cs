using System.Globalization;
using System.Text.Json;
using RnnLstm.Cli.Reference;
using RnnLstm.Forecasting;

namespace RnnLstm.Cli;

/// <summary><c>forecast-suite</c>: the default forecast on every CSV of a folder, one row per series and seed, and the geometric means.</summary>
public sealed class ForecastSuiteVerb : IVerb
{
    /// <inheritdoc/>
    public string Name => "forecast-suite";

    /// <inheritdoc/>
    public string Summary => "run the default forecast on every CSV of a folder (default data/examples): multi-step and one-step MASE of every method, interval scores";

    /// <inheritdoc/>
    public string Usage => """
        usage: dotnet run --project tools/rnnlstm -- forecast-suite [DIR] [--seeds 1,2,3] [--no-net] [--choice RULE] [--json]

        Runs `forecast` with its defaults on every *.csv of DIR (default data/examples), in name order, once per seed,
        and prints a markdown table: per series and seed the multi-step MASE of the test backtest (averaged over the
        steps 1..H) of the model, of the model without its net, of the best statistical candidate, of Holt-Winters
        and of the best naive rule; the one-step test MASE of the model and of persistence; the coverage and MSIS of
        the model's intervals beside Holt-Winters' coverage; whether the net is used, the model and the wall time.
        Then, per seed, the geometric means and counts. A file that cannot be forecast becomes a row saying why, and
        the suite goes on. Progress goes to stderr.

          --seeds S1,S2,...   seeds to run (default 1)
          --seed S            the same as --seeds S
          --reference r       also run R's forecast package (bench/reference/forecast.R: ets, auto.arima, thetaf,
                              fitted on the same training part with the date spacing's season, forecasting from
                              the same backtest origins) and print its multi-step MASE and ets's interval scores
                              beside ours, and how often each R method (and the best of the three per series)
                              is above 1.10x the best of our candidates; needs Rscript with r-cran-forecast
          --no-net            statistical methods only (as forecast --no-net)
          --choice RULE       pool or best-three (as forecast --choice), to compare the rules
          --json              print the rows as JSON instead

        Exit codes: 0 done, 1 failed, 2 bad arguments.
        """;

    /// <inheritdoc/>
    public Task<int> RunAsync(IReadOnlyList<string> args)
    {
        var a = new VerbArguments(args, "--json", "--no-net");
        if (a.Positional.Count > 1) throw new UsageException($"unexpected argument '{a.Positional[1]}'.");
        string folder = a.Positional.Count == 1 ? a.Positional[0] : Path.Combine(RepoPaths.FindRoot() ?? Environment.CurrentDirectory, "data", "examples");
        var seeds = Seeds(a.Text("--seeds") ?? a.Text("--seed") ?? "1");
        bool json = a.Flag("--json");
        var defaults = new ForecasterSettings();
        var settings = defaults with { Net = !a.Flag("--no-net"), Choice = a.Choice("--choice", defaults.Choice, ForecastVerb.ChoiceNames) };
        string? referenceName = a.Text("--reference");
        if (referenceName is not null && referenceName != "r") throw new UsageException($"--reference must be 'r' (R's forecast package); got '{referenceName}'.");
        a.EnsureAllUsed();
        if (!Directory.Exists(folder)) throw new UsageException($"no folder '{folder}'.");
        var files = Directory.GetFiles(folder, "*.csv").Order(StringComparer.Ordinal).ToList();
        if (files.Count == 0) throw new UsageException($"no .csv files in '{folder}'.");
        var rows = ForecastSuite.Run(files, settings, seeds, line => Console.Error.WriteLine(line)).ToList();
        var (reference, referenceIntervals) = referenceName is null ? (null, null) : Reference(rows);
        Console.WriteLine(json
            ? JsonSerializer.Serialize(new
            {
                rows = rows.Select(r => new
                {
                    series = r.Name, seed = r.Seed, rows = r.Count, season = r.Season, model = r.Model, net_used = r.NetUsed, seconds = r.Seconds, error = r.Error,
                    multi_step_mase = r.MultiStep, one_step_mase = r.OneStep,
                    intervals = r.Intervals.Select(i => new { method = i.Name, level = i.Level, coverage = i.Coverage, msis = i.Msis }),
                }),
                reference_multi_step_mase = reference,
                reference_intervals = referenceIntervals?.ToDictionary(p => p.Key, p => p.Value.Select(i => new { method = i.Name, level = i.Level, coverage = i.Coverage, msis = i.Msis })),
                summary = ForecastSuite.Summary(rows, reference, referenceIntervals),
            }, new JsonSerializerOptions { WriteIndented = true, NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals })
            : ForecastSuite.Table(rows, reference, referenceIntervals));
        return Task.FromResult(0);
    }

    /// <summary>
    /// R's multi-step MASE per series and method (over our MASE scale, from our backtest origins) and ets's interval
    /// scores, from one run of the R script over the first seed's rows (R does not depend on our seed).
    /// </summary>
    private static (Dictionary<string, IReadOnlyDictionary<string, double>>, Dictionary<string, IReadOnlyList<IntervalScore>>) Reference(List<SuiteRow> rows)
    {
        var setups = rows.Where(r => r.Setup is not null).GroupBy(r => r.Name).Select(g => (g.Key, Setup: g.First().Setup!.Value)).ToList();
        var tasks = setups.Select(s => new ReferenceTask(s.Key, s.Setup.Prior, s.Setup.Values, s.Setup.TrainCount, s.Setup.Origins, s.Setup.Horizon, [80, 95])).ToList();
        string work = Path.Combine(RepoPaths.FindRoot() ?? Environment.CurrentDirectory, "artifacts", "reference");
        Console.Error.WriteLine($"running R's forecast package on {tasks.Count} series in {work} ...");
        ReferenceResult result;
        try
        {
            result = RReference.Run(tasks, work);
        }
        catch (RReferenceException e)
        {
            throw new UsageException("--reference r: " + e.Message);
        }
        Console.Error.WriteLine($"R reference: {result.Versions}");
        var mase = new Dictionary<string, IReadOnlyDictionary<string, double>>();
        var intervals = new Dictionary<string, IReadOnlyList<IntervalScore>>();
        foreach (var (name, setup) in setups)
        {
            var perMethod = new Dictionary<string, double>();
            var scores = new List<IntervalScore>();
            foreach (var method in result.Forecasts.Where(f => f.Id == name).GroupBy(f => f.Method))
            {
                var byOrigin = method.ToDictionary(f => f.Origin);
                if (!setup.Origins.All(byOrigin.ContainsKey)) continue;
                var truth = Backtest.Actual(setup.Values, setup.Origins, setup.Horizon);
                double mae = setup.Origins.Select((o, k) => byOrigin[o].Mean.Zip(truth[k], (f, y) => Math.Abs(f - y)).Average()).Average();
                perMethod[method.Key] = mae / setup.MaseScale;
                if (method.Key != "ets") continue;
                var first = byOrigin[setup.Origins[0]];
                for (int l = 0; l < first.Levels.Length; l++)
                {
                    var bands = setup.Origins.Select(o => new IntervalBand(first.Levels[l], byOrigin[o].Lower[l], byOrigin[o].Upper[l])).ToList();
                    scores.Add(BacktestIntervals.Score("R ets", first.Levels[l], bands, truth, setup.MaseScale));
                }
            }
            mase[name] = perMethod;
            intervals[name] = scores;
        }
        return (mase, intervals);
    }

    private static int[] Seeds(string text)
    {
        var seeds = new List<int>();
        foreach (string part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(part, NumberStyles.Integer, CultureInfo.InvariantCulture, out int seed))
                throw new UsageException($"--seeds must be whole numbers separated by commas, e.g. 1,2,3; '{part}' is not one.");
            seeds.Add(seed);
        }
        return [.. seeds];
    }
}
