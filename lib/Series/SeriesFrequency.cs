using System.Globalization;

namespace RnnLstm.Series;

/// <summary>How far apart a series' dates usually are (the dominant step between consecutive dates).</summary>
public enum SeriesFrequency
{
    /// <summary>The series has no date column.</summary>
    None,
    /// <summary>No step is one of the named ones (or there is only one date).</summary>
    Irregular,
    /// <summary>A whole number of minutes other than 60 (every 15 minutes, every 2 hours); see <see cref="TimeSeries.Step"/>.</summary>
    Minutes,
    /// <summary>One hour.</summary>
    Hourly,
    /// <summary>One day.</summary>
    Daily,
    /// <summary>One business day: weekdays only (Monday to Friday), so Friday is followed by Monday; holidays are gaps.</summary>
    BusinessDaily,
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

/// <summary>
/// The dominant step between consecutive dates, in the unit it is counted in: calendar months (months differ in
/// length), business days (Friday to Monday is one), or a plain time span.
/// </summary>
/// <param name="Unit">What <paramref name="Count"/> counts.</param>
/// <param name="Count">Months, business days, or ticks of a <see cref="TimeSpan"/>.</param>
/// <param name="MonthEnds">For months: every date is its month's last day, so future dates stay on month ends.</param>
public sealed record SeriesStep(StepUnit Unit, long Count, bool MonthEnds = false)
{
    /// <summary>The step as a time span (for <see cref="StepUnit.Time"/>).</summary>
    public TimeSpan Time => Unit == StepUnit.Time ? TimeSpan.FromTicks(Count) : throw new InvalidOperationException($"a step of {Unit} is not a fixed time span.");

    /// <summary>The date <paramref name="k"/> steps after <paramref name="date"/> (time of day kept).</summary>
    public DateTime After(DateTime date, int k) => Unit switch
    {
        StepUnit.Month when MonthEnds => MonthEnd(date.AddMonths((int)(k * Count))) + date.TimeOfDay,
        StepUnit.Month => date.AddMonths((int)(k * Count)),
        StepUnit.BusinessDay => AddWeekdays(date, k * (int)Count),
        _ => date + k * Time,
    };

    /// <summary>The step in words: "1 month", "3 months", "1 business day", "15 minutes", "2 hours", "1 day".</summary>
    public override string ToString() => Unit switch
    {
        StepUnit.Month => Count == 1 ? "1 month" : $"{Count} months",
        StepUnit.BusinessDay => Count == 1 ? "1 business day" : $"{Count} business days",
        _ => Words(Time),
    };

    private static DateTime MonthEnd(DateTime d) => new(d.Year, d.Month, DateTime.DaysInMonth(d.Year, d.Month));

    private static DateTime AddWeekdays(DateTime date, int count)
    {
        for (int added = 0; added < count;)
        {
            date = date.AddDays(1);
            if (Frequencies.IsWeekday(date)) added++;
        }
        return date;
    }

