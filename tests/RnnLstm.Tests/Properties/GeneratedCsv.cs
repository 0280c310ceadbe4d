using System.Globalization;
using System.Text;
using CsCheck;

namespace RnnLstm.Tests.Properties;

/// <summary>A generated series file: its bytes, and a short description of how it was made (for failure reports).</summary>
/// <param name="Bytes">The file's content, encoding and BOM included.</param>
/// <param name="Recipe">e.g. "12 rows, ';', monthly yyyy-MM, shuffled, sep= line, UTF-16 BOM".</param>
/// <param name="Text">The text before encoding (for printing a failing case).</param>
internal sealed record CsvFile(byte[] Bytes, string Recipe, string Text)
{
    /// <summary>The recipe and the first lines of the text.</summary>
    public override string ToString() => Recipe + "\n" + string.Join("\n", Text.Split('\n').Take(12)) + (Text.Count(c => c == '\n') > 12 ? "\n..." : "");
}

/// <summary>
/// CsCheck generators of series files as users have them: lengths 0 to 10^5 (mostly short), magnitudes 1e-300 to
/// 1e300, constant runs, gaps, outliers, NaN and missing words, ',' ';' tab or '|' separators, decimal commas, BOMs
/// and UTF-16, shuffled and duplicated dates, an Excel <c>sep=</c> line, header-only and empty files, stray quotes.
/// </summary>
internal static class GeneratedCsv
{
    private static readonly string[] MissingWords = ["", "NA", "N/A", "NaN", "nan", "null", "None", "-", "?"];
    private static readonly string[] BadWords = ["abc", "inf", "-Infinity", "1e400", "∞", "12a", "1.2.3", "\"", "#N/A"];
    private static readonly string[] DateFormats = ["yyyy-MM-dd", "yyyy-MM", "dd/MM/yyyy", "MM/dd/yyyy", "yyyy", "dd.MM.yyyy", "yyyy-MM-dd HH:mm", "yyyy-MM-ddTHH:mm:ssZ", "M/d/yyyy"];
    private static readonly string[] Steps = ["day", "month", "quarter", "year", "hour", "week", "business", "none", "random"];

    /// <summary>How many data rows: mostly 0 to 200, now and then 1,000 to 2,000 (<see cref="LongFiles"/> has up to 100,000).</summary>
    private static readonly Gen<int> RowCount = Gen.Frequency((10, Gen.Int[0, 3]), (80, Gen.Int[4, 200]), (1, Gen.Int[1_000, 2_000]));

    /// <summary>The layout of one file; the rows follow from it.</summary>
    private sealed record Layout(int Rows, string Step, string DateFormat, char Separator, bool DecimalComma, int Exponent,
        int Encoding, bool SepLine, int HeaderKind, bool Shuffle, int Duplicates, double MissingRate, double BadRate,
        double OutlierRate, double ConstantRate, bool CrLf, bool Quote, bool ExtraColumn, ulong Seed);

    private static Gen<bool> Sometimes(int oneIn) => Gen.Frequency((oneIn - 1, false), (1, true));

    private static Gen<double> RateOrZero(int oneIn, double max) => Gen.Frequency((oneIn - 1, Gen.Const(0.0)), (1, Gen.Double[0, max]));

    private static Gen<(int Rows, string Step, string DateFormat, char Separator, bool DecimalComma, int Exponent, int Encoding, bool SepLine, int HeaderKind)> Shapes(Gen<int> rowCount) =>
        Gen.Select(rowCount, Gen.OneOf(Steps), Gen.OneOf(DateFormats), Gen.OneOf(',', ';', '\t', '|'), Gen.Bool,
            Gen.Frequency((6, Gen.Int[-3, 6]), (1, Gen.Int[-300, 300])), Gen.Int[0, 5], Sometimes(6),
            Gen.Frequency((12, Gen.Const(0)), (1, Gen.Int[1, 6])),
            (rows, step, format, sep, comma, exponent, encoding, sepLine, header) => (rows, step, format, sep, comma, exponent, encoding, sepLine, header));

    private static Gen<Layout> Layouts(Gen<int> rowCount) =>
        Gen.Select(Shapes(rowCount), Sometimes(4), Gen.Frequency((8, Gen.Const(0)), (1, Gen.Int[1, 3])), RateOrZero(4, 0.3), RateOrZero(6, 0.05),
            RateOrZero(4, 0.05), RateOrZero(4, 1), Gen.Bool, Sometimes(7), Sometimes(6), Gen.ULong,
            (a, shuffle, duplicates, missing, bad, outliers, constant, crlf, quote, extra, seed) =>
                new Layout(a.Rows, a.Step, a.DateFormat, a.Separator, a.DecimalComma, a.Exponent, a.Encoding, a.SepLine, a.HeaderKind,
                    shuffle, duplicates, missing, bad, outliers, constant, crlf, quote, extra, seed));

    /// <summary>Generated files (see the class summary).</summary>
    public static readonly Gen<CsvFile> Files = Layouts(RowCount).Select(Write);

    /// <summary>Files of 50,000 to 100,000 rows (a few of these take about as long as a thousand short ones).</summary>
    public static readonly Gen<CsvFile> LongFiles = Layouts(Gen.Int[50_000, 100_000]).Select(Write);

