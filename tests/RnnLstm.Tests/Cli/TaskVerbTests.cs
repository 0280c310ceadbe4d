using System.Text.Json;
using RnnLstm.Tests.Notebooks;

namespace RnnLstm.Tests.Cli;

/// <summary>The <c>binary-addition</c> and <c>forecast</c> verbs, run as a user runs them.</summary>
[Collection(NotebookCollection.Name)]
public sealed class TaskVerbTests(RnnLstmTool tool)
{
    [Fact]
    public void Binary_addition_json_reports_accuracy_per_width_purity_and_time()
    {
        var run = tool.Run("binary-addition", "--test-bits", "16,100", "--json");
        Assert.True(run.ExitCode == 0, run.All);
        var json = JsonDocument.Parse(run.Output).RootElement;
        var accuracy = json.GetProperty("accuracy");
        Assert.Equal(["8", "16", "100"], accuracy.EnumerateObject().Select(p => p.Name));
        Assert.Equal(1.0, accuracy.GetProperty("8").GetDouble());
        Assert.True(json.GetProperty("cluster_purity").GetDouble() >= 0.95);
        Assert.True(json.GetProperty("wall_time_s").GetDouble() > 0);
        Assert.Equal(100_000, json.GetProperty("iterations").GetInt32());
    }

    [Fact]
    public void Binary_addition_with_delay_1_and_6_units_is_accepted_against_the_8_state_automaton()
    {
        var run = tool.Run("binary-addition", "--hidden", "6", "--delay", "1", "--test-bits", "64", "--json");
        Assert.True(run.ExitCode == 0, run.All);
        var json = JsonDocument.Parse(run.Output).RootElement;
        Assert.True(json.GetProperty("accepted").GetBoolean(), run.Output);
        Assert.Equal(8, json.GetProperty("automaton_states").GetInt32());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("rejected_because").ValueKind);
    }

    [Fact]
    public void Binary_addition_with_two_pairs_reports_the_16_state_automaton_and_each_pairs_readout()
    {
        var run = tool.Run("binary-addition", "--pairs", "2", "--hidden", "4", "--iterations", "2000", "--tries", "1", "--test-bits", "16", "--json");
        Assert.True(run.ExitCode == 0, run.All);
        var json = JsonDocument.Parse(run.Output).RootElement;
        Assert.Equal(2, json.GetProperty("pairs").GetInt32());
        Assert.Equal(16, json.GetProperty("automaton_states").GetInt32());
        Assert.Equal(1, json.GetProperty("tries").GetInt32());
        Assert.Equal(2, json.GetProperty("pair_readout").GetArrayLength());
        var bad = tool.Run("binary-addition", "--pairs", "5");
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("--pairs 5", bad.All);
    }

    [Fact]
    public void Forecast_json_has_the_model_and_every_baseline_and_writes_csv_and_chart()
    {
        string output = Repository.TestOutput("forecast");
        var run = tool.Run("forecast", "data/data.csv", "--epochs", "20", "--horizon", "6", "--out", output, "--json");
        Assert.True(run.ExitCode == 0, run.All);
        var json = JsonDocument.Parse(run.Output).RootElement;
        Assert.Equal(144, json.GetProperty("rows").GetInt32());
        Assert.Equal("Passengers", json.GetProperty("value_column").GetString());
        foreach (string key in new[] { "model", "persistence", "seasonal_naive", "seasonal_naive_drift", "holt_winters" })
        {
            Assert.True(json.GetProperty(key).GetProperty("test_rmse").GetDouble() > 0, key);
            Assert.True(json.GetProperty("mase").GetProperty(key).GetDouble() > 0, key);
            Assert.True(json.GetProperty("smape").GetProperty(key).GetDouble() > 0, key);
            Assert.Equal(6, json.GetProperty("backtest").GetProperty("mase").GetProperty(key).GetArrayLength());
        }
        var selection = json.GetProperty("selection");
        Assert.Equal(12, selection.GetProperty("season").GetInt32());
        Assert.True(selection.GetProperty("candidates").GetArrayLength() >= 7);
        Assert.Contains(selection.GetProperty("candidates").EnumerateArray(), c => c.GetProperty("candidate").GetString() == selection.GetProperty("statistical").GetString());
        Assert.Equal(6, json.GetProperty("future").GetArrayLength());
        foreach (var step in json.GetProperty("future").EnumerateArray())
        {
            double value = step.GetProperty("value").GetDouble();
            var i80 = step.GetProperty("intervals").GetProperty("80");
            var i95 = step.GetProperty("intervals").GetProperty("95");
            Assert.InRange(value, i80.GetProperty("lower").GetDouble(), i80.GetProperty("upper").GetDouble());
            Assert.True(i95.GetProperty("lower").GetDouble() <= i80.GetProperty("lower").GetDouble() && i95.GetProperty("upper").GetDouble() >= i80.GetProperty("upper").GetDouble());
        }
        Assert.Equal(4, json.GetProperty("backtest").GetProperty("intervals").GetArrayLength()); // model and Holt-Winters at 80 and 95
        var lines = File.ReadAllLines(Path.Combine(output, "forecast.csv"));
        Assert.Equal(7, lines.Length);
        Assert.Equal("date,forecast,lower_80,upper_80,lower_95,upper_95", lines[0]);
        Assert.Contains("Plotly.newPlot", File.ReadAllText(Path.Combine(output, "forecast.html")));
    }

    [Fact]
    public void Forecast_of_a_bad_file_exits_2_with_one_paragraph_naming_file_line_and_column()
    {
        string csv = Path.Combine(Repository.TestOutput("forecast-bad"), "bad.csv");
        File.WriteAllText(csv, "Month,Passengers\n1949-01,112\n1949-02,abc\n1949-03,132\n");
        var run = tool.Run("forecast", csv);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("line 3", run.Error);
        Assert.Contains("'Passengers'", run.Error);
        Assert.Contains("bad.csv", run.Error);
        Assert.DoesNotContain("   at ", run.Error); // no stack trace
        Assert.Single(run.Error.Trim().Split('\n'));
    }

    [Theory]
    [InlineData("1", "from 2 to 48")]
    [InlineData("49", "from 2 to 48")]
    [InlineData("6.5", "whole number")]
    public void Forecast_with_a_bad_season_exits_2_with_the_reason(string season, string reason)
    {
        var run = tool.Run("forecast", "data/data.csv", "--season", season);
        Assert.Equal(2, run.ExitCode);
        var first = run.Error.Trim().Split('\n')[0];
        Assert.Contains("--season", first);
        Assert.Contains(reason, first);
    }

    [Fact]
    public void Two_forecast_runs_print_the_same_json_apart_from_timings()
    {
        string output = Repository.TestOutput("forecast-twice");
        string Run()
        {
            var run = tool.Run("forecast", "data/examples/uk_gas.csv", "--epochs", "20", "--horizon", "4", "--out", output, "--json");
            Assert.True(run.ExitCode == 0, run.All);
            return System.Text.RegularExpressions.Regex.Replace(run.Output, @"""(seconds|elapsed_s)"": [0-9.Ee+-]+", "\"$1\": 0");
        }
        Assert.Equal(Run(), Run());
    }
}