    private static string Words(TimeSpan span)
    {
        string Plural(long n, string unit) => n == 1 ? $"1 {unit}" : FormattableString.Invariant($"{n} {unit}s");
        if (span.Ticks % TimeSpan.TicksPerDay == 0) return Plural(span.Ticks / TimeSpan.TicksPerDay, "day");
        if (span.Ticks % TimeSpan.TicksPerHour == 0) return Plural(span.Ticks / TimeSpan.TicksPerHour, "hour");
        if (span.Ticks % TimeSpan.TicksPerMinute == 0) return Plural(span.Ticks / TimeSpan.TicksPerMinute, "minute");
        if (span.Ticks % TimeSpan.TicksPerSecond == 0) return Plural(span.Ticks / TimeSpan.TicksPerSecond, "second");
        return span.ToString("c", CultureInfo.InvariantCulture);
    }
}

/// <summary>What a <see cref="SeriesStep"/> counts.</summary>
public enum StepUnit
{
    /// <summary>Calendar months.</summary>
    Month,
    /// <summary>Weekdays (Monday to Friday).</summary>
    BusinessDay,
    /// <summary>Ticks of a fixed time span.</summary>
    Time,
}

/// <summary>Infers a series' frequency and season length from its (sorted, distinct) dates.</summary>
public static class Frequencies
{
    /// <summary>
    /// The usual season length for a frequency: 12 months, 4 quarters, 7 days, 5 business days (a week), 52 weeks,
    /// 24 hours, and for every N minutes the steps in a day (1440 / N, when N divides a day); 1 (no season) otherwise.
    /// These are the conventional cycles (a year, a week, a day); a series with another rhythm should say so
    /// through <see cref="LoadOptions.SeasonLength"/>.
    /// </summary>
    /// <param name="frequency">The frequency.</param>
    /// <param name="step">The dominant step; needed only for <see cref="SeriesFrequency.Minutes"/>.</param>
    public static int SeasonLength(SeriesFrequency frequency, SeriesStep? step = null) => frequency switch
    {
        SeriesFrequency.Monthly => 12,
        SeriesFrequency.Quarterly => 4,
        SeriesFrequency.Daily => 7,
        SeriesFrequency.BusinessDaily => 5,
        SeriesFrequency.Weekly => 52,
        SeriesFrequency.Hourly => 24,
        SeriesFrequency.Minutes when step is { Unit: StepUnit.Time } s && TimeSpan.TicksPerDay % s.Count == 0 => (int)(TimeSpan.TicksPerDay / s.Count),
        _ => 1,
    };

    /// <summary>
    /// Finds the dominant step and every place that departs from it.
    /// </summary>
    /// <remarks>
    /// Steps are measured in calendar months when every date falls on the same day of the month (or every date is
    /// a month's last day) at the same time of day, because months differ in length: 1949-01 to 1949-02 is 31 days,
    /// 1949-02 to 1949-03 is 28, and both are "one month". They are measured in business days when every date is a
    /// weekday, the dates cross at least one weekend, and most steps are one business day (trading days: Friday to
    /// Monday is one step, a holiday is a gap). Otherwise steps are measured as time spans.
    /// The dominant step is the most common one (the shorter on a tie).
    /// </remarks>
    public static (SeriesFrequency Frequency, SeriesStep? Step, IReadOnlyList<SeriesGap> Gaps) Infer(IReadOnlyList<DateTime> dates, IReadOnlyList<int> lines)
    {
        if (dates.Count < 2) return (SeriesFrequency.Irregular, null, []);

        (SeriesStep dominant, long[] steps) = Dominant(dates);
        var gaps = new List<SeriesGap>();
        for (int i = 0; i < steps.Length; i++)
        {
            if (steps[i] != dominant.Count)
            {
                gaps.Add(new SeriesGap(i + 1, lines[i], lines[i + 1], dates[i], dates[i + 1], (dominant with { Count = steps[i] }).ToString()));
            }
        }
        return (Name(dominant), dominant, gaps);
    }

    /// <summary>The dominant step of <paramref name="dates"/> (at least two, sorted), and every step in its unit.</summary>
    internal static (SeriesStep Dominant, long[] Steps) Dominant(IReadOnlyList<DateTime> dates)
    {
        StepUnit unit = IsMonthAligned(dates) ? StepUnit.Month : IsBusinessDaily(dates) ? StepUnit.BusinessDay : StepUnit.Time;
        long[] steps = Steps(dates, unit);
        long dominant = steps.GroupBy(s => s).OrderByDescending(g => g.Count()).ThenBy(g => g.Key).First().Key;
        bool monthEnds = unit == StepUnit.Month && dates.All(IsMonthEnd);
        return (new SeriesStep(unit, dominant, monthEnds), steps);
    }

    /// <summary>Monday to Friday.</summary>
    internal static bool IsWeekday(DateTime d) => d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday);

    private static long[] Steps(IReadOnlyList<DateTime> dates, StepUnit unit)
    {
        var steps = new long[dates.Count - 1];
        for (int i = 1; i < dates.Count; i++)
        {
            steps[i - 1] = unit switch
            {
                StepUnit.Month => MonthNumber(dates[i]) - MonthNumber(dates[i - 1]),
                StepUnit.BusinessDay => Weekdays(dates[i - 1].Date, dates[i].Date),
                _ => (dates[i] - dates[i - 1]).Ticks,
            };
        }
        return steps;
    }

