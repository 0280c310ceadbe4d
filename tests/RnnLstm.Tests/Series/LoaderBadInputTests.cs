using RnnLstm.Series;

namespace RnnLstm.Tests.Series;

/// <summary>Every kind of bad file must fail with a <see cref="SeriesFormatException"/> that says where and what.</summary>
public class LoaderBadInputTests
{
    /// <summary>
    /// Twelve good monthly rows (file lines 2..13) with file line <paramref name="line"/> replaced, so a bad row can sit
    /// before or after LoadCsv's 10-row type guess.
    /// </summary>
    private static TempCsv MonthlyWith(int line, string text)
    {
        string[] lines = ["Month,Passengers", .. Enumerable.Range(0, 12).Select(i => $"1949-{i + 1:00},{100 + i}")];
        lines[line - 1] = text;
        return TempCsv.Lines(lines);
    }

    private static SeriesFormatException Load(TempCsv csv, LoadOptions? options = null) =>
        Assert.Throws<SeriesFormatException>(() => SeriesCsv.Load(csv.Path, options));

    /// <summary>The message must name the file, the line and the column, and the properties must agree.</summary>
    private static void AssertPointsAt(SeriesFormatException ex, TempCsv csv, int? line, string? column)
    {
        Assert.Equal(csv.Path, ex.File);
        Assert.Equal(line, ex.Line);
        Assert.Equal(column, ex.Column);
        Assert.Contains($"File '{csv.Path}'", ex.Message);
        if (line is not null) Assert.Contains($"line {line}", ex.Message);
        if (column is not null) Assert.Contains($"column '{column}'", ex.Message);
        Assert.DoesNotContain("\n", ex.Message);
    }

    [Theory]
    [InlineData(3)]   // within the first 10 data rows, where LoadCsv would silently turn the column into strings
    [InlineData(12)]  // after them, where LoadCsv would throw a FormatException naming nothing
    public void NA_is_reported_with_line_and_column_and_the_fill_option(int line)
    {
        using var csv = MonthlyWith(line, $"1949-{line - 1:00},NA");

        var ex = Load(csv);
        AssertPointsAt(ex, csv, line, "Passengers");
        Assert.Contains("the value is missing ('NA')", ex.Message);
        Assert.Contains("FillMissing = true", ex.Message);
    }

    [Fact]
    public void Empty_cell_is_reported()
    {
        using var csv = MonthlyWith(6, "1949-05,");

        var ex = Load(csv);
        AssertPointsAt(ex, csv, 6, "Passengers");
        Assert.Contains("the value is empty", ex.Message);
    }

    [Fact]
    public void Text_is_never_filled_even_when_filling_is_on()
    {
        using var csv = MonthlyWith(12, "1949-11,abc");

        var ex = Load(csv, new LoadOptions { FillMissing = true });
        AssertPointsAt(ex, csv, 12, "Passengers");
        Assert.Contains("'abc' is not a number", ex.Message);
    }

    [Fact]
    public void A_column_mixing_decimal_marks_names_the_cell_that_decided_the_mark()
    {
        using var csv = TempCsv.Lines("Month;V", "2000-01;1.5", "2000-02;1,5", "2000-03;2.5");
        var ex = Load(csv);
        AssertPointsAt(ex, csv, 3, "V");
        Assert.Contains("'1,5' is not a number", ex.Message);
        Assert.Contains("It contains ',' but line 2 ('1.5') uses '.' as the decimal mark", ex.Message);
    }

    [Theory]
    [InlineData("inf")]
    [InlineData("-Infinity")]
    [InlineData("1e999")]
    public void Infinities_are_rejected_even_when_filling_is_on(string cell)
    {
        using var csv = TempCsv.Lines("Month,V", "2000-01,1", $"2000-02,{cell}", "2000-03,3");
        var ex = Load(csv, new LoadOptions { FillMissing = true });
        AssertPointsAt(ex, csv, 3, "V");
        Assert.Contains($"'{cell}' is not a finite number", ex.Message);
    }

