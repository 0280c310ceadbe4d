using System.Globalization;
using System.Text;
using Microsoft.Data.Analysis;

namespace RnnLstm.Series;

/// <summary>
/// A CSV file read as text: header names, the separator, and every data cell as a trimmed string,
/// with the file line each data row came from.
/// </summary>
/// <remarks>
/// Why two passes. <c>DataFrame.LoadCsv</c> (Microsoft.Data.Analysis 0.23.1)
/// does the reading, but on its own it reports problems badly: it guesses float32, turns a column with "NA" into strings,
/// throws a bare <see cref="FormatException"/> for a bad number, calls an extra field "less columns than expected" and
/// reads a header-only file as zero columns. So this class first scans the raw lines itself (separator, field counts,
/// quotes, line numbers) and only then asks LoadCsv for an all-string table, which by then cannot fail in a way
/// we have not already explained. Parsing strings into dates and numbers happens later, in <see cref="SeriesCsv"/>,
/// where the file line and column of every cell are known.
/// </remarks>
internal sealed class RawTable
{
    private readonly DataFrame _cells;

    private RawTable(string file, char separator, string[] columns, bool hasHeader, int[] lines, DataFrame cells, string? note)
    {
        File = file;
        Note = note;
        Separator = separator;
        Columns = columns;
        HasHeader = hasHeader;
        Lines = lines;
        _cells = cells;
    }

    /// <summary>The name given to an unnamed first column (pandas' <c>to_csv</c> writes its index that way): <c>(index)</c>.</summary>
    public const string IndexName = "(index)";

    /// <summary>The name given to the one column of a file without a header: <c>value</c>.</summary>
    public const string HeaderlessName = "value";

    public string File { get; }
    public char Separator { get; }

    /// <summary>What the reader should know about how the file was read (a <c>sep=</c> line), or null.</summary>
    public string? Note { get; }

    /// <summary>Header names, trimmed and unquoted, in file order (<see cref="IndexName"/> for an unnamed first column).</summary>
    public string[] Columns { get; }

    /// <summary>False for a file that is one column of numbers without a header line (its data start on line 1).</summary>
    public bool HasHeader { get; }

    /// <summary>True when the header's first field is empty: that column is an index, as pandas writes it.</summary>
    public bool HasUnnamedIndex => HasHeader && Columns.Length > 1 && Columns[0] == IndexName;

    /// <summary>The 1-based file line of each data row (blank lines are skipped, so these need not be consecutive).</summary>
    public int[] Lines { get; }

    public int RowCount => Lines.Length;

    /// <summary>The trimmed text of one cell; "" for an empty cell.</summary>
    public string Cell(int row, int column) => (string?)_cells.Columns[column][row] ?? "";

