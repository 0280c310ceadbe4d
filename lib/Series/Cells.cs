using System.Globalization;

namespace RnnLstm.Series;

/// <summary>What one value cell holds, decided before anything is done with it.</summary>
internal enum FieldKind
{
    /// <summary>A finite number in invariant culture ('.' decimal mark, no thousands separators).</summary>
    Number,
    /// <summary>An empty cell or a conventional missing-value marker (NA, N/A, NaN, null, None): fillable on request.</summary>
    Missing,
    /// <summary>An infinity, or a number too large for a double: never filled, always an error.</summary>
    NonFinite,
    /// <summary>Anything else, e.g. "abc" or "1,5": a typo is not a missing value, so it is never filled.</summary>
    Text,
}

/// <summary>Reads numbers and dates out of cell text with the invariant culture, the same on every machine.</summary>
internal static class Cells
{
    private static readonly string[] MissingMarkers = ["", "NA", "N/A", "NaN", "null", "None"];
    private static readonly string[] InfinityMarkers = ["inf", "+inf", "-inf", "infinity", "+infinity", "-infinity", "∞", "+∞", "-∞"];

    /// <summary>
    /// Classifies a value cell. The marker lists are checked before parsing because .NET's parser would accept
    /// "NaN" and "Infinity" as numbers, and a NaN or infinity reaching the scaler would poison every value after it.
    /// </summary>
    public static FieldKind ClassifyNumber(string text, out double value)
    {
        value = double.NaN;
        if (MissingMarkers.Contains(text, StringComparer.OrdinalIgnoreCase)) return FieldKind.Missing;
        if (InfinityMarkers.Contains(text, StringComparer.OrdinalIgnoreCase)) return FieldKind.NonFinite;
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value)) return FieldKind.Text;
        return double.IsFinite(value) ? FieldKind.Number : FieldKind.NonFinite;
    }

    /// <summary>
    /// Date layouts tried, most specific first. Only unambiguous layouts are listed: "01/02/1995" could be
    /// January or February depending on the country, so it is not guessed at.
    /// </summary>
    public static readonly string[] DateFormats =
    [
        "yyyy-MM-dd HH:mm:ss", "yyyy-MM-ddTHH:mm:ss", "yyyy-MM-dd HH:mm", "yyyy-MM-ddTHH:mm",
        "yyyy-MM-dd", "yyyy-MM", "yyyy/MM/dd", "yyyy/MM",
        "MMM-d-yyyy", "d-MMM-yyyy", "MMM-yyyy", "yyyy-MMM",
    ];

    /// <summary>A bare four-digit year such as 1995, read as 1 January of that year.</summary>
    public const string YearFormat = "yyyy";

    public static bool TryParseDate(string text, string format, out DateTime date) =>
        DateTime.TryParseExact(text, format, CultureInfo.InvariantCulture, DateTimeStyles.None, out date);

    /// <summary>
    /// The first layout that reads <paramref name="text"/>, or null. A bare year is only considered when
    /// <paramref name="allowYear"/> is set, because a column of numbers like 1995, 2004 is far more often a value
    /// than a date; the caller allows it when the column is named (by the user, or with a word like "year").
    /// </summary>
    public static string? DetectDateFormat(string text, bool allowYear)
    {
        foreach (string format in DateFormats)
        {
            if (TryParseDate(text, format, out _)) return format;
        }
        return allowYear && text.Length == 4 && TryParseDate(text, YearFormat, out _) ? YearFormat : null;
    }

    /// <summary>
    /// True for header names that announce a date column (year, yr, date, time, period, ignoring case), which lets a
    /// column of bare years count as dates. Whole names only: "ResponseTime" full of 4-digit numbers is a value column.
    /// </summary>
    public static bool NameSuggestsDate(string columnName) =>
        new[] { "year", "yr", "date", "time", "period" }.Contains(columnName, StringComparer.OrdinalIgnoreCase);
}
