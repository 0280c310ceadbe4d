using System.Globalization;

namespace RnnLstm.Series;

/// <summary>
/// Loads a univariate time series from a CSV file: finds the date and value columns, checks every cell, puts the
/// values in date order, and reports anything it did or noticed.
/// </summary>
/// <example>
/// <code>
/// TimeSeries airline = SeriesCsv.Load("data/data.csv", new LoadOptions { Name = "airline" });
/// // airline: 144 monthly values 1949-01..1960-12 from data.csv, column Passengers, min 104, max 622
/// </code>
/// </example>
public static class SeriesCsv
{
    /// <summary>
    /// Reads <paramref name="file"/>. Anything wrong with it (missing file, empty file, ragged lines, a value that is
    /// missing, not a number or infinite, a bad or duplicated date, an ambiguous value column) throws a
    /// <see cref="SeriesFormatException"/> naming the file, line and column. Nothing is changed silently: sorting,
    /// gaps in the dates, ignored columns and filled values all appear in <see cref="TimeSeries.Notes"/>.
    /// </summary>
    public static TimeSeries Load(string file, LoadOptions? options = null)
    {
        options ??= new LoadOptions();
        if (options.SeasonLength is < 1) throw new ArgumentOutOfRangeException(nameof(options), "SeasonLength must be at least 1.");

        RawTable raw = RawTable.Read(file);
        (int Index, string Format)? date = FindDateColumn(raw, options);
        int value = FindValueColumn(raw, options, date?.Index);
        var notes = new List<string>();
        NoteIgnoredColumns(raw, date?.Index, value, notes);

        DateTime[]? dates = date is { } d ? ReadDates(raw, d.Index, d.Format) : null;
        double[] values = ReadValues(raw, value, options.FillMissing, out bool[] missing);
        int[] lines = (int[])raw.Lines.Clone();

        if (dates is not null)
        {
            SortByDate(raw, date!.Value.Index, dates, values, lines, missing, notes);
            RejectDuplicateDates(raw, date.Value.Index, dates, lines);
        }
        IReadOnlyList<FilledValue> fills = options.FillMissing ? MissingValues.Fill(raw, value, values, lines, missing, notes) : [];

        (SeriesFrequency frequency, IReadOnlyList<SeriesGap> gaps) = dates is null
            ? (SeriesFrequency.None, [])
            : Frequencies.Infer(dates, lines);
        NoteGaps(frequency, gaps, notes);

        return new TimeSeries(
            options.Name ?? Path.GetFileNameWithoutExtension(file), file,
            date is { } dc ? raw.Columns[dc.Index] : null, raw.Columns[value],
            dates, values, lines, frequency,
            options.SeasonLength ?? Frequencies.SeasonLength(frequency),
            gaps, fills, notes);
    }

    private static (int Index, string Format)? FindDateColumn(RawTable raw, LoadOptions options)
    {
        if (options.DateColumn is { } named)
        {
            int index = FindColumn(raw, named, nameof(LoadOptions.DateColumn));
            (int row, string text) = FirstNonEmpty(raw, index);
            string format = Cells.DetectDateFormat(text, allowYear: true)
                ?? throw SeriesFormatException.At(raw.File, raw.Lines[row], raw.Columns[index],
                    $"'{text}' is not a date in any layout the loader reads ({string.Join(", ", Cells.DateFormats)}, or a bare year yyyy).",
                    "Write the dates in one of these layouts, or leave LoadOptions.DateColumn unset if the file has no dates.");
            return (index, format);
        }
        for (int c = 0; c < raw.Columns.Length; c++)
        {
            (_, string text) = FirstNonEmpty(raw, c);
            if (Cells.DetectDateFormat(text, Cells.NameSuggestsDate(raw.Columns[c])) is { } format) return (c, format);
        }
        return null;
    }

