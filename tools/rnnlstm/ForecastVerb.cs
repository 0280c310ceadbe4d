using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using RnnLstm.Cells;
using RnnLstm.Forecasting;
using RnnLstm.Plots;
using RnnLstm.Series;

namespace RnnLstm.Cli;

/// <summary><c>forecast</c>: the LSTM notebook's forecaster for any CSV series.</summary>
public sealed class ForecastVerb : IVerb
{
    private static readonly Dictionary<string, CellKind> CellNames = new()
    {
        ["lstm"] = CellKind.Lstm, ["gru"] = CellKind.Gru, ["rnn"] = CellKind.Elman,
        ["peephole"] = CellKind.PeepholeLstm, ["coupled"] = CellKind.CoupledLstm,
    };

    /// <inheritdoc/>
    public string Name => "forecast";

    /// <inheritdoc/>
    public string Summary => "forecast a univariate CSV series: a recurrent net chosen on the training part, beside baselines and Holt-Winters";

    /// <inheritdoc/>
    public string Usage => """
        usage: dotnet run --project tools/rnnlstm -- forecast <csv> [options]

        Loads the series (a date column if there is one, and the only numeric column or --column), splits it into a
        training part and a test part, and chooses a model on the training part alone: the season from its
        autocorrelation, then candidates (log or not; a base forecast: persistence, seasonal naive, seasonal naive
        with drift or Holt-Winters; a recurrent net over 4, one or two seasons of look-back that predicts the
        correction to that base) scored one step ahead on the training part's last 20%. The winner is refitted on the
        training part and scored on every test value beside the baselines (RMSE, MAE, MASE, sMAPE), with a multi-step
        backtest from rolling origins in the test part. Writes forecast.csv and forecast.html (opens offline) into
        --out. Prints one progress line per candidate on stderr.

          --column NAME         value column (needed when there are several numeric columns)
          --date-column NAME    date column (default: found by its values)
          --date-format FORMAT  layout of the dates when the loader cannot tell, e.g. dd/MM/yyyy or M/d/yyyy HH:mm
                                (01/02/2020 could be either; a day above 12 anywhere in the column decides by itself)
          --decimal , or .      decimal mark of the values (default: '.', or read from the data in a ';' or tab file)
          --season N            season length (default: detected); a whole number from 2 to half the training part
          --look-back N         only this look-back (default: 4, one and two seasons)
          --cell KIND           only this cell: lstm, gru, rnn, peephole or coupled (default: LSTM, then GRU tried)
          --hidden H            only this many hidden units (default: 8, then 4 and 16 tried)
          --epochs E            most epochs per net; early stopping on validation (default 100)
          --no-log              never try the log transform
          --train-fraction F    leading part used for training and selection (default 0.67)
          --horizon K           steps to forecast past the end and to backtest (default 12)
          --seed S              seed of every random choice (default 1)
          --fill-missing        fill missing values (and say which): linear interpolation, but a training value
                                is filled from training values only (the last one carried forward at the split)
          --out DIR             output folder (default artifacts/forecast)
          --export-onnx FILE    also write the trained nets as one ONNX model (a seed ensemble's mean): input x
                                [L, B, 2], per step (value - b_t) / s and (value - b_value) / s in model units (log if
                                chosen), b the base forecast, s the scale; output y [B, 1], the forecast being
                                b_t + s·y (then exp if logged). HybridForecaster.NetInput and FromNetOutput do both
                                (README, "Serving a trained model")
          --json                print a JSON summary (scores, MASE, sMAPE, backtest, selection)

        Exit codes: 0 done, 1 failed, 2 bad arguments or bad input file (with a message naming file, line and column).
        """;

    /// <inheritdoc/>
    public Task<int> RunAsync(IReadOnlyList<string> args)
    {
        var a = new VerbArguments(args, "--fill-missing", "--json", "--no-log");
        if (a.Positional.Count != 1) throw new UsageException(a.Positional.Count == 0 ? "give the CSV file to forecast." : $"unexpected argument '{a.Positional[1]}'.");
        var load = new LoadOptions
        {
            ValueColumn = a.Text("--column"), DateColumn = a.Text("--date-column"), DateFormat = a.Text("--date-format"),
            DecimalSeparator = a.Text("--decimal") switch
            {
                null => null,
                "," => ',',
                "." => '.',
                string other => throw new UsageException($"--decimal must be ',' or '.', not '{other}'."),
            },
            FillMissing = a.Flag("--fill-missing"), Audience = MessageAudience.Cli,
        };
        var defaults = new ForecasterSettings();
        string? seasonText = a.Text("--season");
        CellKind? cell = a.Text("--cell") is null ? null : a.Choice("--cell", CellKind.Lstm, CellNames);
        var settings = defaults with
        {
            LookBack = a.Text("--look-back") is null ? null : a.Int("--look-back", 0, min: 1),
            Hidden = a.Text("--hidden") is null ? null : a.Int("--hidden", 0, min: 1),
            Cell = cell,
            MaxEpochs = a.Int("--epochs", defaults.MaxEpochs, min: 1),
            AllowLog = !a.Flag("--no-log"),
            TrainFraction = a.Double("--train-fraction", defaults.TrainFraction, fraction: true),
            Horizon = a.Int("--horizon", defaults.Horizon, min: 0),
            Seed = a.Int("--seed", defaults.Seed),
        };
        string outFolder = a.Text("--out") ?? Path.Combine(RepoPaths.FindRoot() ?? Environment.CurrentDirectory, "artifacts", "forecast");
        bool json = a.Flag("--json");
        string? onnx = a.Text(ExportOnnxFlag.Name);
        a.EnsureAllUsed();

        TimeSeries series;
        try
        {
            series = SeriesCsv.Load(a.Positional[0], load);
        }
        catch (SeriesFormatException e)
        {
            Console.Error.WriteLine(e.Message);
            return Task.FromResult(2);
        }
        if (seasonText is not null)
        {
            var (finding, error) = SeasonDetection.Given(seasonText, series.SeasonLength, (int)Math.Floor(series.Count * settings.TrainFraction));
            if (error is not null) throw new UsageException(error);
            settings = settings with { Season = finding };
        }

        ForecastReport report;
        try
        {
            report = Forecaster.Run(series, settings, line => Console.Error.WriteLine(line));
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine($"{series.File}: {Program.Plain(e)}");
            return Task.FromResult(2);
        }
        ExportOnnxFlag.Save([.. report.Model.Nets.Select(n => n.Model)], onnx);
        Directory.CreateDirectory(outFolder);
        string csv = Path.Combine(outFolder, "forecast.csv"), html = Path.Combine(outFolder, "forecast.html");
        File.WriteAllText(csv, FutureCsv(report));
        ChartFiles.SaveHtml(ForecastCharts.Forecast(report), html);

        if (json) Console.WriteLine(Json(report, csv, html));
        else
        {
            Console.WriteLine();
            Console.WriteLine(series);
            foreach (string note in series.Notes) Console.WriteLine("  note: " + note);
            Console.WriteLine($"season: {report.Selection.Season.Reason}");
            Console.WriteLine($"model:  {report.Model} (chosen on validation MASE {report.Selection.Winner.ValidationMase:F3})");
            Console.WriteLine(report);
            Console.WriteLine($"forecast: {csv}\nchart:    {html}");
        }
        return Task.FromResult(0);
    }

