using System.Globalization;

namespace RnnLstm.Series;

/// <summary>What one value cell holds, decided before anything is done with it.</summary>
internal enum FieldKind
{
    /// <summary>A finite number with the column's decimal mark and no thousands separators.</summary>
    Number,
    /// <summary>An empty cell or a conventional missing-value marker (NA, N/A, NaN, null, None): fillable on request.</summary>
    Missing,
    /// <summary>An infinity, or a number too large for a double: never filled, always an error.</summary>
    NonFinite,
    /// <summary>Anything else, e.g. "abc", or "1,5" where the decimal mark is '.': a typo is not a missing value, so it is never filled.</summary>
    Text,
}

/// <summary>Reads numbers out of cell text the same way on every machine, whatever its culture.</summary>
internal static class FieldText
{
    private static readonly string[] MissingMarkers = ["", "NA", "N/A", "NaN", "null", "None"];
    private static readonly string[] InfinityMarkers = ["inf", "+inf", "-inf", "infinity", "+infinity", "-infinity", "∞", "+∞", "-∞"];

    /// <summary>
    /// Classifies a value cell written with <paramref name="decimalMark"/> ('.' or ','; the other mark makes it text).
    /// The marker lists are checked before parsing because .NET's parser would accept "NaN" and "Infinity" as numbers,
    /// and a NaN or infinity reaching the scaler would poison every value after it.
    /// </summary>
    public static FieldKind ClassifyNumber(string text, char decimalMark, out double value)
    {
        value = double.NaN;
        if (MissingMarkers.Contains(text, StringComparer.OrdinalIgnoreCase)) return FieldKind.Missing;
        if (InfinityMarkers.Contains(text, StringComparer.OrdinalIgnoreCase)) return FieldKind.NonFinite;
        char other = decimalMark == ',' ? '.' : ',';
        if (text.Contains(other)) return FieldKind.Text;
        if (!double.TryParse(text.Replace(',', '.'), NumberStyles.Float, CultureInfo.InvariantCulture, out value)) return FieldKind.Text;
        return double.IsFinite(value) ? FieldKind.Number : FieldKind.NonFinite;
    }

    /// <summary>
    /// The decimal mark of one column: <paramref name="chosen"/> if the caller set one; '.' in a ','-separated file;
    /// otherwise the mark of the first cell that reads as a number with one mark and not the other ('.' if none does).
    /// </summary>
    /// <returns>The mark, and the row of the cell that decided it (null when not decided by a cell).</returns>
    public static (char Mark, int? Row) DecimalMark(RawTable raw, int column, char? chosen)
    {
        if (chosen is char c) return (c, null);
        if (raw.Separator == ',') return ('.', null);
        for (int r = 0; r < raw.RowCount; r++)
        {
            string text = raw.Cell(r, column);
            bool point = ClassifyNumber(text, '.', out _) == FieldKind.Number, comma = ClassifyNumber(text, ',', out _) == FieldKind.Number;
            if (point != comma) return (comma ? ',' : '.', r);
        }
        return ('.', null);
    }

    /// <summary>
    /// True for header names that announce a date column (year, yr, date, time, period, ignoring case), which lets a
    /// column of bare years count as dates. Whole names only: "ResponseTime" full of 4-digit numbers is a value column.
    /// </summary>
    public static bool NameSuggestsDate(string columnName) =>
        new[] { "year", "yr", "date", "time", "period" }.Contains(columnName, StringComparer.OrdinalIgnoreCase);
}
