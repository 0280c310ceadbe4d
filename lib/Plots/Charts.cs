using Microsoft.FSharp.Core;
using Plotly.NET;
using Plotly.NET.LayoutObjects;
using CSharpChart = Plotly.NET.CSharp.Chart;

namespace RnnLstm.Plots;

/// <summary>
/// The charts the notebooks share, built from plain numbers (arrays, lists, labels) so that this file knows nothing
/// of models or trainers, and a notebook cell that draws a chart stays one line long.
/// </summary>
/// <remarks>
/// Every builder returns a Plotly.NET <see cref="GenericChart"/>: in a notebook it displays inline (after
/// <c>RnnLstm.Notebook.NotebookSetup.Init()</c>), elsewhere <see cref="ChartFiles.SaveHtml"/> writes it to a file that
/// renders offline. Arguments are checked up front; a mismatch names the argument and both lengths, because a
/// plotly chart with ragged data draws silently wrong rather than failing.
/// </remarks>
public static partial class Charts
{
    /// <summary>A loss curve: one series of loss values against epoch (or iteration).</summary>
    /// <param name="loss">Loss per epoch, in order; x is 1, 2, 3, ...</param>
    /// <param name="name">Legend text.</param>
    /// <param name="logY">Log-scale y: losses that fall by orders of magnitude stay readable.</param>
    /// <param name="xTitle">What one x step is: "epoch" or "iteration".</param>
    public static GenericChart LossCurve(IReadOnlyList<double> loss, string name = "loss", bool logY = false, string xTitle = "epoch") =>
        LossCurves([new NamedSeries(name, loss)], logY, xTitle);

    /// <summary>Several loss curves on one chart (e.g. train and validation, or RNN against LSTM).</summary>
    /// <param name="series">One curve each; x is 1, 2, 3, ... for every curve, so curves of different lengths are fine.</param>
    /// <param name="logY">Log-scale y.</param>
    /// <param name="xTitle">What one x step is: "epoch" or "iteration".</param>
    /// <param name="title">Chart title.</param>
    public static GenericChart LossCurves(IEnumerable<NamedSeries> series, bool logY = false, string xTitle = "epoch", string title = "Loss")
    {
        var lines = RequireSome(series, nameof(series))
            .Select(s => CSharpChart.Line<int, double, string>(x: OneBased(s.Values.Count), y: s.Values, Name: s.Name));
        return Titled(Combine(lines), title, xTitle, logY ? "loss (log scale)" : "loss", logY);
    }

    /// <summary>
    /// Gradient norm against time step, one curve per model or setting: the picture of vanishing (falling to the
    /// left) or exploding (rising) gradients. Always log-scale y, since the interesting part spans decades.
    /// </summary>
    /// <param name="curves">Per curve, the gradient norm at time step 1, 2, ... (for example ‖∂L/∂h_t‖).</param>
    /// <param name="title">Chart title.</param>
    /// <param name="xTitle">Axis text; say which way time runs, e.g. "time step t" or "steps back from the loss".</param>
    public static GenericChart GradientNormsOverTime(IEnumerable<NamedSeries> curves, string title = "Gradient norm per time step", string xTitle = "time step t")
    {
        var lines = RequireSome(curves, nameof(curves))
            .Select(c => CSharpChart.Line<int, double, string>(x: OneBased(c.Values.Count), y: c.Values, Name: c.Name, ShowMarkers: true));
        return Titled(Combine(lines), title, xTitle, "gradient norm (log scale)", logY: true);
    }

    /// <summary>
    /// Gradient norm per time step, for each epoch, as a heatmap: how the vanishing pattern changes while training.
    /// Colour is log10 of the norm, so that 1e-8 and 1e-2 are both visible.
    /// </summary>
    /// <param name="normsByEpoch">[epoch][time step] gradient norms; every row must have the same length.</param>
    /// <param name="title">Chart title.</param>
    public static GenericChart GradientNormHeatmap(IReadOnlyList<IReadOnlyList<double>> normsByEpoch, string title = "log10 gradient norm: epoch × time step")
    {
        int steps = RequireRectangular(normsByEpoch, nameof(normsByEpoch));
        var log10 = normsByEpoch.Select(row => row.Select(v => v > 0 ? Math.Log10(v) : double.NaN).ToArray()).ToArray();
        var heatmap = CSharpChart.Heatmap<double, int, int, string>(
            zData: log10, X: OneBased(steps), Y: OneBased(normsByEpoch.Count), Name: "log10 norm");
        return Titled(heatmap, title, "time step t", "epoch");
    }

