using System.Globalization;

namespace RnnLstm.Series;

/// <summary>Fills missing values when the caller asked for it (<see cref="LoadOptions.FillMissing"/>), and records every fill.</summary>
internal static class MissingValues
{
    /// <summary>
    /// Linear interpolation by position between the nearest known values on either side; at either end, the nearest
    /// known value (extrapolating a trend past the data would invent one). Position rather than time is used so that
    /// 112, ?, 132 fills as 122 whatever the month lengths; for regularly spaced data the two agree.
    /// </summary>
    public static IReadOnlyList<FilledValue> Fill(RawTable raw, int column, double[] values, int[] lines, bool[] missing, List<string> notes)
    {
        var fills = new List<FilledValue>();
        for (int i = 0; i < values.Length; i++)
        {
            if (!missing[i]) continue;
            int left = Array.FindLastIndex(missing, i, m => !m);
            int right = Array.FindIndex(missing, i, m => !m);
            (double value, string how) = (left, right) switch
            {
                ( >= 0, >= 0) => (values[left] + (values[right] - values[left]) * (i - left) / (right - left),
                                  $"interpolated between lines {lines[left]} and {lines[right]}"),
                ( >= 0, _) => (values[left], $"nearest value, line {lines[left]}"),
                _ => (values[right], $"nearest value, line {lines[right]}"),
            };
            string found = raw.Cell(Array.IndexOf(raw.Lines, lines[i]), column);
            fills.Add(new FilledValue(i, lines[i], found, value, how));
        }
        // Assign after the loop: every fill must be computed from known values only, never from an earlier fill.
        foreach (FilledValue fill in fills)
        {
            values[fill.Index] = fill.Value;
            notes.Add($"Filled line {fill.Line} ('{fill.Found}') with {fill.Value.ToString(CultureInfo.InvariantCulture)} ({fill.How}).");
        }
        return fills;
    }
}