    [Fact]
    public void NaN_is_a_missing_value_unless_filling_is_on()
    {
        using var csv = TempCsv.Lines("Month,V", "2000-01,1", "2000-02,NaN", "2000-03,3");
        AssertPointsAt(Load(csv), csv, 3, "V");
        Assert.Equal(2.0, SeriesCsv.Load(csv.Path, new LoadOptions { FillMissing = true }).Values[1]);
    }

    [Fact]
    public void Several_bad_cells_are_counted_after_the_first()
    {
        using var csv = TempCsv.Lines("Month,V", "2000-01,x", "2000-02,2", "2000-03,y", "2000-04,4", "2000-05,", "2000-06,6");
        var ex = Load(csv);
        AssertPointsAt(ex, csv, 2, "V");
        Assert.Contains("2 more such cell(s), on line(s) 4, 6.", ex.Message);
    }

    [Fact]
    public void Row_with_too_many_fields_names_the_line_and_the_counts()
    {
        using var csv = MonthlyWith(12, "1949-11,110,oops");

        var ex = Load(csv);
        AssertPointsAt(ex, csv, 12, null);
        Assert.Contains("this line has 3 fields but the header (line 1) names 2 columns (Month, Passengers)", ex.Message);
        Assert.Contains("'oops'", ex.Message);
    }

    [Fact]
    public void Row_with_too_few_fields_names_the_line_the_counts_and_the_missing_column()
    {
        using var csv = MonthlyWith(4, "1949-03");

        var ex = Load(csv);
        AssertPointsAt(ex, csv, 4, "Passengers");
        Assert.Contains("this line has 1 fields but the header (line 1) names 2 columns", ex.Message);
    }

    [Fact]
    public void Empty_file_is_reported()
    {
        using var csv = new TempCsv("");
        var ex = Load(csv);
        AssertPointsAt(ex, csv, null, null);
        Assert.Contains("the file is empty", ex.Message);
    }

    [Fact]
    public void Header_only_file_is_reported()
    {
        using var csv = TempCsv.Lines("Month,Passengers");
        var ex = Load(csv);
        AssertPointsAt(ex, csv, 1, null);
        Assert.Contains("has a header but no data lines", ex.Message);
    }

    [Fact]
    public void Missing_file_names_the_path_and_says_it_does_not_exist()
    {
        string path = Path.Combine(Path.GetTempPath(), "rnnlstm-no-such-folder", "nothing.csv");
        var ex = Assert.Throws<SeriesFormatException>(() => SeriesCsv.Load(path));
        Assert.Equal(path, ex.File);
        Assert.Contains(path, ex.Message);
        Assert.Contains("does not exist", ex.Message);
    }

    [Fact]
    public void A_folder_given_as_the_file_is_called_a_folder()
    {
        string folder = Path.Combine(Path.GetTempPath(), "rnnlstm-folder-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            var ex = Assert.Throws<SeriesFormatException>(() => SeriesCsv.Load(folder));
            Assert.Equal(folder, ex.File);
            Assert.Contains("is a folder, not a file", ex.Message);
            Assert.DoesNotContain("does not exist", ex.Message);
        }
        finally { Directory.Delete(folder); }
    }

    [Fact]
    public void File_of_several_columns_without_header_is_reported()
    {
        using var csv = TempCsv.Lines("112,3", "118,4");
        var ex = Load(csv);
        AssertPointsAt(ex, csv, 1, null);
        Assert.Contains("looks like data, not a header", ex.Message);
    }

    [Fact]
    public void Two_numeric_columns_without_a_name_list_both()
    {
        using var csv = TempCsv.Lines("Month,Passengers,Freight", "1949-01,112,3.5", "1949-02,118,4");
        var ex = Load(csv);
        AssertPointsAt(ex, csv, 1, null);
        Assert.Contains("several columns hold numbers (Passengers, Freight)", ex.Message);
        Assert.Contains("ValueColumn = \"Passengers\"", ex.Message);
        Assert.Equal([3.5, 4], SeriesCsv.Load(csv.Path, new LoadOptions { ValueColumn = "freight" }).Values);
    }

