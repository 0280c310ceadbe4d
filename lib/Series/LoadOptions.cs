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
    /// Fill missing values (empty cells, NA, N/A, NaN, null, None) instead of rejecting the file: linear interpolation
    /// between the nearest values on either side (by position in date order), the nearest value at either end.
    /// Every fill is listed in <see cref="TimeSeries.Fills"/> and <see cref="TimeSeries.Notes"/>. Text such as "abc"
    /// and infinities are never filled: they are mistakes, not gaps.
    /// </summary>
    public bool FillMissing { get; init; }

    /// <summary>Season length to use instead of the one inferred from the frequency (12 for monthly data, ...).</summary>
    public int? SeasonLength { get; init; }

    /// <summary>A short name for summaries and charts; defaults to the file name without extension.</summary>
    public string? Name { get; init; }
}
