using Plotly.NET;
using CSharpChart = Plotly.NET.CSharp.Chart;

namespace RnnLstm.Plots;

public static partial class Charts
{
    /// <summary>
    /// Curves over a shared numeric x axis (not 1, 2, 3, ...): for example the final state of a recurrent net, or its
    /// gradient, against the initial state, one curve per number of steps.
    /// </summary>
    /// <param name="x">The x positions, shared by every curve.</param>
    /// <param name="curves">One y value per x position for each curve.</param>
    /// <param name="title">Chart title.</param>
    /// <param name="xTitle">Axis text.</param>
    /// <param name="yTitle">Axis text.</param>
    /// <param name="logY">Log-scale y (values must be positive; pass magnitudes).</param>
    public static GenericChart LinesOver(IReadOnlyList<double> x, IEnumerable<NamedSeries> curves, string title = "", string xTitle = "x",
        string yTitle = "y", bool logY = false)
    {
        ArgumentNullException.ThrowIfNull(x);
        var lines = RequireSome(curves, nameof(curves)).Select(c =>
        {
            RequireLength(c.Values.Count, x.Count, $"values of curve '{c.Name}'", nameof(x));
            return CSharpChart.Line<double, double, string>(x: x, y: c.Values, Name: c.Name);
        });
        return Titled(Combine(lines), title, xTitle, logY ? $"{yTitle} (log scale)" : yTitle, logY);
    }
}
