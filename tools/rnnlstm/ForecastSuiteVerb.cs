using System.Text.Json;
using System.Text.Json.Serialization;
using RnnLstm.Forecasting;
using RnnLstm.Series;

namespace RnnLstm.Cli;

/// <summary><c>forecast-suite</c>: the default forecast on every CSV of a folder, one row each, and the geometric means.</summary>
public sealed class ForecastSuiteVerb : IVerb
{
    /// <inheritdoc/>
    public string Name => "forecast-suite";

    /// <inheritdoc/>
    public string Summary => "run the default forecast on every CSV of a folder (default data/examples) and compare with the baselines";

    /// <inheritdoc/>
    public string Usage => """
        usage: dotnet run --project tools/rnnlstm -- forecast-suite [DIR] [--seed S] [--json]

        Runs `forecast` with its defaults on every *.csv of DIR (default data/examples), in name order, and prints a
        markdown table: per series the model's test RMSE and MASE, persistence's, the best naive baseline's and
        Holt-Winters' MASE, the ratios model / persistence, model / best naive and model / Holt-Winters, the chosen
        model and the wall time; then the geometric means of the ratios. Progress goes to stderr.

          --seed S    seed of every random choice (default 1)
          --json      print the rows as JSON instead

        Exit codes: 0 done, 1 failed, 2 bad arguments or a bad file in DIR.
        """;

    /// <inheritdoc/>
    public Task<int> RunAsync(IReadOnlyList<string> args)
    {
        var a = new VerbArguments(args, "--json");
        if (a.Positional.Count > 1) throw new UsageException($"unexpected argument '{a.Positional[1]}'.");
        string folder = a.Positional.Count == 1 ? a.Positional[0] : Path.Combine(RepoPaths.FindRoot() ?? Environment.CurrentDirectory, "data", "examples");
        var settings = new ForecasterSettings { Seed = a.Int("--seed", 1) };
        bool json = a.Flag("--json");
        a.EnsureAllUsed();
        if (!Directory.Exists(folder)) throw new UsageException($"no folder '{folder}'.");
        var files = Directory.GetFiles(folder, "*.csv").Order(StringComparer.Ordinal).ToList();
        if (files.Count == 0) throw new UsageException($"no .csv files in '{folder}'.");
        List<SuiteRow> rows;
        try
        {
            rows = ForecastSuite.Run(files, settings, line => Console.Error.WriteLine(line)).ToList();
        }
        catch (SeriesFormatException e)
        {
            Console.Error.WriteLine(e.Message);
            return Task.FromResult(2);
        }
        Console.WriteLine(json
            ? JsonSerializer.Serialize(rows.Select(r => new
            {
                series = r.Name, rows = r.Count, season = r.Season, model = r.Model, seconds = r.Seconds,
                scores = r.Scores.ToDictionary(s => s.Name, s => new { test_rmse = s.Rmse, test_mae = s.Mae, mase = s.Mase, smape = s.Smape }),
                over_persistence = r.OverPersistence, over_best_naive = r.OverBestNaive, over_holt_winters = r.OverHoltWinters,
            }), new JsonSerializerOptions { WriteIndented = true, NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals })
            : ForecastSuite.Table(rows));
        return Task.FromResult(0);
    }
}
