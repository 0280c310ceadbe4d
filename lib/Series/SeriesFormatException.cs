namespace RnnLstm.Series;

/// <summary>
/// A series file (or a series too short for the windows asked of it) that cannot be used as it is.
/// </summary>
/// <remarks>
/// The message is written for the person who has to fix the file: it names the file, the 1-based line
/// (the header is line 1, as in any text editor), the column, what was found, and what to do about it.
/// The same facts are also available as properties so tests and tools need not parse the message.
/// </remarks>
public sealed class SeriesFormatException : Exception
{
    /// <summary>Creates the exception; prefer the <see cref="At"/> factory, which writes the message in the house style.</summary>
    public SeriesFormatException(string? file, int? line, string? column, string message)
        : base(message)
    {
        File = file;
        Line = line;
        Column = column;
    }

    /// <summary>The path as the caller gave it; null only for a series that did not come from a file.</summary>
    public string? File { get; }

    /// <summary>The 1-based line in the file (header = 1); null when the problem is not on one line (missing file, too few rows).</summary>
    public int? Line { get; }

    /// <summary>The column's name as written in the header (trimmed); null when the problem is not in one column.</summary>
    public string? Column { get; }

    /// <summary>
    /// Builds the one-paragraph message "File 'x.csv', line 7, column 'Passengers': problem. Fix." so that every
    /// error reads the same way and none of them forgets where it happened.
    /// </summary>
    internal static SeriesFormatException At(string? file, int? line, string? column, string problem, string fix)
    {
        var where = new List<string>();
        where.Add(file is null ? "The series" : $"File '{file}'");
        if (line is not null) where.Add($"line {line}");
        if (column is not null) where.Add($"column '{column}'");
        return new SeriesFormatException(file, line, column, $"{string.Join(", ", where)}: {problem} {fix}");
    }
}
