using Plotly.NET;
using RnnLstm.Forecasting;
using RnnLstm.Tasks;
using RnnLstm.Training;

namespace RnnLstm.Plots;

/// <summary>
/// Charts of the library's own results (training histories, forecasts, gates), built from the general chart builders
/// in <see cref="Charts"/>, so the notebooks and the command-line tool draw them the same way.
/// </summary>
public static class TaskCharts
{
    /// <summary>The series, the model's train and test predictions and the forecast past the end.</summary>
    public static GenericChart Forecast(ForecastResult result, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        var series = result.Series;
        int n = series.Count, horizon = result.Future.Length;
        var train = new Segment(result.Windows.Train.TargetIndices.FirstOrDefault(), result.TrainPredictions);
        var test = new Segment(result.Windows.Test.TargetIndices.FirstOrDefault(), result.TestPredictions);
        var future = horizon > 0 ? new Segment(n, result.Future) : null;
        title ??= $"{series.Name}: {result.Options.Cell} forecast (test RMSE {result.ModelScore.TestRmse:F1})";
        if (series.Dates is { } dates && result.FutureDates is { } futureDates)
            return Charts.Forecast([.. dates, .. futureDates], series.Values, train, test, future, title, series.ValueColumn);
        var x = Enumerable.Range(0, n + horizon).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        return Charts.Forecast(x, series.Values, train, test, future, title, series.ValueColumn);
    }

    /// <summary>The training loss per epoch (log scale).</summary>
    public static GenericChart Loss(TrainingHistory history, string title = "Training loss") =>
        Charts.LossCurves([new NamedSeries("loss", history.Loss)], logY: true, title: title);

    /// <summary>Gradient norm of every parameter per epoch (log scale).</summary>
    public static GenericChart ParameterGradients(TrainingHistory history, string title = "Gradient norm per parameter") =>
        Charts.LossCurves(history.ParameterGradientNorms.Select(p => new NamedSeries(p.Key, p.Value)), logY: true, title: title);

    /// <summary>‖dL/dh_t‖ per time step for every epoch, as a heatmap.</summary>
    public static GenericChart HiddenGradients(TrainingHistory history, string title = "log10 ‖dL/dh_t‖: epoch × time step") =>
        Charts.GradientNormHeatmap(history.HiddenGradientNorms, title);

    /// <summary>Input, forget and output gates and the cell state, unit × time, one heatmap each.</summary>
    public static IReadOnlyList<GenericChart> Gates(GateActivations gates)
    {
        ArgumentNullException.ThrowIfNull(gates);
        var labels = gates.TargetDates?.Select(d => d.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture)).ToArray()
                     ?? gates.TargetIndices.Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        return
        [
            Charts.GateHeatmap(Rows(gates.Input), "input (write) gate i_t", labels),
            Charts.GateHeatmap(Rows(gates.Forget), "forget (keep) gate f_t", labels),
            Charts.GateHeatmap(Rows(gates.Output), "output (read) gate o_t", labels),
            Charts.GateHeatmap(Rows(gates.Cell), "cell state c_t", labels),
        ];
    }

    private static double[][] Rows(double[,] values) =>
        Enumerable.Range(0, values.GetLength(0)).Select(r => Enumerable.Range(0, values.GetLength(1)).Select(c => values[r, c]).ToArray()).ToArray();
}
