using System.Globalization;
using System.Text.RegularExpressions;

namespace RnnLstm.Series;

/// <summary>
/// One way of writing dates: the .NET exact formats that read it, and whether a time-zone designator (Z, +01:00) may
/// follow. Every date of a column must be read by the layout found for its first date.
/// </summary>
internal sealed partial class DateLayout
{
    private DateLayout(string name, string[] formats, bool zones = false, bool dayMonthUndecided = false)
    {
        Name = name;
        Formats = formats;
        Zones = zones;
        DayMonthUndecided = dayMonthUndecided;
    }

    /// <summary>How messages describe the layout, e.g. "yyyy-MM" or "d/M/yyyy (day first)".</summary>
    public string Name { get; }

    /// <summary>The exact formats tried in turn.</summary>
    public string[] Formats { get; }

    /// <summary>Dates may end in Z or an offset; a column with any of them is converted to UTC.</summary>
    public bool Zones { get; }

    /// <summary>
    /// Numeric dates such as 01/02/2020, which read day first in some countries and month first in others: the
    /// column's dates decide (<see cref="DecideDayMonth"/>) before any is read.
    /// </summary>
    public bool DayMonthUndecided { get; }

    /// <summary>ISO 8601 date-times: T or a space, seconds and their fraction optional, an optional zone (Z, ±hh:mm, ±hhmm).</summary>
    private static readonly DateLayout IsoDateTime = new("ISO 8601 date-time (yyyy-MM-ddTHH:mm[:ss[.fff]], T or a space, optional Z or ±hh:mm)",
        ["yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd'T'HH:mmK", "yyyy-MM-dd HH:mm:ss.FFFFFFFK", "yyyy-MM-dd HH:mmK"], zones: true);

    /// <summary>Layouts tried, most specific first. "01/02/1995" is not among them: it is decided from the whole column.</summary>
    private static readonly DateLayout[] Known =
    [
        IsoDateTime,
        .. new[] { "yyyy-MM-dd", "yyyy-MM", "yyyy/MM/dd", "yyyy/MM", "MMM-d-yyyy", "d-MMM-yyyy", "MMM-yyyy", "yyyy-MMM" }.Select(f => new DateLayout(f, [f])),
    ];

    /// <summary>A bare four-digit year such as 1995, read as 1 January of that year.</summary>
    private static readonly DateLayout Year = new("yyyy (a bare year)", ["yyyy"]);

    /// <summary>Day and month as numbers in either order, the year in four digits, '/', '.' or '-' between, optional time.</summary>
    [GeneratedRegex(@"^(\d{1,2})([/.\-])(\d{1,2})\2(\d{4})(?:[ T]\d{1,2}:\d\d(?::\d\d)?)?$")]
    private static partial Regex NumericDayMonth();

    [GeneratedRegex(@"(?:Z|[+\-]\d\d:?\d\d)$", RegexOptions.IgnoreCase)]
    private static partial Regex ZoneSuffix();

    /// <summary>Names of the layouts the loader recognises by itself, for messages.</summary>
    public static string KnownNames =>
        string.Join(", ", Known.Select(l => l.Name)) + ", d/M/yyyy or M/d/yyyy (with '/', '.' or '-'), or a bare year yyyy";

    /// <summary>
    /// The layout of <paramref name="text"/>, or null. A bare year is only considered when <paramref name="allowYear"/>
    /// is set, because a column of numbers like 1995, 2004 is far more often a value than a date; the caller allows it
    /// when the column is named (by the user, or with a word like "year").
    /// </summary>
    public static DateLayout? Detect(string text, bool allowYear)
    {
        foreach (DateLayout layout in Known)
        {
            if (layout.TryParse(text, out _, out _)) return layout;
        }
        if (NumericDayMonth().Match(text) is { Success: true } m && IsDayOrMonth(m.Groups[1].Value) && IsDayOrMonth(m.Groups[3].Value))
        {
            return new DateLayout("d/M/yyyy or M/d/yyyy", [], dayMonthUndecided: true);
        }
        return allowYear && text.Length == 4 && Year.TryParse(text, out _, out _) ? Year : null;

        static bool IsDayOrMonth(string n) => int.Parse(n, CultureInfo.InvariantCulture) is >= 1 and <= 31;
    }

    /// <summary>The caller's own layout (<see cref="LoadOptions.DateFormat"/>); K or z in it allows zones.</summary>
    public static DateLayout FromFormat(string format) => new(format, [format], zones: format.Contains('K') || format.Contains('z'));

    /// <summary>
    /// Reads numeric day/month dates of one column: day first if some first number is above 12, month first if some
    /// second number is, and otherwise (every date reads both ways) null, with <paramref name="contradiction"/> null;
    /// when both happen, null with the index of the first date that contradicts the earlier one.
    /// </summary>
    public static DateLayout? DecideDayMonth(IReadOnlyList<string> texts, out int? contradiction, out int? decidedBy)
    {
        bool? dayFirst = null;
        contradiction = decidedBy = null;
        for (int i = 0; i < texts.Count; i++)
        {
            if (NumericDayMonth().Match(texts[i]) is not { Success: true } m) continue;
            int first = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), second = int.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture);
            bool? says = first > 12 ? true : second > 12 ? false : null;
            if (says is null) continue;
            if (dayFirst is null) { dayFirst = says; decidedBy = i; }
            else if (dayFirst != says) { contradiction = i; return null; }
        }
        if (dayFirst is null) return null;
        char separator = NumericDayMonth().Match(texts[decidedBy!.Value]).Groups[2].Value[0];
        string date = dayFirst.Value ? $"d{separator}M{separator}yyyy" : $"M{separator}d{separator}yyyy";
        return new DateLayout($"{date} ({(dayFirst.Value ? "day" : "month")} first)",
            [date, date + " H:mm", date + " H:mm:ss", date + "'T'H:mm", date + "'T'H:mm:ss"]);
    }

    /// <summary>The two formats a reader of <paramref name="example"/> could mean, day first and month first, for advice.</summary>
    public static (string DayFirst, string MonthFirst) BothReadings(string example)
    {
        Match m = NumericDayMonth().Match(example);
        char s = m.Success ? m.Groups[2].Value[0] : '/';
        string time = example.Count(c => c == ':') switch { 0 => "", 1 => " HH:mm", _ => " HH:mm:ss" };
        return ($"dd{s}MM{s}yyyy{time}", $"MM{s}dd{s}yyyy{time}");
    }

    /// <summary>
    /// Reads one date. <paramref name="zoned"/> says whether the text carried a zone, in which case
    /// <paramref name="date"/> is its offset form; otherwise the offset is zero and the wall-clock time is the date.
    /// </summary>
    public bool TryParse(string text, out DateTimeOffset date, out bool zoned)
    {
        zoned = Zones && ZoneSuffix().IsMatch(text) && text.Length > 10;
        return DateTimeOffset.TryParseExact(text, Formats, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out date);
    }
}