    private static int FindValueColumn(RawTable raw, LoadOptions options, int? dateColumn)
    {
        if (options.ValueColumn is { } named)
        {
            int index = FindColumn(raw, named, nameof(LoadOptions.ValueColumn));
            if (index == dateColumn)
            {
                throw SeriesFormatException.At(raw.File, 1, raw.Columns[index], "this column was chosen as the value column but it holds the dates.",
                    "Choose another column in LoadOptions.ValueColumn, or name the real date column in LoadOptions.DateColumn.");
            }
            return index;
        }
        // Columns with any number at all; when that is one column, it is the value column even if most of its cells
        // are bad (they are then reported by line). Otherwise prefer the columns that are mostly numbers.
        int[] someNumbers = Enumerable.Range(0, raw.Columns.Length).Where(c => c != dateColumn && CountKinds(raw, c).Numbers > 0).ToArray();
        if (someNumbers.Length == 1) return someNumbers[0];
        int[] mostlyNumbers = someNumbers.Where(c => CountKinds(raw, c) is var k && k.Numbers > k.Texts).ToArray();
        if (mostlyNumbers.Length == 1) return mostlyNumbers[0];

        if (someNumbers.Length > 1)
        {
            int[] numeric = mostlyNumbers.Length > 1 ? mostlyNumbers : someNumbers;
            string names = string.Join(", ", numeric.Select(c => raw.Columns[c]));
            throw SeriesFormatException.At(raw.File, 1, null, $"several columns hold numbers ({names}) and none was chosen as the value column.",
                $"Name the one to load, e.g. new LoadOptions {{ ValueColumn = \"{raw.Columns[numeric[0]]}\" }}. " +
                "(A column of bare years counts as dates when it is called Year or Date, or is named in LoadOptions.DateColumn.)");
        }
        string described = string.Join("; ", Enumerable.Range(0, raw.Columns.Length).Select(c =>
            c == dateColumn ? $"{raw.Columns[c]} holds dates" : $"{raw.Columns[c]} starts with '{raw.Cell(0, c)}'"));
        throw SeriesFormatException.At(raw.File, 1, null, $"no column holds numbers ({described}).",
            "Add a column of numeric values (invariant culture: '.' as decimal mark), or name the value column in LoadOptions.ValueColumn to see which cells are wrong.");
    }

    /// <summary>
    /// Counts a column's number cells and text cells. Missing markers and infinities count as neither, so a value
    /// column with an "NA" or an "inf" in it is still recognised, and its bad cells are reported by line.
    /// </summary>
    private static (int Numbers, int Texts) CountKinds(RawTable raw, int column)
    {
        int numbers = 0, texts = 0;
        for (int r = 0; r < raw.RowCount; r++)
        {
            FieldKind kind = Cells.ClassifyNumber(raw.Cell(r, column), out _);
            if (kind == FieldKind.Number) numbers++;
            else if (kind == FieldKind.Text) texts++;
        }
        return (numbers, texts);
    }

    private static int FindColumn(RawTable raw, string name, string option)
    {
        int index = Array.FindIndex(raw.Columns, c => string.Equals(c, name.Trim(), StringComparison.OrdinalIgnoreCase));
        if (index < 0)
        {
            throw SeriesFormatException.At(raw.File, 1, name, $"the header has no column of this name (it has: {string.Join(", ", raw.Columns)}).",
                $"Use one of these names in LoadOptions.{option}; case and surrounding spaces do not matter.");
        }
        return index;
    }

    private static (int Row, string Text) FirstNonEmpty(RawTable raw, int column)
    {
        for (int r = 0; r < raw.RowCount; r++)
        {
            if (raw.Cell(r, column).Length > 0) return (r, raw.Cell(r, column));
        }
        return (0, "");
    }

    private static void NoteIgnoredColumns(RawTable raw, int? dateColumn, int valueColumn, List<string> notes)
    {
        string[] ignored = raw.Columns.Where((_, c) => c != dateColumn && c != valueColumn).ToArray();
        if (ignored.Length > 0) notes.Add($"Ignored column(s): {string.Join(", ", ignored)}.");
    }

    private static DateTime[] ReadDates(RawTable raw, int column, string format)
    {
        var problems = new CellProblems(raw, column);
        (int firstRow, string firstText) = FirstNonEmpty(raw, column);
        var dates = new DateTime[raw.RowCount];
        for (int r = 0; r < raw.RowCount; r++)
        {
            string text = raw.Cell(r, column);
            if (text.Length == 0)
            {
                problems.Add(r, "the date is empty.", "Every value needs a date; fill it in or remove the line.");
            }
            else if (!Cells.TryParseDate(text, format, out dates[r]))
            {
                problems.Add(r, $"'{text}' is not a date in the layout {format} that this column's first date ('{firstText}', line {raw.Lines[firstRow]}) uses.",
                    "Correct it: every date in the column must use the same layout.");
            }
        }
        problems.ThrowIfAny();
        return dates;
    }