    [Fact]
    public void A_value_column_with_as_much_text_as_numbers_is_still_found_and_its_bad_cells_named()
    {
        using var csv = TempCsv.Lines("Month,Passengers,Comment", "1949-01,112,ok", "1949-02,abc,ok", "1949-03,NA,ok");
        var ex = Load(csv);
        AssertPointsAt(ex, csv, 3, "Passengers");
        Assert.Contains("1 more such cell(s), on line(s) 4.", ex.Message);
    }

    [Fact]
    public void A_file_without_any_numbers_says_what_each_column_holds()
    {
        using var csv = TempCsv.Lines("Month,Name", "1949-01,x", "1949-02,y");
        var ex = Load(csv);
        AssertPointsAt(ex, csv, 1, null);
        Assert.Contains("no column holds numbers (Month holds dates; Name starts with 'x')", ex.Message);
    }

    [Fact]
    public void Unknown_column_name_lists_the_header()
    {
        using var csv = TempCsv.Lines("Month,Passengers", "1949-01,112");
        var ex = Load(csv, new LoadOptions { ValueColumn = "Pasengers" });
        AssertPointsAt(ex, csv, 1, "Pasengers");
        Assert.Contains("(it has: Month, Passengers)", ex.Message);
    }

    [Fact]
    public void Duplicate_dates_name_both_lines()
    {
        using var csv = TempCsv.Lines("Month,Passengers", "1949-01,112", "1949-02,118", "1949-03,132", "1949-02,120");
        var ex = Load(csv);
        AssertPointsAt(ex, csv, 5, "Month");
        Assert.Contains("the date '1949-02' appears twice, on lines 3 and 5", ex.Message);
    }

    [Fact]
    public void Date_in_another_layout_is_reported()
    {
        using var csv = TempCsv.Lines("Month,Passengers", "1949-01,112", "1949-13,118", "1949-03,132");
        var ex = Load(csv);
        AssertPointsAt(ex, csv, 3, "Month");
        Assert.Contains("'1949-13' is not a date in the layout yyyy-MM", ex.Message);
    }

    [Fact]
    public void Empty_date_is_reported()
    {
        using var csv = TempCsv.Lines("Month,Passengers", "1949-01,112", ",118");
        AssertPointsAt(Load(csv, new LoadOptions { FillMissing = true }), csv, 3, "Month");
    }

    [Fact]
    public void Duplicate_header_names_are_reported()
    {
        using var csv = TempCsv.Lines("Month,V,v", "1949-01,1,2");
        var ex = Load(csv);
        AssertPointsAt(ex, csv, 1, "v");
        Assert.Contains("fields 2 and 3", ex.Message);
    }

    [Fact]
    public void Too_few_rows_for_the_look_back_and_split_says_how_many_are_needed_and_why()
    {
        using var csv = TempCsv.Lines("Month,Passengers", "1949-01,112", "1949-02,118", "1949-03,132", "1949-04,129",
            "1949-05,121", "1949-06,135", "1949-07,148", "1949-08,148", "1949-09,136");
        TimeSeries s = SeriesCsv.Load(csv.Path);

        var ex = Assert.Throws<SeriesFormatException>(() => new WindowSpec(3).EnsureLongEnough(s));
        Assert.Equal((csv.Path, (int?)null, "Passengers"), (ex.File, ex.Line, ex.Column));
        Assert.Contains("the series has 9 rows but look-back 3 with a 0.67 train split needs at least 10", ex.Message);
        Assert.Contains("each part must hold 4 points to make one window (3 inputs and 1 target)", ex.Message);
        Assert.Contains("the training part gets 6 and the test part 3", ex.Message);
    }
}
