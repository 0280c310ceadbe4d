namespace RnnLstm.Series;

/// <summary>How far apart a series' dates usually are (the dominant step between consecutive dates).</summary>
public enum SeriesFrequency
{
    /// <summary>The series has no date column.</summary>
    None,
    /// <summary>No step is one of the named ones (or there is only one date).</summary>
    Irregular,
    /// <summary>One hour.</summary>
    Hourly,
    /// <summary>One day.</summary>
    Daily,
    /// <summary>Seven days.</summary>
    Weekly,
    /// <summary>One calendar month.</summary>
    Monthly,
    /// <summary>Three calendar months.</summary>
    Quarterly,
    /// <summary>Twelve calendar months.</summary>
    Yearly,
}

/// <summary>A place where two consecutive dates are further apart (or closer) than the series' dominant step.</summary>
/// <param name="Index">Index (in the sorted series) of the value after the gap.</param>
/// <param name="LineBefore">File line of the value before the gap.</param>
/// <param name="LineAfter">File line of the value after the gap.</param>
/// <param name="From">Date before the gap.</param>
/// <param name="To">Date after the gap.</param>
/// <param name="Step">The step found here, in words ("3 months").</param>
public sealed record SeriesGap(int Index, int LineBefore, int LineAfter, DateTime From, DateTime To, string Step);

/// <summary>Infers a series' frequency and season length from its (sorted, distinct) dates.</summary>
public static class Frequencies
{
    /// <summary>
    /// The usual season length for a frequency: 12 months, 4 quarters, 7 days, 52 weeks, 24 hours; 1 (no season) otherwise.
    /// These are the conventional cycles (a year, a week, a day); a series with another rhythm should say so
    /// through <see cref="LoadOptions.SeasonLength"/>.
    /// </summary>
    public static int SeasonLength(SeriesFrequency frequency) => frequency switch
    {
        SeriesFrequency.Monthly => 12,
        SeriesFrequency.Quarterly => 4,
        SeriesFrequency.Daily => 7,
        SeriesFrequency.Weekly => 52,
        SeriesFrequency.Hourly => 24,
        _ => 1,
    };

    /// <summary>
    /// Finds the dominant step and every place that departs from it.
    /// </summary>
    /// <remarks>
    /// Steps are measured in calendar months when every date falls on the same day of the month (or every date is
    /// a month's last day) at the same time of day, because months differ in length: 1949-01 to 1949-02 is 31 days,
    /// 1949-02 to 1949-03 is 28, and both are "one month". Otherwise steps are measured as time spans.
    /// The dominant step is the most common one (the shorter on a tie).
    /// </remarks>
    public static (SeriesFrequency Frequency, IReadOnlyList<SeriesGap> Gaps) Infer(IReadOnlyList<DateTime> dates, IReadOnlyList<int> lines)
    {
        if (dates.Count < 2) return (SeriesFrequency.Irregular, []);

        bool calendar = IsMonthAligned(dates);
        var steps = new long[dates.Count - 1];
        for (int i = 1; i < dates.Count; i++)
        {
            steps[i - 1] = calendar ? MonthNumber(dates[i]) - MonthNumber(dates[i - 1]) : (dates[i] - dates[i - 1]).Ticks;
        }
        long dominant = steps.GroupBy(s => s).OrderByDescending(g => g.Count()).ThenBy(g => g.Key).First().Key;

        var gaps = new List<SeriesGap>();
        for (int i = 0; i < steps.Length; i++)
        {
            if (steps[i] != dominant)
            {
                gaps.Add(new SeriesGap(i + 1, lines[i], lines[i + 1], dates[i], dates[i + 1], Describe(steps[i], calendar)));
            }
        }
        return (Name(dominant, calendar), gaps);
    }

    /// <summary>The dominant step of <paramref name="frequency"/> in words, for notes ("1 month").</summary>
    internal static string StepWords(SeriesFrequency frequency) => frequency switch
    {
        SeriesFrequency.Hourly => "1 hour",
        SeriesFrequency.Daily => "1 day",
        SeriesFrequency.Weekly => "7 days",
        SeriesFrequency.Monthly => "1 month",
        SeriesFrequency.Quarterly => "3 months",
        SeriesFrequency.Yearly => "12 months",
        _ => "no single step",
    };

    /// <summary>The adjective used in summaries ("monthly"), or "irregularly spaced".</summary>
    internal static string Adjective(SeriesFrequency frequency) =>
        frequency is SeriesFrequency.None or SeriesFrequency.Irregular ? "irregularly spaced" : frequency.ToString().ToLowerInvariant();

    /// <summary>How dates of this frequency are best printed: no more detail than the data has.</summary>
    internal static string DisplayFormat(SeriesFrequency frequency) => frequency switch
    {
        SeriesFrequency.Yearly => "yyyy",
        SeriesFrequency.Monthly or SeriesFrequency.Quarterly => "yyyy-MM",
        SeriesFrequency.Hourly => "yyyy-MM-dd HH:mm",
        _ => "yyyy-MM-dd",
    };

    private static bool IsMonthAligned(IReadOnlyList<DateTime> dates)
    {
        TimeSpan time = dates[0].TimeOfDay;
        bool sameDay = dates.All(d => d.Day == dates[0].Day);
        bool monthEnds = dates.All(d => d.Day == DateTime.DaysInMonth(d.Year, d.Month));
        return dates.All(d => d.TimeOfDay == time) && (sameDay || monthEnds);
    }

    private static long MonthNumber(DateTime d) => d.Year * 12L + d.Month;

    private static SeriesFrequency Name(long step, bool calendar) => (calendar, step) switch
    {
        (true, 1) => SeriesFrequency.Monthly,
        (true, 3) => SeriesFrequency.Quarterly,
        (true, 12) => SeriesFrequency.Yearly,
        (false, TimeSpan.TicksPerHour) => SeriesFrequency.Hourly,
        (false, TimeSpan.TicksPerDay) => SeriesFrequency.Daily,
        (false, 7 * TimeSpan.TicksPerDay) => SeriesFrequency.Weekly,
        _ => SeriesFrequency.Irregular,
    };

    private static string Describe(long step, bool calendar)
    {
        if (calendar) return step == 1 ? "1 month" : $"{step} months";
        var span = TimeSpan.FromTicks(step);
        return span.TotalDays >= 1 && span.Ticks % TimeSpan.TicksPerDay == 0 ? $"{span.TotalDays:0} day(s)" : span.ToString();
    }
}
