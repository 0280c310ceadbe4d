using CsCheck;
using RnnLstm.Series;

namespace RnnLstm.Tests.Properties;

/// <summary>
/// Whatever the file, the loader gives a series whose values are finite, or a <see cref="SeriesFormatException"/>
/// whose message names the file and, where it has them, the line and column; never another exception.
/// </summary>
public sealed class LoaderProperties : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("rnnlstm-properties-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static readonly Gen<LoadOptions> Options =
        Gen.Select(Gen.Bool, Gen.Frequency((6, (char?)null), (1, ','), (1, '.')),
                   Gen.Frequency((30, (string?)null), (1, "dd/MM/yyyy"), (1, "yyyy-MM"), (1, "nonsense")),
                   Gen.Frequency((20, (string?)null), (1, "Value"), (1, "Nope")),
                   (fill, mark, format, column) => new LoadOptions { FillMissing = fill, DecimalSeparator = mark, DateFormat = format, ValueColumn = column });

    /// <summary>Checks one outcome of loading <paramref name="path"/> (whose text has <paramref name="lineCount"/> lines).</summary>
    internal static void AssertSeriesOrNamedError(string path, int lineCount, Func<TimeSeries> load)
    {
        TimeSeries s;
        try
        {
            s = load();
        }
        catch (SeriesFormatException e)
        {
            Assert.Equal(path, e.File);
            Assert.StartsWith($"File '{path}'", e.Message);
            Assert.DoesNotContain("\n", e.Message);
            if (e.Line is int line)
            {
                Assert.Contains($", line {line}", e.Message);
                Assert.InRange(line, 1, Math.Max(1, lineCount));
            }
            if (e.Column is string column) Assert.Contains($"column '{column}'", e.Message);
            return;
        }
        Assert.NotEmpty(s.Values);
        Assert.All(s.Values, v => Assert.True(double.IsFinite(v), $"value {v}"));
        Assert.Equal(s.Values.Length, s.Lines.Length);
        Assert.All(s.Lines, l => Assert.InRange(l, 1, lineCount));
        if (s.Dates is { } dates)
        {
            Assert.Equal(s.Values.Length, dates.Length);
            for (int i = 1; i < dates.Length; i++) Assert.True(dates[i - 1] < dates[i], $"dates {dates[i - 1]:o} then {dates[i]:o}");
        }
        Assert.All(s.Fills, f => Assert.True(double.IsFinite(f.Value)));
    }

    [Fact]
    public void Any_file_loads_as_finite_values_or_fails_naming_file_line_and_column()
    {
        var cases = Gen.Select(GeneratedCsv.Files, Options);
        int k = 0;
        Sampling.Check(cases, count: 2000, seed: 23, c =>
        {
            (CsvFile file, LoadOptions options) = c;
            string path = Path.Combine(_folder, $"case{k++ % 8}.csv");
            File.WriteAllBytes(path, file.Bytes);
            int lineCount = file.Text.Split('\n').Length;
            AssertSeriesOrNamedError(path, lineCount, () => SeriesCsv.Load(path, options));
        }, c => $"{c.Item1}\noptions: {c.Item2}");
    }

    [Fact]
    public void Files_of_up_to_100000_rows_load_or_fail_the_same_way()
    {
        string path = Path.Combine(_folder, "long.csv");
        Sampling.Check(Gen.Select(GeneratedCsv.LongFiles, Options), count: 4, seed: 24, c =>
        {
            File.WriteAllBytes(path, c.Item1.Bytes);
            AssertSeriesOrNamedError(path, c.Item1.Text.Split('\n').Length, () => SeriesCsv.Load(path, c.Item2));
        }, c => $"{c.Item1}\noptions: {c.Item2}");
    }

    [Fact]
    public void A_missing_file_or_folder_is_a_named_error()
    {
        string path = Path.Combine(_folder, "no-such.csv");
        AssertSeriesOrNamedError(path, 1, () => SeriesCsv.Load(path));
        Assert.Throws<SeriesFormatException>(() => SeriesCsv.Load(path));
        Assert.Throws<SeriesFormatException>(() => SeriesCsv.Load(_folder));
    }
}