    /// <summary>
    /// Gate activations (or any per-unit signal) as a heatmap: one row per unit, one column per time step. Shows
    /// at a glance when a forget gate closes or an input gate opens.
    /// </summary>
    /// <param name="activations">[unit][time step] values, typically in [0, 1] for gates or [-1, 1] for tanh outputs.</param>
    /// <param name="title">Chart title, e.g. "forget gate f_t".</param>
    /// <param name="stepLabels">Optional column labels (e.g. the input characters); default 1, 2, 3, ...</param>
    public static GenericChart GateHeatmap(IReadOnlyList<IReadOnlyList<double>> activations, string title, IReadOnlyList<string>? stepLabels = null)
    {
        int steps = RequireRectangular(activations, nameof(activations));
        if (stepLabels is not null)
            RequireLength(stepLabels.Count, steps, nameof(stepLabels), "time steps in " + nameof(activations));
        // Labels may repeat (the same character twice); plotly would merge equal categories, so make each unique.
        string[] columns = stepLabels is null
            ? OneBased(steps).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray()
            : stepLabels.Select((label, i) => $"{i + 1}:{label}").ToArray();
        string[] rows = Enumerable.Range(0, activations.Count).Select(u => $"unit {u}").ToArray();
        var heatmap = CSharpChart.Heatmap<double, string, string, string>(
            zData: activations, X: columns, Y: rows, Name: title);
        return Titled(heatmap, title, "time step", "unit");
    }

    /// <summary>
    /// A forecast against the actual series: the actual values as one trace and each kind of prediction as its own
    /// trace (train-set fit, test-set predictions, the forecast beyond the data), on one shared x axis of labels.
    /// </summary>
    /// <param name="x">Labels for the whole x axis (dates, months, indices), covering the actual data and any future steps.</param>
    /// <param name="actual">Observed values for <c>x[0..actual.Count)</c>.</param>
    /// <param name="train">Predictions on the training range, if any.</param>
    /// <param name="test">Predictions on the held-out range, if any.</param>
    /// <param name="future">Forecast past the last observation, if any.</param>
    /// <param name="title">Chart title.</param>
    /// <param name="yTitle">What the values are, e.g. "passengers (thousands)".</param>
    /// <param name="others">More named segments (e.g. a baseline's test forecasts), each drawn as its own line.</param>
    public static GenericChart Forecast(
        IReadOnlyList<string> x, IReadOnlyList<double> actual,
        Segment? train = null, Segment? test = null, Segment? future = null,
        string title = "Forecast against actual", string yTitle = "value", IEnumerable<(string Name, Segment Segment)>? others = null)
    {
        if (actual.Count > x.Count)
            throw new ArgumentException($"{nameof(actual)} has {actual.Count} values but {nameof(x)} only {x.Count} labels.", nameof(actual));
        var traces = new List<GenericChart>
        {
            CSharpChart.Line<string, double, string>(x: x.Take(actual.Count), y: actual, Name: "actual"),
        };
        foreach (var (segment, name) in new[] { (train, "train predictions"), (test, "test predictions"), (future, "forecast") }
                     .Concat((others ?? []).Select(o => ((Segment?)o.Segment, o.Name))))
        {
            if (segment is null) continue;
            if (segment.Start < 0 || segment.Start + segment.Values.Count > x.Count)
                throw new ArgumentException(
                    $"the {name} cover x[{segment.Start}..{segment.Start + segment.Values.Count}) but {nameof(x)} has {x.Count} labels.", name);
            traces.Add(CSharpChart.Line<string, double, string>(
                x: x.Skip(segment.Start).Take(segment.Values.Count), y: segment.Values, Name: name));
        }
        return Titled(Combine(traces), title, "", yTitle);
    }