    /// <summary>Weekdays after <paramref name="from"/> up to and including <paramref name="to"/> (Friday to Monday: 1).</summary>
    private static long Weekdays(DateTime from, DateTime to)
    {
        long days = (long)(to - from).TotalDays, weeks = days / 7, count = weeks * 5;
        for (DateTime d = from.AddDays(weeks * 7 + 1); d <= to; d = d.AddDays(1)) if (IsWeekday(d)) count++;
        return count;
    }

    /// <summary>All weekdays at one time of day, at least one weekend crossed, and most steps one business day.</summary>
    private static bool IsBusinessDaily(IReadOnlyList<DateTime> dates)
    {
        if (!dates.All(d => IsWeekday(d) && d.TimeOfDay == dates[0].TimeOfDay)) return false;
        long[] steps = Steps(dates, StepUnit.BusinessDay);
        bool crossesWeekend = Enumerable.Range(1, dates.Count - 1).Any(i => dates[i].DayOfWeek < dates[i - 1].DayOfWeek || (dates[i] - dates[i - 1]).TotalDays >= 7);
        return crossesWeekend && steps.Count(s => s == 1) * 2 > steps.Length;
    }

    /// <summary>The dominant step of <paramref name="frequency"/> in words, for notes ("1 month").</summary>
    internal static string StepWords(SeriesFrequency frequency, SeriesStep? step) =>
        frequency is SeriesFrequency.None or SeriesFrequency.Irregular || step is null ? "no single step" : step.ToString();

    /// <summary>A count of values in summaries: "144 monthly values", "96 values every 15 minutes", "9 irregularly spaced values".</summary>
    internal static string CountWords(int count, SeriesFrequency frequency, SeriesStep? step) => frequency switch
    {
        SeriesFrequency.None or SeriesFrequency.Irregular => $"{count} irregularly spaced values",
        SeriesFrequency.BusinessDaily => $"{count} business-daily values",
        SeriesFrequency.Minutes => $"{count} values every {step}",
        _ => $"{count} {frequency.ToString().ToLowerInvariant()} values",
    };

    /// <summary>How dates of this frequency are best printed: no more detail than the data has.</summary>
    internal static string DisplayFormat(SeriesFrequency frequency) => frequency switch
    {
        SeriesFrequency.Yearly => "yyyy",
        SeriesFrequency.Monthly or SeriesFrequency.Quarterly => "yyyy-MM",
        SeriesFrequency.Hourly or SeriesFrequency.Minutes => "yyyy-MM-dd HH:mm",
        _ => "yyyy-MM-dd",
    };

    private static bool IsMonthAligned(IReadOnlyList<DateTime> dates)
    {
        TimeSpan time = dates[0].TimeOfDay;
        bool sameDay = dates.All(d => d.Day == dates[0].Day);
        return dates.All(d => d.TimeOfDay == time) && (sameDay || dates.All(IsMonthEnd));
    }

    private static bool IsMonthEnd(DateTime d) => d.Day == DateTime.DaysInMonth(d.Year, d.Month);

    private static long MonthNumber(DateTime d) => d.Year * 12L + d.Month;

    private static SeriesFrequency Name(SeriesStep step) => (step.Unit, step.Count) switch
    {
        (StepUnit.Month, 1) => SeriesFrequency.Monthly,
        (StepUnit.Month, 3) => SeriesFrequency.Quarterly,
        (StepUnit.Month, 12) => SeriesFrequency.Yearly,
        (StepUnit.BusinessDay, 1) => SeriesFrequency.BusinessDaily,
        (StepUnit.Time, TimeSpan.TicksPerHour) => SeriesFrequency.Hourly,
        (StepUnit.Time, TimeSpan.TicksPerDay) => SeriesFrequency.Daily,
        (StepUnit.Time, 7 * TimeSpan.TicksPerDay) => SeriesFrequency.Weekly,
        (StepUnit.Time, long t) when t > 0 && t < TimeSpan.TicksPerDay && t % TimeSpan.TicksPerMinute == 0 => SeriesFrequency.Minutes,
        _ => SeriesFrequency.Irregular,
    };
}
