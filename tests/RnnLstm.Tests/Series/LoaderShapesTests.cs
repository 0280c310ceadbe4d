using RnnLstm.Series;

namespace RnnLstm.Tests.Series;

/// <summary>The CSV shapes other tools write (issue 14): each loads with the right dates, values and frequency, or fails in one paragraph.</summary>
public class LoaderShapesTests
{
    private static SeriesFormatException Fails(TempCsv csv, LoadOptions? options = null) =>
        Assert.Throws<SeriesFormatException>(() => SeriesCsv.Load(csv.Path, options));

    private static void AssertAt(SeriesFormatException ex, int? line, string? column)
    {
        Assert.Equal((line, column), (ex.Line, ex.Column));
        Assert.Contains("File '", ex.Message);
        Assert.DoesNotContain("\n", ex.Message);
    }

    [Fact]
    public void Pandas_index_of_row_numbers_is_dropped()
    {
        using var csv = TempCsv.Lines(",Passengers", "0,112", "1,118", "2,132");
        TimeSeries s = SeriesCsv.Load(csv.Path);

        Assert.Null(s.Dates);
        Assert.Equal("Passengers", s.ValueColumn);
        Assert.Equal([112.0, 118, 132], s.Values);
        Assert.Contains("The unnamed first column is an index (as pandas writes one) and is ignored: row numbers 0..2.", s.Notes);
    }

    [Fact]
    public void Pandas_index_of_dates_becomes_the_date_column()
    {
        using var csv = TempCsv.Lines(",value", "1949-01-01,112", "1949-02-01,118", "1949-03-01,132");
        TimeSeries s = SeriesCsv.Load(csv.Path);

        Assert.Equal("(index)", s.DateColumn);
        Assert.Equal(SeriesFrequency.Monthly, s.Frequency);
        Assert.Equal(new DateTime(1949, 3, 1), s.Dates![2]);
        Assert.Equal([112.0, 118, 132], s.Values);
    }

    [Theory]
    [InlineData(",Month,Passengers", "0,1949-01,112", "1,1949-02,118")]           // pandas' index beside named columns: not a second numeric column
    [InlineData("Month\tPassengers\tNote", "1949-01\t112\tx y", "1949-02\t118\t")] // tab-separated, with an ignored text column
    public void Month_and_Passengers_are_found_among_other_columns(string header, string first, string second)
    {
        using var csv = TempCsv.Lines(header, first, second);
        TimeSeries s = SeriesCsv.Load(csv.Path);
        Assert.Equal(("Month", "Passengers"), (s.DateColumn, s.ValueColumn));
        Assert.Equal([112.0, 118], s.Values);
    }

    [Fact]
    public void Iso_date_times_with_Z_are_hourly_with_a_daily_season_and_a_note()
    {
        using var csv = TempCsv.Lines(["time,load", .. Enumerable.Range(0, 30).Select(h => $"{new DateTime(2021, 1, 1).AddHours(h):yyyy-MM-dd'T'HH:mm:ss}Z,{h}")]);
        TimeSeries s = SeriesCsv.Load(csv.Path);

        Assert.Equal(SeriesFrequency.Hourly, s.Frequency);
        Assert.Equal(24, s.SeasonLength);
        Assert.Equal(new DateTime(2021, 1, 2, 5, 0, 0), s.Dates![^1]);
        Assert.Contains(s.Notes, n => n.Contains("carry time zones (Z); all are converted to UTC"));
        Assert.Empty(s.Gaps);
    }

    [Fact]
    public void Offsets_across_a_daylight_saving_change_are_put_on_one_clock()
    {
        using var csv = TempCsv.Lines("time,v", "2021-03-28T00:00:00+01:00,1", "2021-03-28T01:00:00+01:00,2",
            "2021-03-28T03:00:00+02:00,3", "2021-03-28T04:00:00.000+02:00,4");
        TimeSeries s = SeriesCsv.Load(csv.Path);

        Assert.Equal([new DateTime(2021, 3, 27, 23, 0, 0), new DateTime(2021, 3, 28, 0, 0, 0), new DateTime(2021, 3, 28, 1, 0, 0), new DateTime(2021, 3, 28, 2, 0, 0)], s.Dates!);
        Assert.Equal(SeriesFrequency.Hourly, s.Frequency);
        Assert.Empty(s.Gaps);
        Assert.Contains(s.Notes, n => n.Contains("(+01:00, +02:00); all are converted to UTC ('2021-03-28T00:00:00+01:00' on line 2 is 2021-03-27 23:00:00 UTC)"));
    }