    /// <summary>Reads the value column; a missing cell becomes NaN and is flagged in <paramref name="missing"/> (only when filling).</summary>
    private static double[] ReadValues(RawTable raw, int column, bool fillMissing, out bool[] missing)
    {
        var problems = new CellProblems(raw, column);
        var values = new double[raw.RowCount];
        missing = new bool[raw.RowCount];
        for (int r = 0; r < raw.RowCount; r++)
        {
            string text = raw.Cell(r, column);
            switch (Cells.ClassifyNumber(text, out values[r]))
            {
                case FieldKind.Missing when fillMissing:
                    missing[r] = true;
                    break;
                case FieldKind.Missing:
                    problems.Add(r, text.Length == 0 ? "the value is empty." : $"the value is missing ('{text}').",
                        "Put the value in, remove the line, or load with new LoadOptions { FillMissing = true } to interpolate it (fills are reported).");
                    break;
                case FieldKind.NonFinite:
                    problems.Add(r, $"'{text}' is not a finite number.",
                        "Replace it with the real value or remove the line: an infinity cannot be scaled or learned from.");
                    break;
                case FieldKind.Text:
                    string comma = text.Contains(',') ? " It contains ',': write decimals with '.', and no thousands separators." : "";
                    problems.Add(r, $"'{text}' is not a number.",
                        $"Write the value as a plain number in invariant culture, e.g. 112 or 112.5.{comma}");
                    break;
            }
        }
        problems.ThrowIfAny();
        return values;
    }

    /// <summary>Stable-sorts the parallel arrays by date when the file was not in date order, and says so.</summary>
    private static void SortByDate(RawTable raw, int dateColumn, DateTime[] dates, double[] values, int[] lines, bool[] missing, List<string> notes)
    {
        int firstOutOfOrder = Enumerable.Range(1, dates.Length - 1).FirstOrDefault(i => dates[i] < dates[i - 1]);
        if (firstOutOfOrder == 0) return;

        int[] order = Enumerable.Range(0, dates.Length).OrderBy(i => dates[i]).ToArray();
        notes.Add($"The lines were not in date order (line {lines[firstOutOfOrder]}, {raw.Cell(firstOutOfOrder, dateColumn)}, " +
                  $"follows line {lines[firstOutOfOrder - 1]}, {raw.Cell(firstOutOfOrder - 1, dateColumn)}); sorted by {raw.Columns[dateColumn]}.");
        Permute(dates, order);
        Permute(values, order);
        Permute(lines, order);
        Permute(missing, order);
    }

    private static void Permute<T>(T[] items, int[] order)
    {
        T[] copy = (T[])items.Clone();
        for (int i = 0; i < order.Length; i++) items[i] = copy[order[i]];
    }

    private static void RejectDuplicateDates(RawTable raw, int dateColumn, DateTime[] sortedDates, int[] lines)
    {
        for (int i = 1; i < sortedDates.Length; i++)
        {
            if (sortedDates[i] != sortedDates[i - 1]) continue;
            (int first, int second) = (Math.Min(lines[i - 1], lines[i]), Math.Max(lines[i - 1], lines[i]));
            string text = raw.Cell(Array.IndexOf(raw.Lines, second), dateColumn);
            throw SeriesFormatException.At(raw.File, second, raw.Columns[dateColumn],
                $"the date '{text}' appears twice, on lines {first} and {second}.",
                "Remove or correct one of the two lines: a series has one value per date.");
        }
    }

    private static void NoteGaps(SeriesFrequency frequency, IReadOnlyList<SeriesGap> gaps, List<string> notes)
    {
        const int listed = 10;
        string format = Frequencies.DisplayFormat(frequency);
        foreach (SeriesGap gap in gaps.Take(listed))
        {
            notes.Add($"Gap: {gap.From.ToString(format, CultureInfo.InvariantCulture)} to {gap.To.ToString(format, CultureInfo.InvariantCulture)} " +
                      $"(lines {gap.LineBefore} and {gap.LineAfter}) is {gap.Step}; the usual step is {Frequencies.StepWords(frequency)}.");
        }
        if (gaps.Count > listed) notes.Add($"... and {gaps.Count - listed} more gaps (see Gaps).");
    }
}
