namespace RnnLstm.Series;

/// <summary>Fills missing values when the caller asked for it (<see cref="LoadOptions.FillMissing"/>), and records every fill.</summary>
internal static class MissingValues
{
    /// <summary>How the note that states the fill rule begins.</summary>
    public const string RuleNotePrefix = "Fill rule:";

    /// <summary>
    /// Fills every position whose <paramref name="found"/> text is not null (the cell as found: "", "NA", ...).
    /// Without a split (<paramref name="boundary"/> = the length): linear interpolation by position between the nearest
    /// known values on either side; at either end, the nearest known value (extrapolating a trend past the data would
    /// invent one). Position rather than time is used so that 112, ?, 132 fills as 122 whatever the month lengths; for
    /// regularly spaced data the two agree.
    /// With a split at <paramref name="boundary"/> (the end of the training part):
    /// <list type="bullet">
    /// <item>a training fill (i &lt; boundary) reads only known values before the boundary: interpolation between them,
    /// and the last training value carried forward where the next known value is in the test part;</item>
    /// <item>a test fill (i ≥ boundary) is causal: y[i] := the last known y[j], j &lt; i. A one-step forecast of y[i+1]
    /// made at time i may read the filled y[i]; interpolating towards y[i+1] would let it read the very value it
    /// forecasts.</item>
    /// </list>
    /// A gap with no known value before it (a blank first line) takes the next known value: there is nothing earlier to
    /// carry. The forecaster scores filled test values like read ones; each is listed in the notes.
    /// </summary>
    /// <param name="values">Known values; the filled ones are written into it.</param>
    /// <param name="found">Per position, the missing cell's text, or null for a known value.</param>
    /// <param name="lines">Per position, the file line (for the notes).</param>
    /// <param name="boundary">Fills before this position use only known values before it; fills at or after it only earlier values.</param>
    /// <param name="notes">Receives one note per fill and one stating the rule.</param>
    public static IReadOnlyList<FilledValue> Fill(double[] values, string?[] found, int[] lines, int boundary, List<string> notes)
    {
        bool[] known = found.Select(f => f is null).ToArray();
        var fills = new List<FilledValue>();
        for (int i = 0; i < values.Length; i++)
        {
            if (known[i]) continue;
            int left = Array.FindLastIndex(known, i, k => k);
            int right = Array.FindIndex(known, i, k => k);
            bool inTest = i >= boundary;
            bool cutAtBoundary = !inTest && right >= boundary && left >= 0;
            if (cutAtBoundary || (inTest && left >= 0)) right = -1;
            (double value, string how) = (left, right) switch
            {
                ( >= 0, >= 0) => (values[left] + (values[right] - values[left]) * (i - left) / (right - left),
                                  $"interpolated between lines {lines[left]} and {lines[right]}"),
                ( >= 0, _) when cutAtBoundary => (values[left], $"last training value carried forward, line {lines[left]}"),
                ( >= 0, _) when inTest => (values[left], $"last known value carried forward, line {lines[left]}"),
                ( >= 0, _) => (values[left], $"nearest value, line {lines[left]}"),
                _ => (values[right], $"nearest value, line {lines[right]}"),
            };
            fills.Add(new FilledValue(i, lines[i], found[i]!, value, how));
        }
        // Assign after the loop: every fill must be computed from known values only, never from an earlier fill.
        foreach (FilledValue fill in fills)
        {
            values[fill.Index] = fill.Value;
            notes.Add(fill.Note);
        }
        if (fills.Count > 0) notes.Add(RuleNote(boundary, values.Length));
        return fills;
    }

    private static string RuleNote(int boundary, int count) => boundary >= count
        ? $"{RuleNotePrefix} linear interpolation between the nearest known values (by position), the nearest known value at either end."
        : $"{RuleNotePrefix} the training part (the first {boundary} values) is filled from training values only: linear interpolation " +
          "between them, and the last training value carried forward where the next known value is in the test part; " +
          "the test part from earlier values only: the last known value carried forward, so no forecast reads the value it forecasts; " +
          "filled test values are scored like read ones.";
}
