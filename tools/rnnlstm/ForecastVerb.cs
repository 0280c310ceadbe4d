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
    /// <summary>The names of <see cref="ChoiceRule"/> on the command line (forecast and forecast-suite).</summary>
    internal static readonly Dictionary<string, ChoiceRule> ChoiceNames = new() { ["pool"] = ChoiceRule.Pool, ["best-three"] = ChoiceRule.BestThree };

    private static readonly Dictionary<string, CellKind> CellNames = new()
    {
        ["lstm"] = CellKind.Lstm, ["gru"] = CellKind.Gru, ["rnn"] = CellKind.Elman,
        ["peephole"] = CellKind.PeepholeLstm, ["coupled"] = CellKind.CoupledLstm,
    };

    /// <inheritdoc/>
    public string Name => "forecast";

    /// <inheritdoc/>
    public string Summary => "forecast a univariate CSV series H steps ahead with intervals: statistical methods and a direct net chosen by cross-validation on the training part";

    /// <inheritdoc/>
    public string Usage => """
        usage: dotnet run --project tools/rnnlstm -- forecast <csv> [options]

        Loads the series (a date column if there is one, and the only numeric column or --column), splits it into a
        training part and a test part, and chooses a model on the training part alone: the season from its
        autocorrelation (both seasons tried when the test is unsure), then every statistical candidate (the naive
        rules, Holt-Winters on the values and on their log, automatic ETS and ARIMA chosen by AICc, Theta) scored
        by cross-validation: rolling origins in the last quarter of the training part (the last half when no
        candidate is seasonal), each forecasting 1..H steps, scored by MASE averaged over the steps; the model's
        statistical part is the mean of the best three, unless one alone is clearly better (--choice). A recurrent
        net that corrects the chosen statistical forecast's whole H-step path from one window is trained on the fit
        part and used only when it beats that forecast clearly in cross-validation. Prediction intervals come from
        the chosen model's cross-validation errors at the origins in the last quarter. The model is refitted on the
        training part and scored on the test part: one step ahead on every test value, and a multi-step backtest
        from rolling origins (MASE per step, interval coverage and MSIS). Writes forecast.csv (the forecast and its
        bounds) and forecast.html (opens offline) into --out. Progress goes to stderr.

          --column NAME         value column (needed when there are several numeric columns)
          --date-column NAME    date column (default: found by its values)
          --date-format FORMAT  layout of the dates when the loader cannot tell, e.g. dd/MM/yyyy or M/d/yyyy HH:mm
                                (01/02/2020 could be either; a day above 12 anywhere in the column decides by itself)
          --decimal , or .      decimal mark of the values (default: '.', or read from the data in a ';' or tab file)
          --season N            season length (default: detected); a whole number from 2 to half the training part
          --horizon H           steps to forecast past the end, to cross-validate and to backtest (default 12)
          --levels L1,L2        prediction interval levels in percent (default 80,95)
          --look-back N         the net's look-back (default: max(season, 12), at most 60)
          --cell KIND           the net's cell: lstm, gru, rnn, peephole or coupled (default lstm)
          --hidden H            the net's hidden units (default 8)
          --epochs E            most epochs per net; early stopping on the fit part's last windows (default 100)
          --no-net              no net: statistical methods only
          --choice RULE         how the statistical part is made from the candidates' CV scores: pool (the mean
                                of up to three distinct candidates within 20% of the best one's CV MASE) or
                                best-three (the mean of the best three, as before pooling)
          --no-log              never try the log transform
          --train-fraction F    leading part used for training and selection (default 0.67)
          --seed S              seed of every random choice (default 1)
          --fill-missing        fill missing values (and say which): in the training part linear interpolation
                                from training values only (the last one carried forward at the split); in the
                                test part the last known value carried forward, so no forecast reads a later value
          --out DIR             output folder (default artifacts/forecast)
          --export-onnx FILE    also write the trained nets as one ONNX model (a seed ensemble's mean): input x
                                [L, B, 1], (value - p_1) / s per step with p the statistical path and s the scale,
                                on the series divided by the training part's mean |y|; output y [B, H], the forecast
                                being p_h + s·y_h. HybridForecaster.NetInput and FromNetOutput do both (README,
                                "Serving a trained model")
          --json                print a JSON summary (scores, backtest, intervals, selection, the forecast per step)

        Exit codes: 0 done, 1 failed, 2 bad arguments or bad input file (with a message naming file, line and column).
        """;

    /// <inheritdoc/>
    public Task<int> RunAsync(IReadOnlyList<string> args)
    {
        var a = new VerbArguments(args, "--fill-missing", "--json", "--no-log", "--no-net");
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
            Net = !a.Flag("--no-net"),
            Choice = a.Choice("--choice", defaults.Choice, ChoiceNames),
            TrainFraction = a.Double("--train-fraction", defaults.TrainFraction, fraction: true),
            Horizon = a.Int("--horizon", defaults.Horizon, min: 0),
            Seed = a.Int("--seed", defaults.Seed),
        };
        if (a.Text("--levels") is string levels)
        {
            try { settings = settings with { Levels = PredictionIntervals.ParseLevels(levels) }; }
            catch (FormatException e) { throw new UsageException("--levels: " + e.Message); }
        }
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
        if (onnx is not null && report.Model.Nets.Count == 0) throw new UsageException($"{ExportOnnxFlag.Name}: no net was trained (the training part is too short, or --no-net), so there is nothing to export.");
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
            Console.WriteLine($"cross-validation: {report.Selection.Plan.Origins.Length} origins in the training part, each forecasting 1..{report.Selection.Plan.Horizon} steps, fitted on the first {report.Selection.FitCount} values");
            Console.WriteLine(report.Selection);
            Console.WriteLine($"model:  {report.Model}");
            if (report.MaseScaleNote is { } scaleNote) Console.WriteLine($"MASE:   {scaleNote}");
            Console.WriteLine("one step ahead on every test value:");
            Console.WriteLine(report);
            if (report.Backtest is { } b)
            {
                Console.WriteLine($"backtest: {b.Origins.Length} origins in the test part, MASE averaged over 1..{b.Horizon} steps:");
                foreach (var score in b.Scores) Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {score.Name,-40} {score.MultiStepMase,7:F3}"));
                foreach (var i in b.Intervals) Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {i.Name} {i.Level}% intervals: coverage {i.Coverage:F1}%, MSIS {i.Msis:F2}"));
            }
            Console.WriteLine($"forecast: {csv}\nchart:    {html}");
        }
        return Task.FromResult(0);
    }

    /// <summary>forecast.csv: per step the date (or step), the forecast, and per level its lower and upper bound (lower_80, upper_80, ...).</summary>
    internal static string FutureCsv(ForecastReport report)
    {
        var f = report.Forecast;
        var text = new StringBuilder(report.FutureDates is null ? "step,forecast" : "date,forecast");
        foreach (var band in f.Bands) text.Append(CultureInfo.InvariantCulture, $",lower_{band.Name},upper_{band.Name}");
        text.Append('\n');
        string format = DateFormat(report.FutureDates);
        for (int k = 0; k < f.Horizon; k++)
        {
            string key = report.FutureDates is { } dates ? dates[k].ToString(format, CultureInfo.InvariantCulture) : (k + 1).ToString(CultureInfo.InvariantCulture);
            text.Append(CultureInfo.InvariantCulture, $"{key},{f.Mean[k]:R}");
            foreach (var band in f.Bands) text.Append(CultureInfo.InvariantCulture, $",{band.Lower[k]:R},{band.Upper[k]:R}");
            text.Append('\n');
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
        root["mase_scale_note"] = report.MaseScaleNote;
        root["internal_scale"] = report.InternalScale;
        root["backtest"] = report.Backtest is { } b ? new
        {
            horizon = b.Horizon,
            origins = b.Origins,
            multi_step_mase = b.Scores.ToDictionary(x => Key(x.Name), x => x.MultiStepMase),
            mae = b.Scores.ToDictionary(x => Key(x.Name), x => x.Mae),
            mase = b.Scores.ToDictionary(x => Key(x.Name), x => x.Mase),
            intervals = b.Intervals.Select(i => new { method = Key(i.Name), level = i.Level, coverage = i.Coverage, msis = i.Msis }),
        } : null;
        var net = s.Net;
        root["selection"] = new
        {
            season = s.Season.Length,
            season_prior = s.Season.Prior,
            season_alternative = s.Season.Alternative,
            season_reason = s.Season.Reason,
            fit_count = s.FitCount,
            cv_origins = s.Plan.Origins,
            cv_horizon = s.Plan.Horizon,
            log_allowed = s.LogAllowed,
            candidates = s.Candidates.Select(c => new { candidate = c.Name, cv_mase = c.MultiStepMase, cv_mase_per_step = c.MasePerStep, cv_one_step_mase = c.OneStepMase }),
            statistical = s.Statistical.Name,
            statistical_reason = s.StatisticalReason,
            net = net is null ? null : new
            {
                shape = net.Shape.ToString(), training_windows = net.TrainingOrigins, epochs = net.Epochs, cv_mase = net.Cv.MultiStepMase,
                cv_mase_without = s.Statistical.MultiStepMase, paired_t = net.TStatistic, used = net.Used, reason = net.Reason,
            },
        };
        string dateFormat = DateFormat(report.FutureDates);
        root["future"] = report.Future.Select((v, k) => new Dictionary<string, object?>
        {
            ["date"] = report.FutureDates?[k].ToString(dateFormat, CultureInfo.InvariantCulture),
            ["value"] = v,
            ["intervals"] = report.Forecast.Bands.ToDictionary(band => band.Name, band => new { lower = band.Lower[k], upper = band.Upper[k] }),
        });
        root["elapsed_s"] = report.Elapsed.TotalSeconds;
        root["forecast_csv"] = csv;
        root["chart_html"] = html;
        return JsonSerializer.Serialize(root, new JsonSerializerOptions { WriteIndented = true, NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }
}
