using System.Globalization;
using System.Net;
using System.Numerics.Tensors;
using RnnLstm.Models;
using RnnLstm.Tasks;
using RnnLstm.Training;

namespace RnnLstm.Notebook;

/// <summary>
/// How the library's own objects look in a notebook: a short summary line and a table, instead of a type name or a
/// dump of every property.
/// </summary>
internal static class LibraryFormatters
{
    /// <summary>Registers an HTML formatter for each library type a notebook cell is likely to end with.</summary>
    public static void Register(Action<Type, Func<object, string>> register)
    {
        register(typeof(SequenceModel<float>), m => Model((SequenceModel<float>)m));
        register(typeof(SequenceModel<double>), m => Model((SequenceModel<double>)m));
        register(typeof(TrainingHistory), h => History((TrainingHistory)h));
        register(typeof(ForecastResult), r => Forecast((ForecastResult)r));
        register(typeof(BinaryAdditionResult), r => Summary(r.ToString()!));
        register(typeof(AutomatonAnalysis), a => Automaton((AutomatonAnalysis)a));
    }

    private static string Model<T>(SequenceModel<T> model) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T> =>
        Summary(model.ToString()) + Tables.ToHtml(["parameter", "shape", "values", "‖θ‖", "‖dL/dθ‖ (last backward pass)"],
            model.Parameters.Parameters.Select(p => (IReadOnlyList<object?>)
            [
                p.Name, p.Cols == 1 ? $"[{p.Rows}]" : $"[{p.Rows}×{p.Cols}]", p.Length,
                Number(double.CreateChecked(TensorPrimitives.Norm<T>(p.Value))), Number(double.CreateChecked(TensorPrimitives.Norm<T>(p.Grad))),
            ]), maxRows: 50);

    private static string History(TrainingHistory history) =>
        Summary(history.ToString()) + Tables.ToHtml(["epoch", "loss", "‖g‖", "‖dL/dh_t‖, first step", "‖dL/dh_t‖, last step"],
            EpochsToShow(history.Epochs).Select(e => (IReadOnlyList<object?>)
            [
                e + 1, Number(history.Loss[e]), Number(history.GradientNorm[e]),
                Number(history.HiddenGradientNorms[e].FirstOrDefault()), Number(history.HiddenGradientNorms[e].LastOrDefault()),
            ]));

    private static string Forecast(ForecastResult result) =>
        Summary($"{result.Series.Name}: {result.Options}") + Tables.ToHtml(["forecaster", "test RMSE", "test MAE", "train RMSE"],
            result.Scores.Select(s => (IReadOnlyList<object?>)[s.Name, Number(s.TestRmse), Number(s.TestMae), s.TrainRmse is double r ? Number(r) : ""]));

    /// <summary>Up to 8 automaton states: the whole cluster × state table; more: each cluster's majority state.</summary>
    private static string Automaton(AutomatonAnalysis analysis) =>
        Summary($"purity {analysis.Purity:F3} of {analysis.ClusterCount} clusters against {analysis.K} automaton states, spread {analysis.Spread:F3}, saturation {analysis.Saturation:F3}, {analysis.Labels.Length} hidden states of {analysis.Hidden} units")
        + (analysis.K <= 8
            ? Tables.ToHtml(["cluster", .. analysis.StateNames],
                analysis.NonEmptyClusters().Select(c => (IReadOnlyList<object?>)[c, .. Enumerable.Range(0, analysis.K).Select(s => (object?)analysis.Table[c, s])]))
            : Tables.ToHtml(["cluster", "states in it", "most are in", "how many"],
                analysis.NonEmptyClusters().Select(c => (c, m: analysis.MajorityOf(c))).Select(p => (IReadOnlyList<object?>)[p.c, p.m.Size, analysis.StateNames[p.m.State], p.m.Count])));

    /// <summary>The first five epochs, every tenth in between, and the last five.</summary>
    private static IEnumerable<int> EpochsToShow(int epochs) =>
        Enumerable.Range(0, epochs).Where(e => e < 5 || e >= epochs - 5 || (e + 1) % Math.Max(1, epochs / 10) == 0);

    private static string Summary(string text) => $"<div><b>{WebUtility.HtmlEncode(text)}</b></div>";

    private static string Number(double value) => value.ToString("G4", CultureInfo.InvariantCulture);
}
