using System.Globalization;

namespace RnnLstm.Series;

/// <summary>
/// Loads a univariate time series from a CSV file: finds the date and value columns, checks every cell, puts the
/// values in date order, and reports anything it did or noticed.
/// </summary>
/// <remarks>
/// Shapes read without options: ',', ';' or tab separators; a header, or none for a file that is one column of
/// numbers; an unnamed first column (pandas' <c>to_csv</c> index) taken as the dates or dropped; dates as ISO 8601
/// (with T, fractional seconds, Z or offsets, converted to UTC), yyyy-MM, MMM-yyyy and the like, or day/month numbers
/// whose order the data decides; decimal commas in ';'- or tab-separated files.
/// </remarks>
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
    /// missing, not a number or infinite, a bad, ambiguous or duplicated date, an ambiguous value column) throws a
    /// <see cref="SeriesFormatException"/> naming the file, line and column, with advice in the words of
    /// <see cref="LoadOptions.Audience"/>. Nothing is changed silently: sorting, gaps in the dates, ignored columns,
    /// the decimal mark, time zones and filled values all appear in <see cref="TimeSeries.Notes"/>.
    /// </summary>
    public static TimeSeries Load(string file, LoadOptions? options = null)
    {
        options ??= new LoadOptions();
        if (options.SeasonLength is < 1) throw new ArgumentOutOfRangeException(nameof(options), "SeasonLength must be at least 1.");
        if (options.DecimalSeparator is not (null or '.' or ',')) throw new ArgumentOutOfRangeException(nameof(options), "DecimalSeparator must be '.' or ','.");

        var reader = new Reader(RawTable.Read(file, options.Audience), options);
        return reader.Load(file);
    }

    /// <summary>One load: the raw table, the options, and the notes gathered on the way.</summary>
    private sealed class Reader(RawTable raw, LoadOptions options)
    {
        private readonly List<string> _notes = [];
        private MessageAudience Say => options.Audience;

        public TimeSeries Load(string file)
        {
            if (raw.Note is { } readNote) _notes.Add(readNote);
            if (!raw.HasHeader) _notes.Add($"The file has no header: its one column is read as the values, from line {raw.Lines[0]} (called '{RawTable.HeaderlessName}').");
            (int Index, DateLayout Layout)? date = FindDateColumn();
            if (date is { Layout.DayMonthUndecided: true } undecided) date = (undecided.Index, DecideDayMonth(undecided.Index));
            int value = FindValueColumn(date?.Index);
            NoteIgnoredColumns(date?.Index, value);

            DateTime[]? dates = date is { } d ? ReadDates(d.Index, d.Layout) : null;
            double[] values = ReadValues(value, out string?[] missing);
            int[] lines = (int[])raw.Lines.Clone();

            if (dates is not null)
            {
                SortByDate(date!.Value.Index, dates, values, lines, missing);
                RejectDuplicateDates(date.Value.Index, dates, lines);
            }
            IReadOnlyList<FilledValue> fills = options.FillMissing ? MissingValues.Fill(values, missing, lines, values.Length, _notes) : [];

            (SeriesFrequency frequency, SeriesStep? step, IReadOnlyList<SeriesGap> gaps) = dates is null
                ? (SeriesFrequency.None, null, [])
                : Frequencies.Infer(dates, lines);
            NoteGaps(frequency, step, gaps);

            return new TimeSeries(
                options.Name ?? Path.GetFileNameWithoutExtension(file), file,
                date is { } dc ? raw.Columns[dc.Index] : null, raw.Columns[value],
                dates, values, lines, frequency,
                options.SeasonLength ?? Frequencies.SeasonLength(frequency, step),
                gaps, fills, _notes);
        }

        private (int Index, DateLayout Layout)? FindDateColumn()
        {
            DateLayout? given = options.DateFormat is { } f ? DateLayout.FromFormat(f) : null;
            if (options.DateColumn is { } named)
            {
                int index = FindColumn(named, LoadSetting.DateColumn);
                (int row, string text) = FirstNonEmpty(index);
                DateLayout? layout = given ?? DateLayout.Detect(text, allowYear: true);
                if (layout is null || (given is not null && !given.TryParse(text, out _, out _)))
                {
                    throw SeriesFormatException.At(raw.File, raw.Lines[row], raw.Columns[index], NotADate(text),
                        $"Write the dates in one of these layouts, give yours with {LoadAdvice.Set(Say, LoadSetting.DateFormat, "dd.MM.yyyy")}, " +
                        $"or leave {LoadAdvice.Name(Say, LoadSetting.DateColumn)} unset if the file has no dates.");
                }
                return (index, layout);
            }
            for (int c = 0; c < raw.Columns.Length; c++)
            {
                (_, string text) = FirstNonEmpty(c);
                DateLayout? layout = given is null ? DateLayout.Detect(text, FieldText.NameSuggestsDate(raw.Columns[c]))
                    : given.TryParse(text, out _, out _) ? given : null;
                if (layout is not null) return (c, layout);
            }
            if (given is not null)
            {
                string firstCells = string.Join(", ", Enumerable.Range(0, raw.Columns.Length).Select(c => $"{raw.Columns[c]} '{raw.Cell(0, c)}'"));
                throw SeriesFormatException.At(raw.File, raw.Lines[0], null,
                    $"no column's first value is a date in the format '{given.Name}' given as {LoadAdvice.Name(Say, LoadSetting.DateFormat)} (this line has: {firstCells}).",
                    "Correct the format: a .NET custom date format such as dd/MM/yyyy, M/d/yyyy HH:mm or yyyy-MM-dd'T'HH:mm:ssK.");
            }
            return null;
        }

        private string NotADate(string text) => options.DateFormat is { } f
            ? $"'{text}' is not a date in the format '{f}' given as {LoadAdvice.Name(Say, LoadSetting.DateFormat)}."
            : $"'{text}' is not a date in any layout the loader reads ({DateLayout.KnownNames}).";

        /// <summary>Day first or month first, from the dates themselves: a first number above 12 is a day, a second one too.</summary>
        private DateLayout DecideDayMonth(int column)
        {
            string[] texts = Enumerable.Range(0, raw.RowCount).Select(r => raw.Cell(r, column)).ToArray();
            DateLayout? decided = DateLayout.DecideDayMonth(texts, out int? contradiction, out int? decidedBy);
            if (contradiction is int bad)
            {
                throw SeriesFormatException.At(raw.File, raw.Lines[bad], raw.Columns[column],
                    $"'{texts[bad]}' and '{texts[decidedBy!.Value]}' (line {raw.Lines[decidedBy.Value]}) cannot both be right: " +
                    "one can only be read day first, the other only month first (each has a number above 12 in a different place).",
                    $"Write every date of the column in the same order, or give the layout with {LoadAdvice.Set(Say, LoadSetting.DateFormat, DateLayout.BothReadings(texts[bad]).DayFirst)}.");
            }
            if (decided is null)
            {
                // The example is the first date whose two readings differ (01/01/2020 reads the same both ways).
                (string dayFirst, string monthFirst) = DateLayout.BothReadings(FirstNonEmpty(column).Text);
                int row = Math.Max(0, Array.FindIndex(texts, t => t.Length > 0 && Reading(t, dayFirst) != Reading(t, monthFirst)));
                string text = texts[row];
                throw SeriesFormatException.At(raw.File, raw.Lines[row], raw.Columns[column],
                    $"every date in this column reads both day first and month first (no number in either place is above 12), " +
                    $"so '{text}' could be {Reading(text, dayFirst)} or {Reading(text, monthFirst)}.",
                    $"Say which: {LoadAdvice.Set(Say, LoadSetting.DateFormat, dayFirst)} (day first) or {LoadAdvice.Set(Say, LoadSetting.DateFormat, monthFirst)} (month first).");
            }
            _notes.Add($"The dates in {raw.Columns[column]} are read as {decided.Name}: '{texts[decidedBy!.Value]}' on line {raw.Lines[decidedBy.Value]} reads no other way.");
            return decided;

            static string Reading(string text, string format) =>
                DateTime.TryParseExact(text, format.Replace("dd", "d").Replace("MM", "M").Replace("HH", "H"), CultureInfo.InvariantCulture, DateTimeStyles.None, out DateTime d)
                    ? d.ToString("d MMMM yyyy", CultureInfo.InvariantCulture) : format;
        }

        private int FindValueColumn(int? dateColumn)
        {
            if (options.ValueColumn is { } named)
            {
                int index = FindColumn(named, LoadSetting.ValueColumn);
                if (index == dateColumn)
                {
                    throw SeriesFormatException.At(raw.File, 1, raw.Columns[index], "this column was chosen as the value column but it holds the dates.",
                        $"Choose another column in {LoadAdvice.Name(Say, LoadSetting.ValueColumn)}, or name the real date column in {LoadAdvice.Name(Say, LoadSetting.DateColumn)}.");
                }
                return index;
            }
            // Columns with any number at all; when that is one column, it is the value column even if most of its cells
            // are bad (they are then reported by line). Otherwise prefer the columns that are mostly numbers.
            int[] candidates = Enumerable.Range(0, raw.Columns.Length).Where(c => c != dateColumn && !(raw.HasUnnamedIndex && c == 0)).ToArray();
            int[] someNumbers = candidates.Where(c => CountKinds(c).Numbers > 0).ToArray();
            if (someNumbers.Length == 1) return someNumbers[0];
            int[] mostlyNumbers = someNumbers.Where(c => CountKinds(c) is var k && k.Numbers > k.Texts).ToArray();
            if (mostlyNumbers.Length == 1) return mostlyNumbers[0];

            if (someNumbers.Length > 1)
            {
                int[] numeric = mostlyNumbers.Length > 1 ? mostlyNumbers : someNumbers;
                string names = string.Join(", ", numeric.Select(c => raw.Columns[c]));
                throw SeriesFormatException.At(raw.File, 1, null, $"several columns hold numbers ({names}) and none was chosen as the value column.",
                    $"Name the one to load, e.g. {LoadAdvice.Set(Say, LoadSetting.ValueColumn, raw.Columns[numeric[0]])}. " +
                    $"(A column of bare years counts as dates when it is called Year or Date, or is named in {LoadAdvice.Name(Say, LoadSetting.DateColumn)}.)");
            }
            foreach (int c in candidates)
            {
                int row = Enumerable.Range(0, raw.RowCount).FirstOrDefault(r => FieldText.ClassifyNumber(raw.Cell(r, c), ',', out _) == FieldKind.Number, -1);
                if (row < 0 || options.DecimalSeparator is not null) continue;
                throw SeriesFormatException.At(raw.File, raw.Lines[row], raw.Columns[c],
                    $"'{raw.Cell(row, c)}' is not a number with '.' as the decimal mark, and no column holds such numbers.",
                    $"If ',' is the decimal mark, read it so with {LoadAdvice.Set(Say, LoadSetting.DecimalSeparator, ",")}; otherwise write decimals with '.'.");
            }
            string described = string.Join("; ", Enumerable.Range(0, raw.Columns.Length).Select(c =>
                c == dateColumn ? $"{raw.Columns[c]} holds dates" : $"{raw.Columns[c]} starts with '{raw.Cell(0, c)}'"));
            throw SeriesFormatException.At(raw.File, 1, null, $"no column holds numbers ({described}).",
                $"Add a column of numeric values, or name the value column in {LoadAdvice.Name(Say, LoadSetting.ValueColumn)} to see which cells are wrong.");
        }

        /// <summary>
        /// Counts a column's number cells and text cells (with its own decimal mark). Missing markers and infinities
        /// count as neither, so a value column with an "NA" or an "inf" in it is still recognised, and its bad cells are
        /// reported by line.
        /// </summary>
        private (int Numbers, int Texts) CountKinds(int column)
        {
            char mark = FieldText.DecimalMark(raw, column, options.DecimalSeparator).Mark;
            int numbers = 0, texts = 0;
            for (int r = 0; r < raw.RowCount; r++)
            {
                FieldKind kind = FieldText.ClassifyNumber(raw.Cell(r, column), mark, out _);
                if (kind == FieldKind.Number) numbers++;
                else if (kind == FieldKind.Text) texts++;
            }
            return (numbers, texts);
        }

        private int FindColumn(string name, LoadSetting setting)
        {
            int index = Array.FindIndex(raw.Columns, c => string.Equals(c, name.Trim(), StringComparison.OrdinalIgnoreCase));
            if (index < 0)
            {
                throw SeriesFormatException.At(raw.File, 1, name, $"the header has no column of this name (it has: {string.Join(", ", raw.Columns)}).",
                    $"Use one of these names in {LoadAdvice.Name(Say, setting)}; case and surrounding spaces do not matter.");
            }
            return index;
        }

        private (int Row, string Text) FirstNonEmpty(int column)
        {
            for (int r = 0; r < raw.RowCount; r++)
            {
                if (raw.Cell(r, column).Length > 0) return (r, raw.Cell(r, column));
            }
            return (0, "");
        }

        private void NoteIgnoredColumns(int? dateColumn, int valueColumn)
        {
            if (raw.HasUnnamedIndex)
            {
                _notes.Add(dateColumn == 0
                    ? $"The unnamed first column (an index, as pandas writes one) holds the dates; it is called '{RawTable.IndexName}'."
                    : $"The unnamed first column is an index (as pandas writes one) and is ignored: {IndexContents()}.");
            }
            string[] ignored = raw.Columns.Where((_, c) => c != dateColumn && c != valueColumn && !(raw.HasUnnamedIndex && c == 0)).ToArray();
            if (ignored.Length > 0) _notes.Add($"Ignored column(s): {string.Join(", ", ignored)}.");
        }

        /// <summary>"row numbers 0..143", or what the index starts with.</summary>
        private string IndexContents()
        {
            var numbers = Enumerable.Range(0, raw.RowCount).Select(r => long.TryParse(raw.Cell(r, 0), NumberStyles.None, CultureInfo.InvariantCulture, out long n) ? n : (long?)null).ToArray();
            bool rowNumbers = numbers.All(n => n is not null) && numbers.Select((n, i) => n - i).Distinct().Count() == 1;
            return rowNumbers ? $"row numbers {numbers[0]}..{numbers[^1]}" : $"it starts with '{raw.Cell(0, 0)}'";
        }

        private DateTime[] ReadDates(int column, DateLayout layout)
        {
            var problems = new CellProblems(raw, column);
            (int firstRow, string firstText) = FirstNonEmpty(column);
            var read = new DateTimeOffset[raw.RowCount];
            var zoned = new bool[raw.RowCount];
            for (int r = 0; r < raw.RowCount; r++)
            {
                string text = raw.Cell(r, column);
                if (text.Length == 0)
                {
                    problems.Add(r, "the date is empty.", "Every value needs a date; fill it in or remove the line.");
                }
                else if (!layout.TryParse(text, out read[r], out zoned[r]))
                {
                    problems.Add(r, $"'{text}' is not a date in the layout {layout.Name} that this column's first date ('{firstText}', line {raw.Lines[firstRow]}) uses.",
                        "Correct it: every date in the column must use the same layout.");
                }
            }
            problems.ThrowIfAny();
            return OnOneClock(column, read, zoned);
        }

        /// <summary>
        /// Dates with a zone (Z, +01:00) are converted to UTC, so a series that crosses a daylight-saving change
        /// keeps its one-hour steps; dates without one are taken as written. A column may not mix the two.
        /// </summary>
        private DateTime[] OnOneClock(int column, DateTimeOffset[] read, bool[] zoned)
        {
            int withZone = Array.IndexOf(zoned, true);
            if (withZone < 0) return read.Select(d => d.DateTime).ToArray();
            int without = Array.IndexOf(zoned, false);
            if (without >= 0)
            {
                throw SeriesFormatException.At(raw.File, raw.Lines[without], raw.Columns[column],
                    $"'{raw.Cell(without, column)}' has no time zone but line {raw.Lines[withZone]} ('{raw.Cell(withZone, column)}') has one, so they cannot be put on one clock.",
                    "Give every date its zone (Z or ±hh:mm) or none.");
            }
            string offsets = string.Join(", ", read.Select(d => d.Offset).Distinct().Select(o => o == TimeSpan.Zero ? "Z" : (o < TimeSpan.Zero ? "-" : "+") + o.ToString(@"hh\:mm", CultureInfo.InvariantCulture)));
            _notes.Add($"The dates in {raw.Columns[column]} carry time zones ({offsets}); all are converted to UTC " +
                       $"('{raw.Cell(0, column)}' on line {raw.Lines[0]} is {read[0].UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)} UTC).");
            return read.Select(d => d.UtcDateTime).ToArray();
        }

        /// <summary>Reads the value column; a missing cell becomes NaN and its text goes into <paramref name="missing"/> (only when filling).</summary>
        private double[] ReadValues(int column, out string?[] missing)
        {
            (char mark, int? decidedBy) = FieldText.DecimalMark(raw, column, options.DecimalSeparator);
            if (mark == ',' && decidedBy is int d)
            {
                _notes.Add($"The values in {raw.Columns[column]} are read with ',' as the decimal mark " +
                           $"(the file is separated by {LoadAdvice.Show(raw.Separator)}, and line {raw.Lines[d]} has '{raw.Cell(d, column)}').");
            }
            var problems = new CellProblems(raw, column);
            var values = new double[raw.RowCount];
            missing = new string?[raw.RowCount];
            for (int r = 0; r < raw.RowCount; r++)
            {
                string text = raw.Cell(r, column);
                switch (FieldText.ClassifyNumber(text, mark, out values[r]))
                {
                    case FieldKind.Missing when options.FillMissing:
                        missing[r] = text;
                        break;
                    case FieldKind.Missing:
                        problems.Add(r, text.Length == 0 ? "the value is empty." : $"the value is missing ('{text}').",
                            $"Put the value in, remove the line, or fill it with {LoadAdvice.Set(Say, LoadSetting.FillMissing)} (linear interpolation; fills are reported).");
                        break;
                    case FieldKind.NonFinite:
                        problems.Add(r, $"'{text}' is not a finite number.",
                            "Replace it with the real value or remove the line: an infinity cannot be scaled or learned from.");
                        break;
                    case FieldKind.Text:
                        problems.Add(r, $"'{text}' is not a number.", $"Write the value as a plain number, e.g. 112 or 112{mark}5.{MarkHint(text, column, mark, decidedBy)}");
                        break;
                }
            }
            problems.ThrowIfAny();
            return values;
        }

        /// <summary>Advice for a value that has the other decimal mark (or a thousands separator).</summary>
        private string MarkHint(string text, int column, char mark, int? decidedBy)
        {
            char other = mark == ',' ? '.' : ',';
            if (!text.Contains(other)) return "";
            if (decidedBy is int d)
            {
                return $" It contains '{other}' but line {raw.Lines[d]} ('{raw.Cell(d, column)}') uses '{mark}' as the decimal mark: use one mark throughout the column, and no thousands separators.";
            }
            if (options.DecimalSeparator is not null)
            {
                return $" It contains '{other}' but the decimal mark is '{mark}' ({LoadAdvice.Name(Say, LoadSetting.DecimalSeparator)}); write no thousands separators.";
            }
            return $" It contains ',': in a ','-separated file write decimals with '.', and no thousands separators, or read ',' as the decimal mark with {LoadAdvice.Set(Say, LoadSetting.DecimalSeparator, ",")}.";
        }

        /// <summary>Stable-sorts the parallel arrays by date when the file was not in date order, and says so.</summary>
        private void SortByDate(int dateColumn, DateTime[] dates, double[] values, int[] lines, string?[] missing)
        {
            int firstOutOfOrder = Enumerable.Range(1, dates.Length - 1).FirstOrDefault(i => dates[i] < dates[i - 1]);
            if (firstOutOfOrder == 0) return;

            int[] order = Enumerable.Range(0, dates.Length).OrderBy(i => dates[i]).ToArray();
            _notes.Add($"The lines were not in date order (line {lines[firstOutOfOrder]}, {raw.Cell(firstOutOfOrder, dateColumn)}, " +
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

        private void RejectDuplicateDates(int dateColumn, DateTime[] sortedDates, int[] lines)
        {
            for (int i = 1; i < sortedDates.Length; i++)
            {
                if (sortedDates[i] != sortedDates[i - 1]) continue;
                (int first, int second) = (Math.Min(lines[i - 1], lines[i]), Math.Max(lines[i - 1], lines[i]));
                string text = raw.Cell(Array.IndexOf(raw.Lines, second), dateColumn);
                string other = raw.Cell(Array.IndexOf(raw.Lines, first), dateColumn);
                string same = other == text ? $"the date '{text}' appears twice" : $"the date '{text}' is the same moment as '{other}'";
                throw SeriesFormatException.At(raw.File, second, raw.Columns[dateColumn],
                    $"{same}, on lines {first} and {second}.",
                    "Remove or correct one of the two lines: a series has one value per date.");
            }
        }

        private void NoteGaps(SeriesFrequency frequency, SeriesStep? step, IReadOnlyList<SeriesGap> gaps)
        {
            const int listed = 10;
            string format = Frequencies.DisplayFormat(frequency);
            foreach (SeriesGap gap in gaps.Take(listed))
            {
                _notes.Add($"Gap: {gap.From.ToString(format, CultureInfo.InvariantCulture)} to {gap.To.ToString(format, CultureInfo.InvariantCulture)} " +
                           $"(lines {gap.LineBefore} and {gap.LineAfter}) is {gap.Step}; the usual step is {Frequencies.StepWords(frequency, step)}.");
            }
            if (gaps.Count > listed) _notes.Add($"... and {gaps.Count - listed} more gaps (see Gaps).");
        }
    }
}
