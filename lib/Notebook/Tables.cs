using System.Collections;
using System.Globalization;
using System.Net;
using System.Reflection;
using System.Text;

namespace RnnLstm.Notebook;

/// <summary>
/// A small table of values for a notebook to show (it displays as an HTML table after <see cref="NotebookSetup.Init"/>).
/// </summary>
/// <param name="Columns">Column headers.</param>
/// <param name="Rows">Row values, one per column.</param>
public sealed record Table(IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<object?>> Rows)
{
    /// <summary>A table from headers and rows of any values (e.g. <c>string[]</c> rows split from a CSV line).</summary>
    public static Table Of(IEnumerable<string> columns, IEnumerable<IEnumerable<object?>> rows) =>
        new(columns.ToArray(), rows.Select(r => (IReadOnlyList<object?>)r.ToArray()).ToArray());

    /// <summary>The table as HTML, cut after <see cref="Tables.DefaultMaxRows"/> rows.</summary>
    public string ToHtml() => Tables.ToHtml(Columns, Rows, Rows.Count);

    /// <summary>Tab-separated text, for a console.</summary>
    public override string ToString() =>
        string.Join("\n", Rows.Select(r => string.Join("\t", r)).Prepend(string.Join("\t", Columns)));
}

/// <summary>
/// Data tables as HTML: a plain builder for rows of values, and the display of Microsoft.Data.Analysis
/// <c>DataFrame</c>s (which a notebook would otherwise show as a dump of properties).
/// </summary>
public static class Tables
{
    /// <summary>Rows shown before a table is cut ("... 1,234 more rows").</summary>
    public const int DefaultMaxRows = 20;

    /// <summary>An HTML table with a header row; cells are formatted invariantly (numbers with up to 6 significant digits).</summary>
    /// <param name="columns">Column headers.</param>
    /// <param name="rows">Row values, one entry per column.</param>
    /// <param name="totalRows">The full row count when <paramref name="rows"/> is only the head; shown under the table.</param>
    /// <param name="maxRows">Rows shown at most.</param>
    public static string ToHtml(IReadOnlyList<string> columns, IEnumerable<IReadOnlyList<object?>> rows, long? totalRows = null, int maxRows = DefaultMaxRows)
    {
        var html = new StringBuilder("<table><thead><tr>");
        foreach (string column in columns) html.Append("<th>").Append(WebUtility.HtmlEncode(column)).Append("</th>");
        html.Append("</tr></thead><tbody>");
        long shown = 0;
        foreach (var row in rows.Take(maxRows))
        {
            if (row.Count != columns.Count)
                throw new ArgumentException($"row {shown} has {row.Count} values but there are {columns.Count} columns.", nameof(rows));
            html.Append("<tr>");
            foreach (object? cell in row) html.Append("<td>").Append(WebUtility.HtmlEncode(FormatCell(cell))).Append("</td>");
            html.Append("</tr>");
            shown++;
        }
        html.Append("</tbody></table>");
        long total = totalRows ?? shown;
        html.Append(CultureInfo.InvariantCulture, $"<div style=\"color:#666;font-size:smaller\">{total:N0} rows × {columns.Count} columns");
        if (total > shown) html.Append(CultureInfo.InvariantCulture, $" (first {shown} shown)");
        return html.Append("</div>").ToString();
    }

    /// <summary>How one cell reads: numbers short and culture-free, missing values as an empty cell.</summary>
    private static string FormatCell(object? value) => value switch
    {
        null => "",
        double d => d.ToString("G6", CultureInfo.InvariantCulture),
        float f => f.ToString("G6", CultureInfo.InvariantCulture),
        DateTime t => t.TimeOfDay == TimeSpan.Zero ? t.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : t.ToString("s", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static int watchingAssemblyLoads;

    /// <summary>
    /// Registers the DataFrame formatter through <paramref name="register"/> once Microsoft.Data.Analysis is loaded
    /// (now, or whenever it loads later).
    /// </summary>
    /// <remarks>
    /// The library reaches DataFrame only by reflection so that this glue does not add Microsoft.Data.Analysis to the
    /// library's references (lib/Series owns that choice); its kernel extension, which would format DataFrames, is
    /// not loaded when a notebook references the library's dlls by path.
    /// </remarks>
    internal static void RegisterDataFrameFormatter(Action<Type, Func<object, string>> register)
    {
        void TryRegister(Assembly assembly)
        {
            if (assembly.GetName().Name != "Microsoft.Data.Analysis") return;
            if (assembly.GetType("Microsoft.Data.Analysis.DataFrame") is { } dataFrame)
                register(dataFrame, DataFrameToHtml);
        }
        if (Interlocked.Exchange(ref watchingAssemblyLoads, 1) == 0)
            AppDomain.CurrentDomain.AssemblyLoad += (_, e) => TryRegister(e.LoadedAssembly);
        foreach (var assembly in AppDomain.CurrentDomain.GetAssemblies()) TryRegister(assembly);
    }

    /// <summary>A DataFrame's head as a table, read through its public shape: <c>Columns</c> of named, indexable columns.</summary>
    private static string DataFrameToHtml(object dataFrame)
    {
        var columns = ((IEnumerable)dataFrame.GetType().GetProperty("Columns")!.GetValue(dataFrame)!).Cast<object>().ToList();
        string[] names = columns.Select(c => (string)c.GetType().GetProperty("Name")!.GetValue(c)!).ToArray();
        long rowCount = columns.Count == 0 ? 0 : (long)columns[0].GetType().GetProperty("Length")!.GetValue(columns[0])!;
        var heads = columns.Select(c => ((IEnumerable)c).Cast<object?>().Take(DefaultMaxRows).ToArray()).ToArray();
        int shown = heads.Length == 0 ? 0 : heads.Min(h => h.Length);
        var rows = Enumerable.Range(0, shown).Select(r => (IReadOnlyList<object?>)heads.Select(h => h[r]).ToArray());
        return ToHtml(names, rows, rowCount);
    }
}
