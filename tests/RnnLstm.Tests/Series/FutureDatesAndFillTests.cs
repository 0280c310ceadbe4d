using RnnLstm.Forecasting;
using RnnLstm.Series;
using RnnLstm.Tasks;

namespace RnnLstm.Tests.Series;

/// <summary>Issue 16, items 1-4: future dates follow the series' frequency, business days are their own frequency,
/// and filling never lets a test value into the training part.</summary>
public class FutureDatesAndFillTests
{
    private static TimeSeries Load(IEnumerable<DateTime> dates, string format = "yyyy-MM-dd", LoadOptions? options = null)
    {
        using var csv = TempCsv.Lines(["Date,V", .. dates.Select((d, k) => $"{d.ToString(format, System.Globalization.CultureInfo.InvariantCulture)},{100 + k % 7 + k}")]);
        return SeriesCsv.Load(csv.Path, options);
    }

    private static IEnumerable<DateTime> MonthEnds(DateTime first, int count) =>
        Enumerable.Range(0, count).Select(k => first.AddMonths(k)).Select(d => new DateTime(d.Year, d.Month, DateTime.DaysInMonth(d.Year, d.Month)));

    [Fact]
    public void Month_end_series_stay_on_month_ends()
    {
        TimeSeries s = Load(MonthEnds(new DateTime(1960, 7, 31), 5));
        Assert.Equal(new DateTime(1960, 11, 30), s.Dates![^1]);
        Assert.Equal([new DateTime(1960, 12, 31), new DateTime(1961, 1, 31), new DateTime(1961, 2, 28), new DateTime(1961, 3, 31)], s.DatesAfter(4)!);
    }

    [Fact]
    public void Forecasting_dates_a_month_end_series_on_month_ends()
    {
        TimeSeries s = Load(MonthEnds(new DateTime(1955, 1, 31), 71));
        Assert.Equal(new DateTime(1960, 11, 30), s.Dates![^1]);
        DateTime[] expected = [new DateTime(1960, 12, 31), new DateTime(1961, 1, 31), new DateTime(1961, 2, 28), new DateTime(1961, 3, 31)];
        Assert.Equal(expected, WindowForecaster.Run(s, ForecastOptions.BetterFor(s) with { Epochs = 1, Horizon = 4 }).FutureDates!);
        Assert.Equal(expected, Forecaster.Run(s, new ForecasterSettings { MaxEpochs = 1, Horizon = 4 }).FutureDates!);
    }

    [Fact]
    public void Same_day_monthly_series_keep_their_day()
    {
        TimeSeries s = Load(Enumerable.Range(0, 4).Select(k => new DateTime(2020, 1, 15).AddMonths(k)));
        Assert.Equal([new DateTime(2020, 5, 15), new DateTime(2020, 6, 15)], s.DatesAfter(2)!);
    }

    [Fact]
    public void Quarterly_series_step_by_a_quarter()
    {
        TimeSeries starts = Load(Enumerable.Range(0, 12).Select(k => new DateTime(1960, 1, 1).AddMonths(3 * k)));
        Assert.Equal((SeriesFrequency.Quarterly, 4), (starts.Frequency, starts.SeasonLength));
        Assert.Equal([new DateTime(1963, 1, 1), new DateTime(1963, 4, 1), new DateTime(1963, 7, 1)], starts.DatesAfter(3)!);

        TimeSeries ends = Load(MonthEnds(new DateTime(2019, 3, 31), 24).Where((_, k) => k % 3 == 0));
        Assert.Equal(SeriesFrequency.Quarterly, ends.Frequency);
        Assert.Equal([new DateTime(2021, 3, 31), new DateTime(2021, 6, 30), new DateTime(2021, 9, 30)], ends.DatesAfter(3)!);
    }

    [Fact]
    public void Yearly_series_step_by_a_year()
    {
        TimeSeries dated = Load(Enumerable.Range(0, 10).Select(k => new DateTime(1875 + k, 1, 1)));
        Assert.Equal(SeriesFrequency.Yearly, dated.Frequency);
        Assert.Equal([new DateTime(1885, 1, 1), new DateTime(1886, 1, 1)], dated.DatesAfter(2)!);

        using var csv = TempCsv.Lines(["Year,Level", .. Enumerable.Range(0, 10).Select(k => $"{1990 + k},{k * k}")]);
        TimeSeries bare = SeriesCsv.Load(csv.Path);
        Assert.Equal(SeriesFrequency.Yearly, bare.Frequency);
        Assert.Equal([2000, 2001, 2002], bare.DatesAfter(3)!.Select(d => d.Year));
        Assert.All(bare.DatesAfter(3)!, d => Assert.Equal((1, 1), (d.Month, d.Day)));
    }

