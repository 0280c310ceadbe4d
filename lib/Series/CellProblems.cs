namespace RnnLstm.Series;

/// <summary>
/// Collects the bad cells of one column so that the exception names the first and counts the rest: fixing a file
/// one error per run is tedious when line 40 and line 90 have the same mistake.
/// </summary>
internal sealed class CellProblems(RawTable raw, int column)
{
    private readonly List<(int Line, string Problem, string Fix)> _found = [];

    public void Add(int row, string problem, string fix) => _found.Add((raw.Lines[row], problem, fix));

    public void ThrowIfAny()
    {
        if (_found.Count == 0) return;
        (int line, string problem, string fix) = _found[0];
        string more = _found.Count switch
        {
            1 => "",
            _ => $" The column has {_found.Count - 1} more such cell(s), on line(s) {string.Join(", ", _found.Skip(1).Take(5).Select(p => p.Line))}" +
                 (_found.Count > 6 ? ", ..." : "") + ".",
        };
        throw SeriesFormatException.At(raw.File, line, raw.Columns[column], problem, fix + more);
    }
}
