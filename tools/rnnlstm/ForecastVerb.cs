using System.Globalization;
using System.Text;
using System.Text.Json;
using RnnLstm.Cells;
using RnnLstm.Plots;
using RnnLstm.Series;
using RnnLstm.Tasks;

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
    public string Summary => "forecast a univariate CSV series with a recurrent net, beside simple baselines";

    /// <inheritdoc/>
    public string Usage => """
        usage: dotnet run --project tools/rnnlstm -- forecast <csv> [options]

        Loads the series (a date column if there is one, and the only numeric column or --column), trains a recurrent
        net on the first part, scores one-step forecasts on the rest in the series' units beside three baselines
        (persistence, seasonal naive, seasonal naive with drift), and forecasts past the end. Writes forecast.csv and
        forecast.html (a chart that opens offline) into --out. Without options it uses the LSTM notebook's better
        model (look-back of one season as time steps, log scale, seasonal and lag-1 differences, LSTM(4)).

          --column NAME         value column (needed when there are several numeric columns)
          --date-column NAME    date column (default: found by its values)
          --look-back N         past values per prediction
          --cell KIND           lstm, gru, rnn, peephole or coupled (default lstm)
          --hidden H            hidden units (default 4)
          --epochs E            passes over the training windows (default 100)
          --batch-size B        windows per update (default 1)
          --train-fraction F    leading part used for training (default 0.67)
          --horizon K           steps to forecast past the end (default 12)
          --seed S              seed of weights and shuffling (default 1)
          --fill-missing        fill missing values by linear interpolation (and say which)
          --out DIR             output folder (default artifacts/forecast)
          --export-onnx FILE    also write the trained net as an ONNX model: x [T, B, I] windows and y [B, 1], both in
                                the model's transformed, scaled units (README, "Serving a trained model")
          --json                print a JSON summary

        Exit codes: 0 done, 1 failed, 2 bad arguments or bad input file (with a message naming file, line and column).
        """;

    /// <inheritdoc/>
    public Task<int> RunAsync(IReadOnlyList<string> args)
    {
        var a = new VerbArguments(args, "--fill-missing", "--json");
        if (a.Positional.Count != 1) throw new UsageException(a.Positional.Count == 0 ? "give the CSV file to forecast." : $"unexpected argument '{a.Positional[1]}'.");
        var load = new LoadOptions { ValueColumn = a.Text("--column"), DateColumn = a.Text("--date-column"), FillMissing = a.Flag("--fill-missing") };
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
        var better = ForecastOptions.BetterFor(series);
        var options = better with
        {
            LookBack = a.Int("--look-back", better.LookBack, min: 1),
            Cell = a.Choice("--cell", better.Cell, CellNames),
            HiddenSizes = [a.Int("--hidden", better.HiddenSizes[0], min: 1)],
            Epochs = a.Int("--epochs", better.Epochs, min: 1),
            BatchSize = a.Int("--batch-size", better.BatchSize, min: 1),
            TrainFraction = a.Double("--train-fraction", better.TrainFraction, fraction: true),
            Horizon = a.Int("--horizon", better.Horizon, min: 0),
            Seed = a.Int("--seed", better.Seed),
        };
        string outFolder = a.Text("--out") ?? Path.Combine(RepoPaths.FindRoot() ?? Environment.CurrentDirectory, "artifacts", "forecast");
        bool json = a.Flag("--json");
        string? onnx = a.Text(ExportOnnxFlag.Name);
        a.EnsureAllUsed();

        ForecastResult result;
        try
        {
            result = Forecasting.Run(series, options, json ? null : p => { if (p.Epoch % 10 == 0 || p.Epoch == p.Epochs) Console.WriteLine(p); });
        }
        catch (SeriesFormatException e)
        {
            Console.Error.WriteLine(e.Message);
            return Task.FromResult(2);
        }
        ExportOnnxFlag.Save(result.Model, onnx);
        Directory.CreateDirectory(outFolder);
        string csv = Path.Combine(outFolder, "forecast.csv"), html = Path.Combine(outFolder, "forecast.html");
        File.WriteAllText(csv, FutureCsv(result));
        ChartFiles.SaveHtml(TaskCharts.Forecast(result), html);

        if (json) Console.WriteLine(Json(result, csv, html));
        else
        {
            Console.WriteLine();
            Console.WriteLine(series);
            foreach (string note in series.Notes) Console.WriteLine("  note: " + note);
            Console.WriteLine($"model: {options}");
            Console.WriteLine(result);
            Console.WriteLine($"forecast: {csv}\nchart:    {html}");
        }
        return Task.FromResult(0);
    }

    private static string FutureCsv(ForecastResult result)
    {
        var text = new StringBuilder(result.FutureDates is null ? "step,forecast\n" : "date,forecast\n");
        for (int k = 0; k < result.Future.Length; k++)
        {
            string key = result.FutureDates is { } dates ? dates[k].ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : (k + 1).ToString(CultureInfo.InvariantCulture);
            text.Append(CultureInfo.InvariantCulture, $"{key},{result.Future[k]:R}\n");
        }
        return text.ToString();
    }

    private static string Json(ForecastResult result, string csv, string html)
    {
        object Score(string name) => result.Scores.FirstOrDefault(s => s.Name == name) is { } s
            ? new { test_rmse = s.TestRmse, test_mae = s.TestMae, train_rmse = s.TrainRmse, train_mae = s.TrainMae }
            : new { not_computed = result.Notes.FirstOrDefault(n => n.StartsWith(name, StringComparison.Ordinal)) };
        return JsonSerializer.Serialize(new
        {
            file = result.Series.File,
            rows = result.Series.Count,
            value_column = result.Series.ValueColumn,
            date_column = result.Series.DateColumn,
            notes = result.Series.Notes,
            options = result.Options.ToString(),
            train_windows = result.Windows.Train.Count,
            test_windows = result.Windows.Test.Count,
            model = Score("model"),
            persistence = Score(Forecasting.BaselineNames[0]),
            seasonal_naive = Score(Forecasting.BaselineNames[1]),
            seasonal_naive_drift = Score(Forecasting.BaselineNames[2]),
            future = result.Future.Select((v, k) => new
            {
                date = result.FutureDates?[k].ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                value = v,
            }),
            training_time_s = result.TrainingTime.TotalSeconds,
            forecast_csv = csv,
            chart_html = html,
        }, new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }
}