    [Fact]
    public void Daily_series_step_one_day_whatever_the_last_gap()
    {
        var days = Enumerable.Range(0, 22).Select(k => new DateTime(2021, 5, 1).AddDays(k)).Append(new DateTime(2021, 5, 25));
        TimeSeries s = Load(days);
        Assert.Equal(SeriesFrequency.Daily, s.Frequency);
        Assert.Equal([new DateTime(2021, 5, 26), new DateTime(2021, 5, 27), new DateTime(2021, 5, 28)], s.DatesAfter(3)!);
    }

    [Fact]
    public void Weekly_and_hourly_series_step_by_their_frequency()
    {
        var weeks = Enumerable.Range(0, 6).Select(k => new DateTime(2021, 1, 4).AddDays(7 * k)).Append(new DateTime(2021, 2, 22));
        Assert.Equal(new DateTime(2021, 3, 1), Load(weeks).DatesAfter(1)![0]);

        var hours = Enumerable.Range(0, 10).Select(k => new DateTime(2021, 1, 1).AddHours(k)).Append(new DateTime(2021, 1, 1, 12, 0, 0));
        TimeSeries hourly = Load(hours, "yyyy-MM-dd HH:mm");
        Assert.Equal(SeriesFrequency.Hourly, hourly.Frequency);
        Assert.Equal([new DateTime(2021, 1, 1, 13, 0, 0), new DateTime(2021, 1, 1, 14, 0, 0)], hourly.DatesAfter(2)!);
    }

    /// <summary>Weekdays of January and February 2021 without the holidays 1 January and 18 January.</summary>
    private static IEnumerable<DateTime> TradingDays() =>
        Enumerable.Range(0, 59).Select(k => new DateTime(2021, 1, 1).AddDays(k))
            .Where(d => d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && d != new DateTime(2021, 1, 1) && d != new DateTime(2021, 1, 18));

    [Fact]
    public void Trading_days_are_business_daily_with_a_five_day_season_and_holidays_as_gaps()
    {
        TimeSeries s = Load(TradingDays());
        Assert.Equal(SeriesFrequency.BusinessDaily, s.Frequency);
        Assert.Equal(5, s.SeasonLength);
        SeriesGap gap = Assert.Single(s.Gaps);
        Assert.Equal((new DateTime(2021, 1, 15), new DateTime(2021, 1, 19), "2 business days"), (gap.From, gap.To, gap.Step));
        Assert.StartsWith($"series: {TradingDays().Count()} business-daily values 2021-01-04..2021-02-26", s.ToString());
    }

