using System.Globalization;
using System.Text.RegularExpressions;

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
        var sentences = Regex.Matches(text, @"The chosen model (beats|does not beat) ([^(]+) \(MASE ([0-9.]+) vs ([0-9.]+)");
        Assert.NotEmpty(sentences);
        foreach (Match s in sentences)
        {
            double model = double.Parse(s.Groups[3].Value, CultureInfo.InvariantCulture), other = double.Parse(s.Groups[4].Value, CultureInfo.InvariantCulture);
            Assert.True(s.Groups[1].Value == "beats" ? model <= other : model >= other, s.Value);
        }
        if (season.StartsWith("no seasonality", StringComparison.Ordinal)) Assert.DoesNotContain("beats seasonal naive", text);
    }
}