    private static CsvFile Write(Layout l)
    {
        var rng = new Random((int)(l.Seed % int.MaxValue));
        var c = CultureInfo.InvariantCulture;
        string nl = l.CrLf ? "\r\n" : "\n";
        char sep = l.Separator;
        bool dated = l.Step != "none";
        var rows = new List<string>();
        int count = l.HeaderKind is 4 or 5 ? 0 : l.Rows;
        string step = count > 2000 && l.Step is "month" or "quarter" or "year" ? "day" : l.Step; // 100,000 quarters pass the year 9999
        var lines = new List<string>();
        if (l.SepLine) lines.Add($"sep={sep}");
        // Header kinds: 0 normal, 1 none (values only), 2 duplicate names, 3 an empty name, 4 header only, 5 empty file, 6 a leading blank line.
        string header = (dated ? "Date" + sep : "") + "Value" + (l.ExtraColumn ? sep + "Note" : "");
        switch (l.HeaderKind)
        {
            case 0 or 4 or 6: lines.Add(header); break;
            case 2: lines.Add(dated ? $"Value{sep}value" : $"Value{sep}VALUE"); break;
            case 3: lines.Add(dated ? $"Date{sep}" : $"{sep}Value"); break;
        }
        if (l.HeaderKind == 6) lines.Insert(0, "");
        double scale = Math.Pow(10, l.Exponent), level = rng.NextDouble() * 100 * scale;
        double value = level;
        DateTime start = new(1990 + rng.Next(30), 1 + rng.Next(12), 1 + rng.Next(28));
        for (int k = 0; k < count; k++)
        {
            if (!(rng.NextDouble() < l.ConstantRate)) value = level + scale * (10 * Math.Sin(k / 3.0) + rng.NextDouble());
            string text = rng.NextDouble() < l.OutlierRate ? (value * 1e6 * (rng.Next(2) == 0 ? 1 : -1)).ToString("R", c) : value.ToString("R", c);
            if (rng.NextDouble() < l.MissingRate) text = MissingWords[rng.Next(MissingWords.Length)];
            else if (rng.NextDouble() < l.BadRate) text = BadWords[rng.Next(BadWords.Length)];
            if (l.DecimalComma && sep != ',') text = text.Replace('.', ',');
            if (l.Quote && rng.Next(4) == 0) text = $"\"{text}\"";
            string date = dated ? DateAt(start, k, step, rng).ToString(l.DateFormat, c) + sep : "";
            rows.Add(date + text + (l.ExtraColumn ? sep + (rng.Next(3) == 0 ? "x y" : "") : ""));
        }
        for (int d = 0; d < l.Duplicates && rows.Count > 0; d++) rows.Insert(rng.Next(rows.Count), rows[rng.Next(rows.Count)]);
        if (l.Shuffle) rows = rows.OrderBy(_ => rng.Next()).ToList();
        lines.AddRange(rows);
        if (l.HeaderKind != 5 && rng.Next(5) == 0) lines.Add(""); // a trailing blank line
        string textAll = l.HeaderKind == 5 && !l.SepLine ? (rng.Next(2) == 0 ? "" : " \n\n") : string.Join(nl, lines) + (rng.Next(4) == 0 ? "" : nl);
        (byte[] bytes, string encodingName) = Encode(textAll, l.Encoding);
        string recipe = $"{count} rows, {(sep == '\t' ? "tab" : sep.ToString())}, {(dated ? step + " " + l.DateFormat : "no dates")}, 1e{l.Exponent}, header kind {l.HeaderKind}" +
                        $"{(l.Shuffle ? ", shuffled" : "")}{(l.Duplicates > 0 ? $", {l.Duplicates} duplicates" : "")}{(l.SepLine ? ", sep= line" : "")}{(l.DecimalComma ? ", decimal comma" : "")}" +
                        $", missing {l.MissingRate:F2}, bad {l.BadRate:F2}, outliers {l.OutlierRate:F2}, {encodingName}";
        return new CsvFile(bytes, recipe, textAll);
    }

    private static DateTime DateAt(DateTime start, int k, string step, Random rng) => step switch
    {
        "day" => start.AddDays(k),
        "month" => start.AddMonths(k),
        "quarter" => start.AddMonths(3 * k),
        "year" => start.AddYears(k),
        "hour" => start.AddHours(k),
        "week" => start.AddDays(7 * k),
        "business" => start.AddDays(k / 5 * 7 + k % 5),
        _ => start.AddDays(k * 3 + rng.Next(3)),
    };

    /// <summary>0 UTF-8, 1 UTF-8 with BOM, 2 UTF-16 LE with BOM, 3 UTF-16 BE with BOM, 4 Latin-1, 5 UTF-8 with BOM and a non-ASCII header.</summary>
    private static (byte[], string) Encode(string text, int encoding) => encoding switch
    {
        1 => ([.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text)], "UTF-8 BOM"),
        2 => ([.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(text)], "UTF-16 LE BOM"),
        3 => ([.. Encoding.BigEndianUnicode.GetPreamble(), .. Encoding.BigEndianUnicode.GetBytes(text)], "UTF-16 BE BOM"),
        4 => (Encoding.Latin1.GetBytes(text.Replace("Value", "Valeur é")), "Latin-1"),
        5 => ([.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text.Replace("Value", "Größe €"))], "UTF-8 BOM, non-ASCII header"),
        _ => (Encoding.UTF8.GetBytes(text), "UTF-8"),
    };
}