    /// <summary>Reads <paramref name="file"/>, throwing <see cref="SeriesFormatException"/> for anything structurally wrong.</summary>
    /// <param name="file">The CSV file.</param>
    /// <param name="audience">Whose words the advice uses.</param>
    public static RawTable Read(string file, MessageAudience audience)
    {
        if (Directory.Exists(file))
        {
            throw SeriesFormatException.At(file, null, null, $"'{Path.GetFullPath(file)}' is a folder, not a file.",
                "Give the path of one CSV file in it" + (audience == MessageAudience.Cli ? " (forecast-suite takes a folder)." : "."));
        }
        if (!System.IO.File.Exists(file))
        {
            throw SeriesFormatException.At(file, null, null,
                $"the file does not exist (looked for '{Path.GetFullPath(file)}').",
                $"Check the path; a relative path is resolved against the current directory, '{Environment.CurrentDirectory}'.");
        }

        string[] text = System.IO.File.ReadAllLines(file);
        int headerIndex = Array.FindIndex(text, line => !string.IsNullOrWhiteSpace(line));
        if (headerIndex < 0)
        {
            throw SeriesFormatException.At(file, null, null, "the file is empty.",
                "A series file needs a header line naming the columns and one line per value, e.g. 'Month,Passengers' then '1949-01,112'.");
        }
        if (headerIndex > 0)
        {
            throw SeriesFormatException.At(file, 1, null, "the file starts with a blank line.",
                $"Delete the blank line(s) so the header (now on line {headerIndex + 1}) is line 1.");
        }

        char? declared = DeclaredSeparator(text[0]);
        int header = declared is null ? 0 : 1; // index of the header line in text
        if (declared is not null && (header >= text.Length || string.IsNullOrWhiteSpace(text[header])))
        {
            throw SeriesFormatException.At(file, 1, null, $"line 1 ('{text[0].Trim()}') declares the separator, but no header follows it on line 2.",
                "Put the header line naming the columns right after the 'sep=' line, then one line per value.");
        }
        char separator = declared ?? DetectSeparator(text[header]);
        bool hasHeader = !IsHeaderlessColumn(text[header], separator);
        string[] columns = hasHeader ? ReadHeader(file, text[header], header + 1, separator) : [HeaderlessName];
        int[] lines = CheckDataLines(file, text, header, separator, columns, hasHeader, audience);

        var dataTypes = Enumerable.Repeat(typeof(string), columns.Length).ToArray();
        DataFrame cells = declared is null
            ? DataFrame.LoadCsv(file, separator, header: hasHeader, columnNames: columns, dataTypes: dataTypes, cultureInfo: CultureInfo.InvariantCulture)
            : DataFrame.LoadCsvFromString(string.Join("\n", text.Skip(header)), separator, header: hasHeader, columnNames: columns, dataTypes: dataTypes,
                cultureInfo: CultureInfo.InvariantCulture);
        if (cells.Rows.Count != lines.Length)
        {
            // Both readers skip blank lines and honour quotes; a mismatch means a construct neither check foresaw.
            throw SeriesFormatException.At(file, null, null,
                $"the file has {lines.Length} data lines but the CSV reader found {cells.Rows.Count} rows.",
                "Look for quoted fields spanning lines or unusual quoting, and simplify them.");
        }
        string? note = declared is char d
            ? $"Line 1 ('{text[0].Trim()}') declares the separator {LoadAdvice.Show(d)}, as Excel writes it; the header is line 2."
            : null;
        return new RawTable(file, separator, columns, hasHeader, lines, cells, note);
    }

    /// <summary>
    /// The separator that a first line such as <c>sep=;</c> declares (Excel writes and honours this line; it may be
    /// quoted, <c>"sep=;"</c>, and any other fields on the line must be empty), or null when line 1 is not such a line.
    /// </summary>
    internal static char? DeclaredSeparator(string firstLine)
    {
        string line = firstLine.Trim();
        if (line.StartsWith('"')) line = line[1..].Replace("\"", "");
        if (line.Length < 5 || !line.StartsWith("sep=", StringComparison.OrdinalIgnoreCase) || char.IsWhiteSpace(line[4])) return null;
        char separator = line[4];
        return line[5..].All(c => c == separator) ? separator : null; // "sep=;;;": a spreadsheet's empty fields after it
    }

    /// <summary>The separators recognised, in order of preference on a tie.</summary>
    private static readonly char[] Separators = [',', ';', '\t'];

    /// <summary>
    /// The separator that splits the header into the most fields: ',', ';' (the usual choice where ',' is the decimal
    /// mark) or a tab. A one-column file has none, and ',' is then as good as any.
    /// </summary>
    internal static char DetectSeparator(string header) =>
        Separators.OrderByDescending(s => SplitFields(header, s)?.Count ?? 0).First();

    /// <summary>A first line that is one number: the file is a single column of values without a header.</summary>
    private static bool IsHeaderlessColumn(string firstLine, char separator) =>
        SplitFields(firstLine, separator) is [string only] && double.TryParse(only, NumberStyles.Float, CultureInfo.InvariantCulture, out _);

