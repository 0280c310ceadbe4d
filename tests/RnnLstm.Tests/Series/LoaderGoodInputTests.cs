using RnnLstm.Series;

namespace RnnLstm.Tests.Series;

public class LoaderGoodInputTests
{
    [Fact]
    public void Comma_separated_monthly_file_gives_dates_values_and_lines()
    {
        using var csv = TempCsv.Lines("Month,Passengers", "1949-01,112", "1949-02,118", "1949-03,132");
        TimeSeries s = SeriesCsv.Load(csv.Path);

        Assert.Equal("Month", s.DateColumn);
        Assert.Equal("Passengers", s.ValueColumn);
        Assert.Equal([new DateTime(1949, 1, 1), new DateTime(1949, 2, 1), new DateTime(1949, 3, 1)], s.Dates!);
        Assert.Equal([112.0, 118, 132], s.Values);
        Assert.Equal([2, 3, 4], s.Lines);
        Assert.Equal(SeriesFrequency.Monthly, s.Frequency);
        Assert.Equal(12, s.SeasonLength);
        Assert.Empty(s.Notes);
    }

    [Fact]
    public void Semicolon_separator_is_detected()
    {
        using var csv = TempCsv.Lines("Date;Value", "2020-01-01;1.5", "2020-01-02;2.25", "2020-01-03;-3e2");
        TimeSeries s = SeriesCsv.Load(csv.Path);

        Assert.Equal([1.5, 2.25, -300], s.Values);
        Assert.Equal(SeriesFrequency.Daily, s.Frequency);
        Assert.Equal(7, s.SeasonLength);
    }

    [Fact]
    public void Header_with_spaces_is_trimmed_and_names_match_ignoring_case()
    {
        using var csv = TempCsv.Lines("  Month ,  Passengers  , Other ", " 1949-01 , 112 , 5", "1949-02,118,6");
        TimeSeries s = SeriesCsv.Load(csv.Path, new LoadOptions { ValueColumn = " passengers", DateColumn = "MONTH" });

        Assert.Equal("Passengers", s.ValueColumn);
        Assert.Equal("Month", s.DateColumn);
        Assert.Equal([112.0, 118], s.Values);
    }

    [Fact]
    public void Extra_columns_are_ignored_and_noted()
    {
        using var csv = TempCsv.Lines("Month,Passengers,Comment", "1949-01,112,first", "1949-02,118,\"quoted, with comma\"");
        TimeSeries s = SeriesCsv.Load(csv.Path);

        Assert.Equal([112.0, 118], s.Values);
        Assert.Contains("Ignored column(s): Comment.", s.Notes);
    }

    [Theory]
    [InlineData("Month", "1949-01", "1949-02", SeriesFrequency.Monthly)]
    [InlineData("Day", "1949-01-01", "1949-01-02", SeriesFrequency.Daily)]
    [InlineData("Day", "Jan-1-1995", "Jan-2-1995", SeriesFrequency.Daily)]
    [InlineData("Week", "Jan-1-1995", "Jan-8-1995", SeriesFrequency.Weekly)]
    [InlineData("Quarter", "1995-01", "1995-04", SeriesFrequency.Quarterly)]
    [InlineData("Year", "1995", "1996", SeriesFrequency.Yearly)]
    [InlineData("Time", "2020-05-01 13:00", "2020-05-01 14:00", SeriesFrequency.Hourly)]
    [InlineData("Time", "2020-05-01T13:00:00", "2020-05-01T14:00:00", SeriesFrequency.Hourly)]
    public void Each_date_layout_is_read(string header, string first, string second, SeriesFrequency frequency)
    {
        using var csv = TempCsv.Lines($"{header},Value", $"{first},1", $"{second},2");
        TimeSeries s = SeriesCsv.Load(csv.Path);

        Assert.Equal(header, s.DateColumn);
        Assert.Equal(frequency, s.Frequency);
        Assert.True(s.Dates![1] > s.Dates[0]);
    }

    [Fact]
    public void Month_day_year_layout_reads_the_intended_date()
    {
        using var csv = TempCsv.Lines("Day,Value", "Jan-1-1995,1", "Feb-28-1995,2");
        Assert.Equal([new DateTime(1995, 1, 1), new DateTime(1995, 2, 28)], SeriesCsv.Load(csv.Path).Dates!);
    }

    [Fact]
    public void Bare_years_count_as_dates_only_when_the_column_says_so()
    {
        using var csv = TempCsv.Lines("FiscalYear,Sales", "1995,3", "1996,4", "1997,5");

        var ex = Assert.Throws<SeriesFormatException>(() => SeriesCsv.Load(csv.Path));
        Assert.Contains("(FiscalYear, Sales)", ex.Message);

        TimeSeries s = SeriesCsv.Load(csv.Path, new LoadOptions { DateColumn = "fiscalyear" });
        Assert.Equal(SeriesFrequency.Yearly, s.Frequency);
        Assert.Equal(new DateTime(1997, 1, 1), s.Dates![2]);
        Assert.Equal(1, s.SeasonLength);
    }

    [Fact]
    public void A_year_like_value_column_is_not_taken_for_dates()
    {
        using var csv = TempCsv.Lines("ResponseTime", "1234", "1250");
        TimeSeries s = SeriesCsv.Load(csv.Path);
        Assert.Null(s.Dates);
        Assert.Equal([1234.0, 1250], s.Values);
    }

