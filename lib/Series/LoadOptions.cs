namespace RnnLstm.Series;

/// <summary>Choices for <see cref="SeriesCsv.Load"/>; the defaults find everything themselves.</summary>
public sealed record LoadOptions
{
    /// <summary>The column holding the values (matched ignoring case and surrounding spaces). Needed only when several columns are numeric.</summary>
    public string? ValueColumn { get; init; }

    /// <summary>
    /// The column holding the dates. When null, the first column whose first value reads as a date is used; a column of
    /// bare years (1995) counts only if its name is Year, Yr, Date, Time or Period (any case), or when named here.
    /// </summary>
    public string? DateColumn { get; init; }

    /// <summary>
    /// The layout of the dates (a .NET custom format such as <c>dd/MM/yyyy</c> or <c>M/d/yyyy HH:mm</c>), when the
    /// loader cannot tell it from the data: a column whose dates all read both as day-first and as month-first
    /// (01/02/2020) is refused until this says which. When set, it is also how the date column is found.
    /// </summary>
    public string? DateFormat { get; init; }

    /// <summary>
    /// The decimal mark of the values, '.' or ','. When null: '.' in a ','-separated file; in a ';'- or tab-separated
    /// file, the mark of the value column's first cell that has one (European spreadsheets write <c>100,5</c>), said in
    /// a note. A ','-separated file with ',' as the mark needs its values quoted (<c>"100,5"</c>).
    /// </summary>
    public char? DecimalSeparator { get; init; }

    /// <summary>
    /// Fill missing values (empty cells, NA, N/A, NaN, null, None) instead of rejecting the file: linear interpolation
    /// between the nearest values on either side (by position in date order), the nearest value at either end.
    /// Every fill is listed in <see cref="TimeSeries.Fills"/> and <see cref="TimeSeries.Notes"/>. Text such as "abc"
    /// and infinities are never filled: they are mistakes, not gaps. A forecaster that splits the series refills it
    /// with <see cref="TimeSeries.RefillWithin"/> so that no training value is filled from the test part.
    /// </summary>
    public bool FillMissing { get; init; }

    /// <summary>Season length to use instead of the one inferred from the frequency (12 for monthly data, ...).</summary>
    public int? SeasonLength { get; init; }

    /// <summary>Whose words the advice in error messages uses: LoadOptions properties, CLI flags or notebook parameters.</summary>
    public MessageAudience Audience { get; init; } = MessageAudience.Library;

    /// <summary>A short name for summaries and charts; defaults to the file name without extension.</summary>
    public string? Name { get; init; }
}
