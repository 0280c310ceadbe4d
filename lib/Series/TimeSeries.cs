using System.Globalization;
using Microsoft.Data.Analysis;

namespace RnnLstm.Series;

/// <summary>A value that <see cref="LoadOptions.FillMissing"/> put where the file had none.</summary>
/// <param name="Index">Position in <see cref="TimeSeries.Values"/>.</param>
/// <param name="Line">The file line whose cell was missing.</param>
/// <param name="Found">The cell's text as found ("" for an empty cell).</param>
/// <param name="Value">The value filled in.</param>
/// <param name="How">"interpolated between lines a and b", "nearest value, line a", "last training value carried forward, line a"
/// or (in the test part) "last known value carried forward, line a".</param>
public sealed record FilledValue(int Index, int Line, string Found, double Value, string How)
{
    /// <summary>The note that reports this fill, e.g. "Filled line 4 ('NA') with 20 (interpolated between lines 3 and 6).".</summary>
    public string Note => $"Filled line {Line} ('{Found}') with {Value.ToString(CultureInfo.InvariantCulture)} ({How}).";
}

/// <summary>
/// A univariate series as loaded from a file: plain arrays, in date order, with enough provenance
/// (<see cref="Lines"/>) that any later message can point back at the file.
/// </summary>
/// <param name="Name">Short name for summaries (defaults to the file name without extension).</param>
/// <param name="File">The path as given to the loader.</param>
/// <param name="DateColumn">The date column's name as written in the header, or null when the file has none.</param>
/// <param name="ValueColumn">The value column's name as written in the header.</param>
/// <param name="Dates">One date per value, ascending and distinct; null when there is no date column.</param>
/// <param name="Values">The values, finite, in date order (file order when there are no dates).</param>
/// <param name="Lines">The 1-based file line each value came from.</param>
/// <param name="Frequency">The dominant spacing of <paramref name="Dates"/>.</param>
/// <param name="SeasonLength">Inferred from <paramref name="Frequency"/>, or as given in <see cref="LoadOptions.SeasonLength"/>.</param>
/// <param name="Gaps">Places where the spacing departs from the dominant step.</param>
/// <param name="Fills">Values put in by <see cref="LoadOptions.FillMissing"/>.</param>
/// <param name="Notes">Everything the loader did or noticed that the reader should know: sorting, gaps, fills.</param>
public sealed record TimeSeries(
    string Name,
    string File,
    string? DateColumn,
    string ValueColumn,
    DateTime[]? Dates,
    double[] Values,
    int[] Lines,
    SeriesFrequency Frequency,
    int SeasonLength,
    IReadOnlyList<SeriesGap> Gaps,
    IReadOnlyList<FilledValue> Fills,
    IReadOnlyList<string> Notes)
{
    /// <summary>Number of values.</summary>
    public int Count => Values.Length;

    /// <summary>The dominant step between the dates (months, business days or a time span); null without at least two dates.</summary>
    public SeriesStep? Step => Dates is { Length: >= 2 } dates ? Frequencies.Dominant(dates).Dominant : null;

    /// <summary>
    /// The <paramref name="horizon"/> dates after the last one, each one dominant <see cref="Step"/> further: month ends
    /// stay month ends (1960-11-30 → 12-31, 01-31, 02-28), business days skip weekends, and daily, weekly, hourly and
    /// minute series step by their frequency whatever the last gap was, and an irregular series by its most common step.
    /// Null when the series has fewer than two dates.
    /// </summary>
    public DateTime[]? DatesAfter(int horizon)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(horizon);
        if (Dates is not { Length: >= 2 } dates || Step is not { } step) return null;
        return Enumerable.Range(1, horizon).Select(k => step.After(dates[^1], k)).ToArray();
    }

    /// <summary>
    /// This series with its <see cref="Fills"/> recomputed so that no value of the training part (the first
    /// <paramref name="trainCount"/>) is filled from the test part: inside the training part, interpolation between
    /// training values, and where the next known value lies in the test part, the last training value carried forward.
    /// Test-part fills read only earlier values (the last known value carried forward), so a one-step forecast of
    /// y[t+1] never reads y[t+1] through a fill at t. Known values never change; the fill notes are replaced
    /// and a note states the rule. Returns this series itself when nothing was filled.
    /// </summary>
    public TimeSeries RefillWithin(int trainCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(trainCount);
        if (Fills.Count == 0) return this;
        var values = (double[])Values.Clone();
        var found = new string?[Count];
        foreach (FilledValue fill in Fills) found[fill.Index] = fill.Found;
        var notes = Notes.Where(n => !Fills.Any(f => f.Note == n) && !n.StartsWith(MissingValues.RuleNotePrefix, StringComparison.Ordinal)).ToList();
        IReadOnlyList<FilledValue> fills = MissingValues.Fill(values, found, Lines, Math.Min(trainCount, Count), notes);
        return this with { Values = values, Fills = fills, Notes = notes };
    }

    /// <summary>
    /// The series as a table for display in a notebook: the date column (if any) and the value column, under the
    /// names the file gave them, typed <see cref="DateTime"/> and <see cref="double"/>.
    /// </summary>
    /// <param name="includeLines">Add a first column "File line" with each value's line in the file, handy when checking a fill or a gap.</param>
    public DataFrame ToDataFrame(bool includeLines = false)
    {
        var columns = new List<DataFrameColumn>();
        if (includeLines) columns.Add(new PrimitiveDataFrameColumn<int>("File line", Lines));
        if (Dates is not null && DateColumn is not null) columns.Add(new PrimitiveDataFrameColumn<DateTime>(DateColumn, Dates));
        columns.Add(new DoubleDataFrameColumn(ValueColumn, Values));
        return new DataFrame(columns);
    }

    /// <summary>e.g. "airline: 144 monthly values 1949-01..1960-12 from data.csv, column Passengers, min 104, max 622".</summary>
    public override string ToString()
    {
        var c = CultureInfo.InvariantCulture;
        string what = Dates is null
            ? $"{Count} values"
            : $"{Frequencies.CountWords(Count, Frequency, Step)} {Format(Dates[0])}..{Format(Dates[^1])}";
        return $"{Name}: {what} from {Path.GetFileName(File)}, column {ValueColumn}, " +
               $"min {Values.Min().ToString(c)}, max {Values.Max().ToString(c)}";

        string Format(DateTime d) => d.ToString(Frequencies.DisplayFormat(Frequency), c);
    }
}