    [Fact]
    public void Every_15_minutes_with_fractional_seconds_has_a_season_of_one_day_and_its_gaps_reported()
    {
        var times = Enumerable.Range(0, 12).Where(k => k != 5).Select(k => new DateTime(2021, 1, 1).AddMinutes(15 * k));
        using var csv = TempCsv.Lines(["timestamp;kW", .. times.Select((t, k) => $"{t:yyyy-MM-dd'T'HH:mm:ss}.250Z;{k},5")]);
        TimeSeries s = SeriesCsv.Load(csv.Path);

        Assert.Equal(SeriesFrequency.Minutes, s.Frequency);
        Assert.Equal(TimeSpan.FromMinutes(15), s.Step!.Time);
        Assert.Equal(96, s.SeasonLength);
        Assert.Equal(0.5, s.Values[0]);
        Assert.Contains("Gap: 2021-01-01 01:00 to 2021-01-01 01:30 (lines 6 and 7) is 30 minutes; the usual step is 15 minutes.", s.Notes);
        Assert.StartsWith("series: 11 values every 15 minutes 2021-01-01 00:00..2021-01-01 02:45", s.ToString());
    }

    [Fact]
    public void Month_first_dates_are_decided_by_a_second_number_above_12()
    {
        using var csv = TempCsv.Lines("Date,Sales", "1/10/2020,1", "1/11/2020,2", "1/12/2020,3", "1/13/2020,4");
        TimeSeries s = SeriesCsv.Load(csv.Path);

        Assert.Equal(new DateTime(2020, 1, 10), s.Dates![0]);
        Assert.Equal(SeriesFrequency.Daily, s.Frequency);
        Assert.Contains("The dates in Date are read as M/d/yyyy (month first): '1/13/2020' on line 5 reads no other way.", s.Notes);
    }

    [Fact]
    public void Day_first_dates_with_dots_and_decimal_commas_as_a_European_spreadsheet_writes_them()
    {
        using var csv = TempCsv.Lines("Datum;Umsatz", "30.11.2020;100,5", "01.12.2020;101,25", "02.12.2020;99");
        TimeSeries s = SeriesCsv.Load(csv.Path);

        Assert.Equal([new DateTime(2020, 11, 30), new DateTime(2020, 12, 1), new DateTime(2020, 12, 2)], s.Dates!);
        Assert.Equal([100.5, 101.25, 99], s.Values);
        Assert.Contains("The values in Umsatz are read with ',' as the decimal mark (the file is separated by ';', and line 2 has '100,5').", s.Notes);
    }

    [Theory]
    [InlineData("sep=;")]
    [InlineData("\"sep=;\"")]
    [InlineData("SEP=;;")]
    public void Excels_sep_line_declares_the_separator_and_the_header_follows_on_line_2(string sepLine)
    {
        using var csv = TempCsv.Lines(sepLine, "Datum;Umsatz", "30.11.2020;100,5", "01.12.2020;101,25", "02.12.2020;");
        TimeSeries s = SeriesCsv.Load(csv.Path, new LoadOptions { FillMissing = true });

        Assert.Equal([100.5, 101.25, 101.25], s.Values);
        Assert.Equal([3, 4, 5], s.Lines);
        Assert.Equal("Umsatz", s.ValueColumn);
        Assert.Contains($"Line 1 ('{sepLine}') declares the separator ';', as Excel writes it; the header is line 2.", s.Notes);
    }

    [Fact]
    public void A_sep_line_names_the_lines_below_it_by_their_file_numbers()
    {
        using var csv = TempCsv.Lines("sep=,", "Month,Passengers", "1949-01,112", "1949-02,abc");
        AssertAt(Fails(csv), 4, "Passengers");
        using var headerOnly = TempCsv.Lines("sep=,", "Month,Passengers");
        AssertAt(Fails(headerOnly), 2, null);
        using var nothingAfter = TempCsv.Lines("sep=;");
        Assert.Contains("no header follows it on line 2", Fails(nothingAfter).Message);
    }

    [Fact]
    public void Ambiguous_day_month_dates_are_refused_with_both_readings_and_the_option_in_the_callers_words()
    {
        using var csv = TempCsv.Lines("Date,Sales", "01/02/2020,1", "02/02/2020,2", "03/02/2020,3");

        var ex = Fails(csv);
        AssertAt(ex, 2, "Date");
        Assert.Contains("so '01/02/2020' could be 1 February 2020 or 2 January 2020", ex.Message);
        Assert.Contains("new LoadOptions { DateFormat = \"dd/MM/yyyy\" } (day first) or new LoadOptions { DateFormat = \"MM/dd/yyyy\" } (month first)", ex.Message);
        Assert.Contains("--date-format dd/MM/yyyy (day first) or --date-format MM/dd/yyyy", Fails(csv, new LoadOptions { Audience = MessageAudience.Cli }).Message);
        Assert.Contains("dateFormat = \"dd/MM/yyyy\" in the parameters cell (day first)", Fails(csv, new LoadOptions { Audience = MessageAudience.Notebook }).Message);

        using var sameBothWays = TempCsv.Lines("Date,Sales", "01/01/2020,1", "02/01/2020,2");
        var first = Fails(sameBothWays);
        AssertAt(first, 3, "Date"); // 01/01/2020 reads the same both ways, so the example is the next date
        Assert.Contains("so '02/01/2020' could be 2 January 2020 or 1 February 2020", first.Message);

        TimeSeries s = SeriesCsv.Load(csv.Path, new LoadOptions { DateFormat = "dd/MM/yyyy" });
        Assert.Equal(new DateTime(2020, 2, 3), s.Dates![2]);
        Assert.Equal(SeriesFrequency.Daily, s.Frequency);
        Assert.Equal(new DateTime(2020, 3, 2), SeriesCsv.Load(csv.Path, new LoadOptions { DateFormat = "MM/dd/yyyy" }).Dates![2]);
    }

