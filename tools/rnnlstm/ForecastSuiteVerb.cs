using System.Globalization;
using System.Text.Json;
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
        usage: dotnet run --project tools/rnnlstm -- forecast-suite [DIR] [--seeds 1,2,3] [--json]

        Runs `forecast` with its defaults on every *.csv of DIR (default data/examples), in name order, once per seed,
        and prints a markdown table: per series and seed the multi-step MASE of the test backtest (averaged over the
        steps 1..H) of the model, of the model without its net, of the best statistical candidate, of Holt-Winters
        and of the best naive rule; the one-step test MASE of the model and of persistence; the coverage and MSIS of
        the model's intervals beside Holt-Winters' coverage; whether the net is used, the model and the wall time.
        Then, per seed, the geometric means and counts. A file that cannot be forecast becomes a row saying why, and
        the suite goes on. Progress goes to stderr.

          --seeds S1,S2,...   seeds to run (default 1)
          --seed S            the same as --seeds S
          --json              print the rows as JSON instead

        Exit codes: 0 done, 1 failed, 2 bad arguments.
        """;

    /// <inheritdoc/>
    public Task<int> RunAsync(IReadOnlyList<string> args)
    {
        var a = new VerbArguments(args, "--json");
        if (a.Positional.Count > 1) throw new UsageException($"unexpected argument '{a.Positional[1]}'.");
        string folder = a.Positional.Count == 1 ? a.Positional[0] : Path.Combine(RepoPaths.FindRoot() ?? Environment.CurrentDirectory, "data", "examples");
        var seeds = Seeds(a.Text("--seeds") ?? a.Text("--seed") ?? "1");
        bool json = a.Flag("--json");
        a.EnsureAllUsed();
        if (!Directory.Exists(folder)) throw new UsageException($"no folder '{folder}'.");
        var files = Directory.GetFiles(folder, "*.csv").Order(StringComparer.Ordinal).ToList();
        if (files.Count == 0) throw new UsageException($"no .csv files in '{folder}'.");
        var rows = ForecastSuite.Run(files, new ForecasterSettings(), seeds, line => Console.Error.WriteLine(line)).ToList();
        Console.WriteLine(json
            ? JsonSerializer.Serialize(new
            {
                rows = rows.Select(r => new
                {
                    series = r.Name, seed = r.Seed, rows = r.Count, season = r.Season, model = r.Model, net_used = r.NetUsed, seconds = r.Seconds, error = r.Error,
                    multi_step_mase = r.MultiStep, one_step_mase = r.OneStep,
                    intervals = r.Intervals.Select(i => new { method = i.Name, level = i.Level, coverage = i.Coverage, msis = i.Msis }),
                }),
                summary = ForecastSuite.Summary(rows),
            }, new JsonSerializerOptions { WriteIndented = true, NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals })
            : ForecastSuite.Table(rows));
        return Task.FromResult(0);
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
