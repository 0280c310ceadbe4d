using System.Globalization;
using Plotly.NET;
using RnnLstm.Forecasting;

namespace RnnLstm.Plots;

/// <summary>Charts of a <see cref="ForecastReport"/>, shared by the <c>forecast</c> verb and LSTM.ipynb.</summary>
public static class ForecastCharts
{
    /// <summary>The series, the chosen model's and Holt-Winters' one-step test forecasts, and the model's forecast past the end.</summary>
    public static GenericChart Forecast(ForecastReport report, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(report);
        var series = report.Series;
        int n = series.Count, horizon = report.Future.Length;
        var test = new Segment(report.TestTargets[0], report.TestForecasts[Forecaster.ModelName]);
        var future = horizon > 0 ? new Segment(n, report.Future) : null;
        (string, Segment)[] others = [("Holt-Winters test forecasts", new Segment(report.TestTargets[0], report.TestForecasts[Forecaster.HoltWintersName]))];
        title ??= string.Create(CultureInfo.InvariantCulture, $"{series.Name}: {report.Model} (test MASE {report.ModelScore.Mase:F3})");
        if (series.Dates is { } dates && report.FutureDates is { } futureDates)
            return Charts.Forecast([.. dates, .. futureDates], series.Values, null, test, future, title, series.ValueColumn, others);
        var x = Enumerable.Range(0, n + horizon).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToArray();
        return Charts.Forecast(x, series.Values, null, test, future, title, series.ValueColumn, others);
    }

    /// <summary>The multi-step backtest: MASE of each method at 1..K steps ahead, grouped bars.</summary>
    public static GenericChart Backtest(BacktestResult backtest, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(backtest);
        var steps = Enumerable.Range(1, backtest.Horizon).Select(h => h.ToString(CultureInfo.InvariantCulture)).ToArray();
        return Charts.Bars(steps, backtest.Scores.Select(s => new NamedSeries(s.Name, s.Mase)),
            title ?? $"Backtest: MASE by steps ahead ({backtest.Origins.Length} origins in the test part)", yTitle: "MASE");
    }

    /// <summary>Validation MASE of every candidate, best first.</summary>
    public static GenericChart Candidates(SelectionReport selection, string title = "Validation MASE of each candidate (training part only)")
    {
        ArgumentNullException.ThrowIfNull(selection);
        var sorted = selection.Candidates.OrderBy(c => c.ValidationMase).ToList();
        return Charts.Bars(sorted.Select(c => c.Candidate.ToString()).ToArray(), sorted.Select(c => c.ValidationMase).ToArray(), title, "validation MASE");
    }
}