    [Fact]
    public void Decimal_comma_option_reads_quoted_values_in_a_comma_file()
    {
        using var csv = TempCsv.Lines("Month,V", "1950-01,\"100,5\"", "1950-02,\"101,75\"");
        Assert.Equal([100.5, 101.75], SeriesCsv.Load(csv.Path, new LoadOptions { DecimalSeparator = ',' }).Values);

        var ex = Fails(csv, new LoadOptions { Audience = MessageAudience.Cli });
        AssertAt(ex, 2, "V");
        Assert.Contains("If ',' is the decimal mark, read it so with --decimal ,", ex.Message);
    }

    [Fact]
    public void Decimal_comma_in_a_comma_separated_file_stays_an_error_that_says_why()
    {
        using var csv = TempCsv.Lines("Month,V", "1950-01,100,5", "1950-02,101,75");
        var ex = Fails(csv, new LoadOptions { Audience = MessageAudience.Cli });
        AssertAt(ex, 2, null);
        Assert.Contains("this line has 3 fields but the header (line 1) names 2 columns (Month, V)", ex.Message);
        Assert.Contains("If ',' is the decimal mark here ('100,5'), separate the fields with ';'", ex.Message);
        Assert.Contains("use --decimal ,", ex.Message);
    }

    [Fact]
    public void One_column_of_numbers_without_a_header_is_a_series_from_line_1()
    {
        using var csv = TempCsv.Lines("112", "118.5", "", "132");
        TimeSeries s = SeriesCsv.Load(csv.Path);

        Assert.Equal([112.0, 118.5, 132], s.Values);
        Assert.Equal([1, 2, 4], s.Lines);
        Assert.Equal("value", s.ValueColumn);
        Assert.Contains("The file has no header: its one column is read as the values, from line 1 (called 'value').", s.Notes);
    }

    /// <summary>Bad shapes: the file's lines, the options' date format, then the line, column and words the error must have.</summary>
    public static TheoryData<string[], string?, int, string?, string> BadShapes => new()
    {
        { ["time,v", "2021-01-01T00:00:00Z,1", "2021-01-01T01:00:00+01:00,2"], null, 3, "time",
          "the date '2021-01-01T01:00:00+01:00' is the same moment as '2021-01-01T00:00:00Z', on lines 2 and 3" },
        { ["time,v", "2021-01-01T00:00:00Z,1", "2021-01-01T01:00:00,2"], null, 3, "time",
          "has no time zone but line 2 ('2021-01-01T00:00:00Z') has one" },
        { ["Date,Sales", "13/01/2020,1", "01/14/2020,2"], null, 3, "Date", "'01/14/2020' and '13/01/2020' (line 2) cannot both be right" },
        { ["Month,V", "1949-01,1", "1949-02,2"], "dd/MM/yyyy", 2, null,
          "no column's first value is a date in the format 'dd/MM/yyyy' given as --date-format" },
        { ["Date;Value", "2020-01-01;1", "2020-01-02,2", "2020-01-03;3"], null, 3, null,
          "this line is separated by ',' but the header (line 1) names 2 columns (Date, Value) separated by ';'" },
        { ["112", "118", "abc"], null, 3, "value", "'abc' is not a number" },
    };

    [Theory]
    [MemberData(nameof(BadShapes))]
    public void Bad_shapes_are_one_paragraph_naming_line_and_column(string[] lines, string? dateFormat, int line, string? column, string words)
    {
        using var csv = TempCsv.Lines(lines);
        var ex = Fails(csv, new LoadOptions { DateFormat = dateFormat, Audience = MessageAudience.Cli });
        AssertAt(ex, line, column);
        Assert.Contains(words, ex.Message);
    }

    [Theory]
    [InlineData(MessageAudience.Library, "new LoadOptions { FillMissing = true }", "new LoadOptions { ValueColumn = \"Passengers\" }", "LoadOptions.DateColumn")]
    [InlineData(MessageAudience.Cli, "--fill-missing", "--column Passengers", "--date-column")]
    [InlineData(MessageAudience.Notebook, "fillMissing = true in the parameters cell", "valueColumn = \"Passengers\" in the parameters cell", "dateColumn (parameters cell)")]
    public void Advice_names_what_the_caller_can_change(MessageAudience audience, string fill, string column, string dateColumn)
    {
        var options = new LoadOptions { Audience = audience };
        using var missing = TempCsv.Lines("Month,Passengers", "1949-01,112", "1949-02,NA");
        Assert.Contains(fill, Fails(missing, options).Message);

        using var two = TempCsv.Lines("Month,Passengers,Freight", "1949-01,112,3.5", "1949-02,118,4");
        string message = Fails(two, options).Message;
        Assert.Contains(column, message);
        Assert.Contains(dateColumn, message);
    }
}