    private static string FutureCsv(ForecastReport report)
    {
        var text = new StringBuilder(report.FutureDates is null ? "step,forecast\n" : "date,forecast\n");
        string format = DateFormat(report.FutureDates);
        for (int k = 0; k < report.Future.Length; k++)
        {
            string key = report.FutureDates is { } dates ? dates[k].ToString(format, CultureInfo.InvariantCulture) : (k + 1).ToString(CultureInfo.InvariantCulture);
            text.Append(CultureInfo.InvariantCulture, $"{key},{report.Future[k]:R}\n");
        }
        return text.ToString();
    }

    /// <summary>How future dates are written: with the time of day when any has one (hourly and minute series).</summary>
    private static string DateFormat(DateTime[]? dates) =>
        dates?.Any(d => d.TimeOfDay != TimeSpan.Zero) == true ? "yyyy-MM-dd HH:mm:ss" : "yyyy-MM-dd";

    /// <summary>The key of a method in the JSON: "model", "persistence", "seasonal_naive", "seasonal_naive_drift", "holt_winters".</summary>
    internal static string Key(string method) => method.Replace("with ", "").Replace(' ', '_').Replace('-', '_').ToLowerInvariant();

    /// <summary>
    /// The JSON summary; <c>elapsed_s</c> and each candidate's <c>seconds</c> are the only timings. A number that is
    /// not finite is written as the string "NaN", "Infinity" or "-Infinity" rather than making the writer throw.
    /// </summary>
    internal static string Json(ForecastReport report, string csv, string html)
    {
        var s = report.Selection;
        var root = new Dictionary<string, object?>
        {
            ["file"] = report.Series.File,
            ["rows"] = report.Series.Count,
            ["value_column"] = report.Series.ValueColumn,
            ["date_column"] = report.Series.DateColumn,
            ["notes"] = report.Series.Notes,
            ["settings"] = report.Settings.ToString(),
            ["train_count"] = report.TrainCount,
            ["test_count"] = report.TestTargets.Length,
            ["model_description"] = report.Model.ToString(),
            ["holt_winters_description"] = report.HoltWinters.ToString(),
        };
        foreach (var score in report.Scores)
            root[Key(score.Name)] = new { test_rmse = score.Rmse, test_mae = score.Mae, mase = score.Mase, smape = score.Smape };
        root["mase"] = report.Scores.ToDictionary(x => Key(x.Name), x => x.Mase);
        root["smape"] = report.Scores.ToDictionary(x => Key(x.Name), x => x.Smape);
        root["mase_scale"] = report.MaseScale;
        root["backtest"] = report.Backtest is { } b ? new
        {
            horizon = b.Horizon,
            origins = b.Origins,
            mae = b.Scores.ToDictionary(x => Key(x.Name), x => x.Mae),
            mase = b.Scores.ToDictionary(x => Key(x.Name), x => x.Mase),
        } : null;
        root["selection"] = new
        {
            season = s.Season.Length,
            season_prior = s.Season.Prior,
            season_reason = s.Season.Reason,
            fit_count = s.FitCount,
            validation_count = s.ValidationCount,
            log_allowed = s.LogAllowed,
            candidates = s.Candidates.Select(c => new
            {
                candidate = c.Candidate.ToString(),
                validation_mae = c.ValidationMae,
                validation_mase = c.ValidationMase,
                epochs = c.Epochs,
                seconds = c.Seconds,
            }),
            winner = s.Winner.Candidate.ToString(),
            ensemble_size = s.EnsembleSize,
            ensemble_validation_mase = s.EnsembleValidationMase,
        };
        string dateFormat = DateFormat(report.FutureDates);
        root["future"] = report.Future.Select((v, k) => new { date = report.FutureDates?[k].ToString(dateFormat, CultureInfo.InvariantCulture), value = v });
        root["elapsed_s"] = report.Elapsed.TotalSeconds;
        root["forecast_csv"] = csv;
        root["chart_html"] = html;
        return JsonSerializer.Serialize(root, new JsonSerializerOptions { WriteIndented = true, NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }
}