    /// <summary>A forecast against the actual series, on an axis of dates (shown as yyyy-MM-dd).</summary>
    /// <param name="dates">Dates for the whole x axis, covering the actual data and any future steps.</param>
    /// <param name="actual">Observed values for <c>dates[0..actual.Count)</c>.</param>
    /// <param name="train">Predictions on the training range, if any.</param>
    /// <param name="test">Predictions on the held-out range, if any.</param>
    /// <param name="future">Forecast past the last observation, if any.</param>
    /// <param name="title">Chart title.</param>
    /// <param name="yTitle">What the values are.</param>
    /// <param name="others">More named segments, each drawn as its own line.</param>
    public static GenericChart Forecast(
        IReadOnlyList<DateTime> dates, IReadOnlyList<double> actual,
        Segment? train = null, Segment? test = null, Segment? future = null,
        string title = "Forecast against actual", string yTitle = "value", IEnumerable<(string Name, Segment Segment)>? others = null) =>
        Forecast(dates.Select(d => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)).ToArray(),
            actual, train, test, future, title, yTitle, others);

    /// <summary>
    /// Hidden states projected to 2-D (e.g. two units, or two principal components), one colour per label so that
    /// clusters the network has learned (same character, same class) stand out.
    /// </summary>
    /// <param name="x">First coordinate per point.</param>
    /// <param name="y">Second coordinate per point.</param>
    /// <param name="labels">Label per point; points sharing a label share a colour and a legend entry.</param>
    /// <param name="title">Chart title.</param>
    /// <param name="xTitle">Axis text, e.g. "h[0]" or "PC 1".</param>
    /// <param name="yTitle">Axis text.</param>
    public static GenericChart HiddenStates2D(
        IReadOnlyList<double> x, IReadOnlyList<double> y, IReadOnlyList<string> labels,
        string title = "Hidden states", string xTitle = "dimension 1", string yTitle = "dimension 2")
    {
        RequireLength(y.Count, x.Count, nameof(y), nameof(x));
        RequireLength(labels.Count, x.Count, nameof(labels), nameof(x));
        var groups = GroupIndices(labels).Select(g => CSharpChart.Point<double, double, string>(
            x: g.Indices.Select(i => x[i]), y: g.Indices.Select(i => y[i]), Name: g.Label));
        return Titled(Combine(groups), title, xTitle, yTitle);
    }

    /// <summary>Hidden states projected to 3-D, one colour per label; the chart can be rotated with the mouse.</summary>
    /// <param name="x">First coordinate per point.</param>
    /// <param name="y">Second coordinate per point.</param>
    /// <param name="z">Third coordinate per point.</param>
    /// <param name="labels">Label per point.</param>
    /// <param name="title">Chart title.</param>
    /// <param name="axisTitles">Axis texts, e.g. ("PC 1", "PC 2", "PC 3").</param>
    public static GenericChart HiddenStates3D(
        IReadOnlyList<double> x, IReadOnlyList<double> y, IReadOnlyList<double> z, IReadOnlyList<string> labels,
        string title = "Hidden states", (string X, string Y, string Z)? axisTitles = null)
    {
        RequireLength(y.Count, x.Count, nameof(y), nameof(x));
        RequireLength(z.Count, x.Count, nameof(z), nameof(x));
        RequireLength(labels.Count, x.Count, nameof(labels), nameof(x));
        var groups = GroupIndices(labels).Select(g => CSharpChart.Point3D<double, double, double, string>(
            x: g.Indices.Select(i => x[i]), y: g.Indices.Select(i => y[i]), z: g.Indices.Select(i => z[i]), Name: g.Label));
        var (xt, yt, zt) = axisTitles ?? ("dimension 1", "dimension 2", "dimension 3");
        return WithTitle(WithSceneAxisTitles(Combine(groups), xt, yt, zt), title);
    }

    /// <summary>A column chart: one bar per category, one colour per series (grouped side by side).</summary>
    /// <param name="categories">Category labels along x.</param>
    /// <param name="series">One value per category for each series.</param>
    /// <param name="title">Chart title.</param>
    /// <param name="yTitle">What the bar heights are.</param>
    public static GenericChart Bars(IReadOnlyList<string> categories, IEnumerable<NamedSeries> series, string title = "", string yTitle = "value")
    {
        var columns = RequireSome(series, nameof(series)).Select(s =>
        {
            RequireLength(s.Values.Count, categories.Count, $"values of series '{s.Name}'", nameof(categories));
            return CSharpChart.Column<double, string, string>(values: s.Values, Keys: categories.ToArray(), Name: s.Name);
        });
        return Titled(Combine(columns), title, "", yTitle);
    }

    /// <summary>A column chart of a single series.</summary>
    /// <param name="categories">Category labels along x.</param>
    /// <param name="values">One value per category.</param>
    /// <param name="title">Chart title.</param>
    /// <param name="yTitle">What the bar heights are (also the legend text).</param>
    public static GenericChart Bars(IReadOnlyList<string> categories, IReadOnlyList<double> values, string title = "", string yTitle = "value") =>
        Bars(categories, [new NamedSeries(yTitle, values)], title, yTitle);

    // ---- small pieces shared by the builders ----

    private static int[] OneBased(int count) => Enumerable.Range(1, count).ToArray();

    private static GenericChart Combine(IEnumerable<GenericChart> charts) => CSharpChart.Combine(charts.ToArray());

    private static List<T> RequireSome<T>(IEnumerable<T> items, string argument)
    {
        var list = items.ToList();
        if (list.Count == 0) throw new ArgumentException("at least one series is needed.", argument);
        return list;
    }

    private static void RequireLength(int actual, int expected, string what, string against)
    {
        if (actual != expected)
            throw new ArgumentException($"{what} has {actual} entries but {against} has {expected}; they must match.", what);
    }

    /// <summary>Checks a [row][column] table is non-empty and rectangular; returns the column count.</summary>
    private static int RequireRectangular(IReadOnlyList<IReadOnlyList<double>> rows, string argument)
    {
        if (rows.Count == 0 || rows[0].Count == 0) throw new ArgumentException("the table is empty.", argument);
        for (int r = 1; r < rows.Count; r++)
            if (rows[r].Count != rows[0].Count)
                throw new ArgumentException($"row {r} has {rows[r].Count} values but row 0 has {rows[0].Count}; rows must have equal length.", argument);
        return rows[0].Count;
    }

    /// <summary>Point indices per distinct label, in order of first appearance (so legend order follows the data).</summary>
    private static IEnumerable<(string Label, List<int> Indices)> GroupIndices(IReadOnlyList<string> labels) =>
        Enumerable.Range(0, labels.Count).GroupBy(i => labels[i]).Select(g => (g.Key, g.ToList()));

    private static GenericChart Titled(GenericChart chart, string title, string xTitle, string yTitle, bool logY = false)
    {
        chart = Plotly.NET.CSharp.GenericChartExtensions.WithXAxisStyle<double, double, string>(chart, TitleText: xTitle);
        chart = logY
            ? Plotly.NET.CSharp.GenericChartExtensions.WithYAxisStyle<double, double, string>(chart, TitleText: yTitle, AxisType: StyleParam.AxisType.Log)
            : Plotly.NET.CSharp.GenericChartExtensions.WithYAxisStyle<double, double, string>(chart, TitleText: yTitle);
        return WithTitle(chart, title);
    }

    /// <summary>Plotly.NET 6 offers the title only as an F# curried function; this applies it from C#.</summary>
    private static GenericChart WithTitle(GenericChart chart, string title) =>
        string.IsNullOrEmpty(title) ? chart : Plotly.NET.Chart.withTitle(title, FSharpOption<Font>.None).Invoke(chart);

    /// <summary>
    /// 3-D axes live in the layout's "scene", for which Plotly.NET has no C#-friendly setter; its layout objects are
    /// dynamic, so the plotly.js JSON (<c>scene.xaxis.title.text</c>) is set directly.
    /// </summary>
    private static GenericChart WithSceneAxisTitles(GenericChart chart, string x, string y, string z)
    {
        var scene = new Scene();
        scene.SetProperty("xaxis", new Dictionary<string, object> { ["title"] = new Dictionary<string, string> { ["text"] = x } });
        scene.SetProperty("yaxis", new Dictionary<string, object> { ["title"] = new Dictionary<string, string> { ["text"] = y } });
        scene.SetProperty("zaxis", new Dictionary<string, object> { ["title"] = new Dictionary<string, string> { ["text"] = z } });
        return Plotly.NET.Chart.withScene(scene, FSharpOption<int>.None).Invoke(chart);
    }
}
