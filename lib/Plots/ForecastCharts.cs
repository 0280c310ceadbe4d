using System.Globalization;
using Plotly.NET;
using RnnLstm.Forecasting;
using CSharpChart = Plotly.NET.CSharp.Chart;

namespace RnnLstm.Plots;

/// <summary>Charts of a <see cref="ForecastReport"/>, shared by the <c>forecast</c> verb and LSTM.ipynb.</summary>
public static class ForecastCharts
{
    /// <summary>
    /// The series, the model's and Holt-Winters' one-step test forecasts, and the model's forecast past the end with
    /// its prediction intervals as shaded bands (widest first).
    /// </summary>
    public static GenericChart Forecast(ForecastReport report, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(report);
        var series = report.Series;
        int n = series.Count, horizon = report.Future.Length;
        var labels = Labels(report);
        var test = new Segment(report.TestTargets[0], report.TestForecasts[Forecaster.ModelName]);
        var future = horizon > 0 ? new Segment(n, report.Future) : null;
        (string, Segment)[] others = [("Holt-Winters test forecasts", new Segment(report.TestTargets[0], report.TestForecasts[Forecaster.HoltWintersName]))];
        title ??= string.Create(CultureInfo.InvariantCulture, $"{series.Name}: {report.Model} (test MASE {report.ModelScore.Mase:F3})");
        var lines = Charts.Forecast(labels, series.Values, null, test, future, title, series.ValueColumn, others);
        if (horizon == 0) return lines;
        return CSharpChart.Combine([.. Bands(labels.Skip(n).ToArray(), report.Forecast), lines]);
    }

    /// <summary>
    /// One backtest origin of the test part (default: the last): the actual values, the model's H-step path with its
    /// bands and the best statistical candidate's path (the multi-step view: is the model still right H steps out?).
    /// </summary>
    public static GenericChart MultiStep(ForecastReport report, int originIndex = -1, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(report);
        var backtest = report.Backtest ?? throw new ArgumentException("The report has no backtest (the test part is shorter than the horizon).", nameof(report));
        int k = originIndex < 0 ? backtest.Origins.Length - 1 : originIndex;
        int origin = backtest.Origins[k], H = backtest.Horizon;
        var labels = Labels(report);
        var model = backtest.Score(Forecaster.ModelName)!;
        var best = BestStatistical(report);
        int from = Math.Max(0, origin - 3 * H);
        var x = labels.Skip(from).Take(origin + 1 + H - from).ToArray();
        var xPath = labels.Skip(origin + 1).Take(H).ToArray();
        var intervals = report.Intervals;
        var bands = intervals.Around(Array.ConvertAll(model.Paths[k], v => v / report.InternalScale), report.Settings.Levels).Scaled(report.InternalScale);
        var traces = new List<GenericChart>(Bands(xPath, bands))
        {
            CSharpChart.Line<string, double, string>(x: x, y: report.Series.Values.Skip(from).Take(x.Length), Name: "actual"),
            CSharpChart.Line<string, double, string>(x: xPath, y: model.Paths[k], Name: $"model ({model.Name})"),
            CSharpChart.Line<string, double, string>(x: xPath, y: best.Paths[k], Name: $"best statistical: {best.Name}"),
        };
        title ??= $"{report.Series.Name}: {H} steps from {labels[origin]} (a test origin), model against {best.Name}";
        return Plotly.NET.Chart.withTitle(title, Microsoft.FSharp.Core.FSharpOption<Font>.None).Invoke(CSharpChart.Combine(traces));
    }

    /// <summary>The statistical candidate with the lowest backtest multi-step MASE (not the model, not the model without its net).</summary>
    public static BacktestScore BestStatistical(ForecastReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return report.Backtest!.Scores.Where(s => !Forecaster.IsModelRow(s.Name)).MinBy(s => s.MultiStepMase)!;
    }

    /// <summary>The multi-step backtest: MASE of each method at 1..K steps ahead, grouped bars.</summary>
    public static GenericChart Backtest(BacktestResult backtest, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(backtest);
        var steps = Enumerable.Range(1, backtest.Horizon).Select(h => h.ToString(CultureInfo.InvariantCulture)).ToArray();
        return Charts.Bars(steps, backtest.Scores.Select(s => new NamedSeries(s.Name, s.Mase)),
            title ?? $"Backtest: MASE by steps ahead ({backtest.Origins.Length} origins in the test part)", yTitle: "MASE");
    }

    /// <summary>Cross-validated multi-step MASE of every candidate, best first.</summary>
    public static GenericChart Candidates(SelectionReport selection, string title = "Cross-validated MASE over 1..H steps of each candidate (training part only)")
    {
        ArgumentNullException.ThrowIfNull(selection);
        var scores = selection.Candidates.Concat(selection.Net is { } net ? [net.Cv] : []).Where(c => double.IsFinite(c.MultiStepMase)).OrderBy(c => c.MultiStepMase).ToList();
        return Charts.Bars(scores.Select(c => c.Name).ToArray(), scores.Select(c => c.MultiStepMase).ToArray(), title, "CV MASE");
    }

    private static string[] Labels(ForecastReport report)
    {
        var series = report.Series;
        int n = series.Count, horizon = report.Future.Length;
        if (series.Dates is { } dates && (horizon == 0 || report.FutureDates is not null))
            return [.. dates.Concat(report.FutureDates ?? []).Select(d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))];
        return Enumerable.Range(0, n + horizon).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToArray();
    }

    private static IEnumerable<GenericChart> Bands(string[] x, IntervalForecast forecast) =>
        forecast.Bands.OrderByDescending(b => b.Level).Select((band, k) => CSharpChart.Range<string, double, string>(
            x: x, y: forecast.Mean, upper: band.Upper, lower: band.Lower, mode: StyleParam.Mode.Lines,
            Name: $"{band.Name}% interval", RangeColor: Color.fromString(k == 0 ? "rgba(99,110,250,0.15)" : "rgba(99,110,250,0.30)"),
            LineColor: Color.fromString("rgba(99,110,250,0.0)")));
}
