using System.Globalization;
using System.Text.RegularExpressions;
using RnnLstm.Forecasting;
using RnnLstm.Series;

namespace RnnLstm.Tests.Notebooks;

/// <summary>LSTM.ipynb run on series of the corpus other than the airline data: no failing cell, and its sentences agree with its numbers.</summary>
[Collection(NotebookCollection.Name)]
public sealed class LstmNotebookOnCorpusTests(RnnLstmTool tool)
{
    [Theory]
    [InlineData("nile_flow", "no seasonality found")]        // annual, no season: no seasonal baselines
    [InlineData("sunspots_yearly", "season 11 found in the data")] // annual dates, a cycle found in the values
    [InlineData("uk_gas", "season 4 (from the date spacing) confirmed")]
    public void Run_all_on_a_corpus_file_gives_a_consistent_notebook(string name, string season)
    {
        string output = Repository.TestOutput("lstm-" + name);
        var run = tool.Run("notebooks", Path.Combine(Repository.Root, "notebooks", "LSTM.ipynb"), "--output", output,
            "-p", $"dataFile=../data/examples/{name}.csv");
        Assert.True(run.ExitCode == 0, run.All);
        string executed = Path.Combine(output, "LSTM.ipynb");
        Assert.Empty(ExecutedNotebook.Errors(executed));
        string text = Regex.Unescape(File.ReadAllText(executed));
        Assert.Contains(season, text);
        Assert.Matches(@"Test points: all \d+ values after the first \d+; Brownlee's setup above was scored on its \d+ test windows", text);
        // the verdicts and the numbers of the notebook's sentences, each checked against the library's own run with the
        // notebook's default parameters (not against each other)
        var report = Forecaster.Run(SeriesCsv.Load(Path.Combine(Repository.Root, "data", "examples", name + ".csv")), new ForecasterSettings { Horizon = 12, Seed = 1, MaxEpochs = 100 });
        var sentences = Regex.Matches(text, @"The chosen model (beats|does not beat) (.+?) \(MASE ([0-9.]+) vs ([0-9.]+)");
        Assert.Equal(report.Scores.Count - 1, sentences.Count);
        foreach (Match s in sentences)
        {
            var other = report.Score(s.Groups[2].Value);
            Assert.True(other is not null, $"no method '{s.Groups[2].Value}' in the report");
            Assert.Equal(report.ModelScore.Mase.ToString("F3", CultureInfo.InvariantCulture), s.Groups[3].Value);
            Assert.Equal(other!.Mase.ToString("F3", CultureInfo.InvariantCulture), s.Groups[4].Value);
            Assert.Equal(report.ModelScore.Mase < other.Mase ? "beats" : "does not beat", s.Groups[1].Value);
        }
        // the net sentence and the coverage sentences: numbers from the report
        var coverage = Regex.Matches(text, @"The model's ([0-9.]+)% intervals held ([0-9.]+)% of the (\d+) test values");
        Assert.Equal(report.Settings.Levels.Count, coverage.Count);
        foreach (Match c in coverage)
        {
            var score = report.Backtest!.Intervals.Single(i => i.Name == Forecaster.ModelName && i.Level == double.Parse(c.Groups[1].Value, CultureInfo.InvariantCulture));
            Assert.Equal(score.Coverage.ToString("F1", CultureInfo.InvariantCulture), c.Groups[2].Value);
        }
        var net = report.Selection.Net;
        if (net is null) Assert.Contains("No net was trained", text);
        else Assert.Contains($"{(net.Used ? "The net was used" : "The net was not used")}: cross-validated MASE {net.Cv.MultiStepMase.ToString("F3", CultureInfo.InvariantCulture)} with it", text);
        if (season.StartsWith("no seasonality", StringComparison.Ordinal)) Assert.DoesNotContain("beats seasonal naive", text);
    }
}