    [Fact]
    public void Business_day_future_dates_skip_weekends()
    {
        TimeSeries s = Load(TradingDays());
        Assert.Equal(DayOfWeek.Friday, s.Dates![^1].DayOfWeek);
        DateTime[] future = s.DatesAfter(7)!;
        Assert.Equal(new DateTime(2021, 3, 1), future[0]);
        Assert.Equal(new DateTime(2021, 3, 9), future[^1]);
        Assert.All(future, d => Assert.True(d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday)));
    }

    [Fact]
    public void A_week_of_weekdays_without_a_weekend_stays_daily()
    {
        Assert.Equal(SeriesFrequency.Daily, Load(Enumerable.Range(0, 5).Select(k => new DateTime(2021, 1, 4).AddDays(k))).Frequency);
    }

    /// <summary>30 monthly values with the last training value (index 19 of the 0.67 split's 20) missing; <paramref name="firstTest"/> is the value after it.</summary>
    /// <summary>A monthly series of <paramref name="count"/> values whose last training value (0.67 of them) is blank.</summary>
    private static TimeSeries WithLastTrainingValueMissing(double firstTest, int count = 30)
    {
        int firstTestIndex = (int)Math.Floor(count * 0.67);
        string[] rows = Enumerable.Range(0, count).Select(k => $"{new DateTime(2000, 1, 1).AddMonths(k):yyyy-MM},{(k == firstTestIndex - 1 ? "" : k == firstTestIndex ? firstTest.ToString(System.Globalization.CultureInfo.InvariantCulture) : (100 + k).ToString(System.Globalization.CultureInfo.InvariantCulture))}").ToArray();
        using var csv = TempCsv.Lines(["Month,V", .. rows]);
        return SeriesCsv.Load(csv.Path, new LoadOptions { FillMissing = true });
    }

    [Fact]
    public void Refilling_within_the_training_part_carries_the_last_training_value_and_ignores_test_values()
    {
        TimeSeries low = WithLastTrainingValueMissing(0).RefillWithin(20), high = WithLastTrainingValueMissing(1000).RefillWithin(20);

        Assert.Equal(118.0, low.Values[19]);
        Assert.Equal(low.Values[..20], high.Values[..20]);
        FilledValue fill = Assert.Single(low.Fills);
        Assert.Equal("last training value carried forward, line 20", fill.How);
        Assert.Contains("Filled line 21 ('') with 118 (last training value carried forward, line 20).", low.Notes);
        Assert.Contains(low.Notes, n => n.StartsWith("Fill rule: the training part (the first 20 values) is filled from training values only"));
        Assert.DoesNotContain(low.Notes, n => n.Contains("interpolated between lines 20 and 22"));
    }

    [Fact]
    public void Forecasting_never_fills_a_training_value_from_the_test_part()
    {
        var options = ForecastOptions.Brownlee with { Epochs = 1, Horizon = 0 };
        double[] low = WindowForecaster.Run(WithLastTrainingValueMissing(0), options).Series.Values;
        double[] high = WindowForecaster.Run(WithLastTrainingValueMissing(1000), options).Series.Values;
        Assert.Equal(20, options.Windows.TrainCount(30));
        Assert.Equal(low[..20], high[..20]);
    }

    [Fact]
    public void The_forecaster_never_fills_a_training_value_from_the_test_part()
    {
        var settings = new ForecasterSettings { MaxEpochs = 1, Horizon = 0 };
        var low = Forecaster.Run(WithLastTrainingValueMissing(1, count: 60), settings);
        var high = Forecaster.Run(WithLastTrainingValueMissing(1000, count: 60), settings);
        Assert.Equal(40, low.TrainCount);
        Assert.Equal(low.Series.Values[..40], high.Series.Values[..40]);
        Assert.Equal(138.0, low.Series.Values[39]); // the value at index 38 carried forward
    }

    [Fact]
    public void Fills_inside_the_training_part_still_interpolate_between_training_values()
    {
        using var csv = TempCsv.Lines(["Month,V", .. Enumerable.Range(0, 6).Select(k => $"2000-{k + 1:00},{(k == 2 ? "NA" : (10 * k).ToString(System.Globalization.CultureInfo.InvariantCulture))}")]);
        TimeSeries s = SeriesCsv.Load(csv.Path, new LoadOptions { FillMissing = true }).RefillWithin(4);
        Assert.Equal(20.0, s.Values[2]);
        Assert.Equal("interpolated between lines 3 and 5", Assert.Single(s.Fills).How);
    }

    /// <summary>data/data.csv (144 months) with the value at <paramref name="gap"/> blank and the one after it replaced by <paramref name="next"/>.</summary>
    private static TimeSeries AirlineWithTestGap(int gap, double next)
    {
        string[] lines = File.ReadAllLines(Repo.File("data/data.csv"));
        string Row(int k) => lines[1 + k].Split(',')[0] + "," + (k == gap ? "" : k == gap + 1 ? next.ToString(System.Globalization.CultureInfo.InvariantCulture) : lines[1 + k].Split(',')[1]);
        using var csv = TempCsv.Lines([lines[0], .. Enumerable.Range(0, lines.Length - 1).Select(Row)]);
        return SeriesCsv.Load(csv.Path, new LoadOptions { FillMissing = true });
    }

    [Fact]
    public void A_test_part_gap_is_filled_from_earlier_values_only()
    {
        const int gap = 120; // in the test part of 144 values split at 96
        TimeSeries low = AirlineWithTestGap(gap, 300).RefillWithin(96), high = AirlineWithTestGap(gap, 900).RefillWithin(96);

        Assert.Equal(low.Values[..(gap + 1)], high.Values[..(gap + 1)]);
        Assert.Equal(low.Values[gap - 1], low.Values[gap]); // the last known value carried forward
        FilledValue fill = Assert.Single(low.Fills);
        Assert.Equal($"last known value carried forward, line {gap + 1}", fill.How);
        Assert.Contains(low.Notes, n => n.Contains("the test part from earlier values only"));
    }

    [Fact]
    public void The_forecast_of_the_value_after_a_test_gap_does_not_read_it()
    {
        const int gap = 120;
        var settings = new ForecasterSettings { MaxEpochs = 1, Horizon = 0 };
        ForecastReport low = Forecaster.Run(AirlineWithTestGap(gap, 300), settings), high = Forecaster.Run(AirlineWithTestGap(gap, 900), settings);

        Assert.True(low.TrainCount <= gap, $"the gap at {gap} must lie in the test part (train {low.TrainCount})");
        int[] upToNext = low.TestTargets.Select((t, k) => (t, k)).Where(p => p.t <= gap + 1).Select(p => p.k).ToArray();
        Assert.Contains(low.TestTargets, t => t == gap + 1);
        foreach ((string method, double[] forecast) in low.TestForecasts)
        {
            Assert.Equal(upToNext.Select(k => forecast[k]), upToNext.Select(k => high.TestForecasts[method][k]));
        }
    }
}