    private static string[] ReadHeader(string file, string header, int headerLine, char separator)
    {
        List<string>? fields = SplitFields(header, separator);
        if (fields is null)
        {
            throw SeriesFormatException.At(file, headerLine, null, "the header has a quote (\") that is never closed.",
                "Close the quote or remove it.");
        }
        string[] names = fields.ToArray();
        if (names.Length > 1 && names[0].Length == 0) names[0] = IndexName; // pandas' to_csv: the index column has no name
        for (int i = 0; i < names.Length; i++)
        {
            if (names[i].Length == 0)
            {
                throw SeriesFormatException.At(file, headerLine, null, $"field {i + 1} of the header is empty, so that column has no name.",
                    "Give every column a name in the header line.");
            }
            int earlier = Array.FindIndex(names, 0, i, n => string.Equals(n, names[i], StringComparison.OrdinalIgnoreCase));
            if (earlier >= 0)
            {
                throw SeriesFormatException.At(file, headerLine, names[i],
                    $"the header names this column twice (fields {earlier + 1} and {i + 1}; names are compared ignoring case).",
                    "Rename one of them.");
            }
        }
        if (names.All(n => double.TryParse(n, NumberStyles.Float, CultureInfo.InvariantCulture, out _)))
        {
            throw SeriesFormatException.At(file, headerLine, null, $"the first line ('{header.Trim()}') looks like data, not a header.",
                "Add a header line naming the columns, e.g. 'Month,Passengers' (only a file of one column may go without one).");
        }
        return names;
    }

    /// <summary>Returns the file line of every non-blank data line, after checking each has one field per column.</summary>
    private static int[] CheckDataLines(string file, string[] text, int header, char separator, string[] columns, bool hasHeader, MessageAudience audience)
    {
        var lines = new List<int>();
        string first = hasHeader ? $"the header (line {header + 1}) names {columns.Length} columns ({string.Join(", ", columns)})" : $"line {header + 1} has 1 field (the file has no header)";
        for (int i = hasHeader ? header + 1 : header; i < text.Length; i++)
        {
            if (string.IsNullOrWhiteSpace(text[i])) continue;
            int line = i + 1;
            List<string>? fields = SplitFields(text[i], separator);
            if (fields is null)
            {
                throw SeriesFormatException.At(file, line, null, "this line has a quote (\") that is never closed (a field may not span lines).",
                    "Close the quote or remove it.");
            }
            if (fields.Count != columns.Length && OtherSeparator(text[i], separator, columns.Length) is char other)
            {
                throw SeriesFormatException.At(file, line, null,
                    $"this line is separated by {LoadAdvice.Show(other)} but {first} separated by {LoadAdvice.Show(separator)}.",
                    "Use one separator throughout the file.");
            }
            if (fields.Count > columns.Length)
            {
                string decimalComma = separator == ',' && fields.Count == columns.Length + 1 && fields.All(f => f.Length > 0)
                    ? $" If ',' is the decimal mark here ('{fields[^2]},{fields[^1]}'), separate the fields with ';' instead (as spreadsheets set to such a language do), " +
                      $"or quote each value (\"{fields[^2]},{fields[^1]}\") and use {LoadAdvice.Set(audience, LoadSetting.DecimalSeparator, ",")}."
                    : "";
                throw SeriesFormatException.At(file, line, null,
                    $"this line has {fields.Count} fields but {first}; field {columns.Length + 1} ('{fields[columns.Length]}') has no column.",
                    $"Remove the extra {LoadAdvice.Show(separator)} or add a name for the column to the header.{decimalComma}");
            }
            if (fields.Count < columns.Length)
            {
                throw SeriesFormatException.At(file, line, columns[fields.Count],
                    $"this line has {fields.Count} fields but {first}, so this column has no field at all.",
                    $"Add the missing field(s); write an empty field between separators ('{separator}{separator}') for a missing value.");
            }
            lines.Add(line);
        }
        if (lines.Count == 0)
        {
            throw SeriesFormatException.At(file, header + 1, null, "the file has a header but no data lines.",
                "Add one line per value below the header.");
        }
        return lines.ToArray();
    }

    /// <summary>Another separator that splits <paramref name="line"/> into exactly <paramref name="count"/> fields (a file mixing separators), or null.</summary>
    private static char? OtherSeparator(string line, char separator, int count) =>
        count > 1 && Separators.FirstOrDefault(s => s != separator && SplitFields(line, s)?.Count == count) is char c and not '\0' ? c : null;

    /// <summary>
    /// Splits one line at <paramref name="separator"/>, honouring double quotes ("" inside quotes is one quote),
    /// and trims each field, as LoadCsv does. Returns null when a quote is left open.
    /// </summary>
    internal static List<string>? SplitFields(string line, char separator)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"') { field.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else field.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == separator) { fields.Add(field.ToString().Trim()); field.Clear(); }
            else field.Append(c);
        }
        if (quoted) return null;
        fields.Add(field.ToString().Trim());
        return fields;
    }
}