    [Fact]
    public void Byte_order_mark_is_not_part_of_the_first_column_name()
    {
        using var csv = new TempCsv("\uFEFFMonth,Passengers\n1949-01,112\n");
        Assert.Equal("Month", SeriesCsv.Load(csv.Path).DateColumn);
    }

    [Fact]
    public void A_file_without_dates_is_a_plain_sequence()
    {
        using var csv = TempCsv.Lines("Passengers", "112", "118", "132");
        TimeSeries s = SeriesCsv.Load(csv.Path);

        Assert.Null(s.Dates);
        Assert.Null(s.DateColumn);
        Assert.Equal(SeriesFrequency.None, s.Frequency);
        Assert.Equal(1, s.SeasonLength);
        Assert.Equal("series: 3 values from series.csv, column Passengers, min 112, max 132", s.ToString());
    }

    [Fact]
    public void Unsorted_dates_are_sorted_with_a_note_and_lines_follow_their_values()
    {
        using var csv = TempCsv.Lines("Month,Passengers", "1949-03,132", "1949-01,112", "1949-02,118");
        TimeSeries s = SeriesCsv.Load(csv.Path);

        Assert.Equal([112.0, 118, 132], s.Values);
        Assert.Equal([3, 4, 2], s.Lines);
        string note = Assert.Single(s.Notes);
        Assert.Contains("not in date order (line 3, 1949-01, follows line 2, 1949-03); sorted by Month", note);
    }

    [Fact]
    public void Gaps_against_the_dominant_step_are_reported()
    {
        using var csv = TempCsv.Lines("Month,V", "2000-01,1", "2000-02,2", "2000-03,3", "2000-06,6", "2000-07,7");
        TimeSeries s = SeriesCsv.Load(csv.Path);

        Assert.Equal(SeriesFrequency.Monthly, s.Frequency);
        SeriesGap gap = Assert.Single(s.Gaps);
        Assert.Equal((3, 4, 5), (gap.Index, gap.LineBefore, gap.LineAfter));
        Assert.Equal("3 months", gap.Step);
        Assert.Contains("Gap: 2000-03 to 2000-06 (lines 4 and 5) is 3 months; the usual step is 1 month.", s.Notes);
    }

    [Fact]
    public void Month_end_dates_are_monthly_despite_unequal_month_lengths()
    {
        using var csv = TempCsv.Lines("Date,V", "2001-01-31,1", "2001-02-28,2", "2001-03-31,3", "2001-04-30,4");
        TimeSeries s = SeriesCsv.Load(csv.Path);
        Assert.Equal(SeriesFrequency.Monthly, s.Frequency);
        Assert.Empty(s.Gaps);
    }

    [Fact]
    public void Fill_missing_interpolates_inside_uses_nearest_at_the_ends_and_reports_each_fill()
    {
        using var csv = TempCsv.Lines("Month,V", "2000-01,", "2000-02,10", "2000-03,NA", "2000-04,nan", "2000-05,40", "2000-06,N/A");
        TimeSeries s = SeriesCsv.Load(csv.Path, new LoadOptions { FillMissing = true });

        Assert.Equal([10.0, 10, 20, 30, 40, 40], s.Values);
        Assert.Equal([2, 4, 5, 7], s.Fills.Select(f => f.Line));
        Assert.Equal(["", "NA", "nan", "N/A"], s.Fills.Select(f => f.Found));
        Assert.Contains("Filled line 4 ('NA') with 20 (interpolated between lines 3 and 6).", s.Notes);
        Assert.Contains("Filled line 2 ('') with 10 (nearest value, line 3).", s.Notes);
        Assert.Contains("Filled line 7 ('N/A') with 40 (nearest value, line 6).", s.Notes);
    }

    [Fact]
    public void Season_length_can_be_given()
    {
        using var csv = TempCsv.Lines("Month,V", "2000-01,1", "2000-02,2");
        Assert.Equal(6, SeriesCsv.Load(csv.Path, new LoadOptions { SeasonLength = 6 }).SeasonLength);
    }

    [Fact]
    public void Blank_lines_are_skipped_and_line_numbers_still_match_the_file()
    {
        using var csv = new TempCsv("Month,V\r\n2000-01,1\r\n\r\n2000-02,2\r\n\r\n");
        TimeSeries s = SeriesCsv.Load(csv.Path);
        Assert.Equal([2, 4], s.Lines);
    }

    [Fact]
    public void ToDataFrame_has_typed_date_and_value_columns_under_the_file_names()
    {
        using var csv = TempCsv.Lines("Month,Passengers", "1949-01,112", "1949-02,118");
        var frame = SeriesCsv.Load(csv.Path).ToDataFrame(includeLines: true);

        Assert.Equal(["File line", "Month", "Passengers"], frame.Columns.Select(c => c.Name));
        Assert.Equal([typeof(int), typeof(DateTime), typeof(double)], frame.Columns.Select(c => c.DataType));
        Assert.Equal(118.0, frame["Passengers"][1]);
        Assert.Equal(new DateTime(1949, 2, 1), frame["Month"][1]);
        Assert.Equal(3, frame["File line"][1]);
    }
}
