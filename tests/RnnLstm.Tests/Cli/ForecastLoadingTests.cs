using System.Text.Json;
using RnnLstm.Tests.Notebooks;

namespace RnnLstm.Tests.Cli;

/// <summary>The <c>forecast</c> verb's loader flags: files other tools write, and advice that names the flags.</summary>
[Collection(NotebookCollection.Name)]
public sealed class ForecastLoadingTests(RnnLstmTool tool)
{
    private static string Write(string folder, string name, string text)
    {
        string path = Path.Combine(Repository.TestOutput(folder), name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void Ambiguous_dates_exit_2_naming_the_date_format_flag_and_load_once_it_is_given()
    {
        var rows = Enumerable.Range(0, 40).Select(k => new DateTime(2020, 1, 1).AddMonths(k)).Select((d, k) => $"{d:dd/MM/yyyy},{100 + k}");
        string csv = Write("forecast-dates", "ambiguous.csv", "Date,Sales\n" + string.Join("\n", rows) + "\n");

        var refused = tool.Run("forecast", csv);
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("line 3, column 'Date': every date in this column reads both day first and month first", refused.Error);
        Assert.Contains("--date-format dd/MM/yyyy (day first) or --date-format MM/dd/yyyy (month first)", refused.Error);
        Assert.DoesNotContain("LoadOptions", refused.Error);
        Assert.Single(refused.Error.Trim().Split('\n'));

        var run = tool.Run("forecast", csv, "--date-format", "dd/MM/yyyy", "--epochs", "1", "--horizon", "2", "--out", Repository.TestOutput("forecast-dates-out"), "--json");
        Assert.True(run.ExitCode == 0, run.All);
        var future = JsonDocument.Parse(run.Output).RootElement.GetProperty("future").EnumerateArray().Select(f => f.GetProperty("date").GetString()!).ToArray();
        Assert.Equal(["2023-05-01", "2023-06-01"], future);
    }

    [Fact]
    public void Hourly_iso_dates_with_zones_forecast_the_next_hours()
    {
        var rows = Enumerable.Range(0, 200).Select(h => $"{new DateTime(2021, 3, 1).AddHours(h):yyyy-MM-dd'T'HH:mm:ss}+01:00,{100 + h % 24 + 0.1 * h}");
        string csv = Write("forecast-hourly", "hourly.csv", "time,load\n" + string.Join("\n", rows) + "\n");
        string output = Repository.TestOutput("forecast-hourly-out");

        var run = tool.Run("forecast", csv, "--epochs", "1", "--horizon", "2", "--out", output);
        Assert.True(run.ExitCode == 0, run.All);
        Assert.Contains("200 hourly values", run.Output);
        Assert.Contains("all are converted to UTC", run.Output);
        Assert.Equal(["date", "2021-03-09 07:00:00", "2021-03-09 08:00:00"],
            File.ReadAllLines(Path.Combine(output, "forecast.csv")).Select(l => l.Split(',')[0]));
    }

    [Fact]
    public void Missing_value_advice_names_the_fill_missing_flag()
    {
        string csv = Write("forecast-missing", "missing.csv", "Month,Passengers\n1949-01,112\n1949-02,NA\n1949-03,132\n");
        var run = tool.Run("forecast", csv);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("fill it with --fill-missing", run.Error);
    }

    [Fact]
    public void A_bad_decimal_flag_is_a_usage_error()
    {
        var run = tool.Run("forecast", "data/data.csv", "--decimal", ";");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--decimal must be ',' or '.'", run.Error);
    }
}
