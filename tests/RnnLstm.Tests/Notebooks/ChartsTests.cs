using RnnLstm.Notebook;
using RnnLstm.Plots;

namespace RnnLstm.Tests.Notebooks;

/// <summary>The chart builders and helpers, in-process (no kernel): shapes of the output and the argument checks.</summary>
public sealed class ChartsTests
{
    [Fact]
    public void LossCurvesMakeOneTracePerSeries()
    {
        var chart = Charts.LossCurves([new NamedSeries("train", [1, 0.5, 0.2]), new NamedSeries("valid", [1.1, 0.7])], logY: true);

        string json = Plotly.NET.GenericChart.toJson(chart);
        Assert.Equal(2, Plotly.NET.GenericChart.countTrace(chart));
        Assert.Contains("\"type\":\"log\"", json);
        Assert.Contains("\"name\":\"valid\"", json);
    }

    [Fact]
    public void ForecastRejectsASegmentPastTheLabels()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            Charts.Forecast(["a", "b", "c"], [1, 2, 3], future: new Segment(2, [4, 5])));

        Assert.Contains("the forecast cover x[2..4) but x has 3 labels", error.Message);
    }

    [Fact]
    public void HeatmapRejectsRaggedRows()
    {
        var error = Assert.Throws<ArgumentException>(() => Charts.GateHeatmap([[0.1, 0.2], [0.3]], "gate"));

        Assert.Contains("row 1 has 1 values but row 0 has 2", error.Message);
        Assert.Equal("activations", error.ParamName);
    }

    [Fact]
    public void HiddenStatesGetOneTracePerLabel()
    {
        var chart = Charts.HiddenStates3D([0, 1, 2, 3], [0, 1, 0, 1], [1, 1, 0, 0], ["a", "b", "a", "c"], axisTitles: ("PC 1", "PC 2", "PC 3"));

        Assert.Equal(3, Plotly.NET.GenericChart.countTrace(chart));
        Assert.Contains("\"text\":\"PC 3\"", Plotly.NET.GenericChart.toJson(chart));
    }

    [Fact]
    public void SavedHtmlEmbedsPlotlyAndReferencesNoCdn()
    {
        string path = Path.Combine(Repository.TestOutput("chart-file"), "bars");

        string written = ChartFiles.SaveHtml(Charts.Bars(["x", "y"], [1.0, 2.0]), path);

        string html = File.ReadAllText(written);
        Assert.EndsWith("bars.html", written);
        Assert.Contains("plotly.js v2.28", html);
        Assert.DoesNotMatch(@"<script[^>]*\bsrc=", html); // no script fetched from anywhere
    }

    [Fact]
    public void ANotebookChartWaitsForPlotlyInsteadOfFailingWhenItComesFirst()
    {
        string html = ChartFiles.ToHtmlFragment(Charts.LossCurve([1, 0.5]));

        Assert.Contains("if (window.Plotly) { renderPlotly_", html);
        Assert.DoesNotMatch(@"^renderPlotly_[0-9a-f]+\(\);", html.Split('\n').Last(l => l.Contains("renderPlotly_")).Trim());
        Assert.DoesNotMatch(@"<script[^>]*\bsrc=", html);
    }

    [Fact]
    public void TablesShowTheHeadAndTheFullSize()
    {
        var rows = Enumerable.Range(0, 30).Select(i => (IReadOnlyList<object?>)[i, i * 0.5]);

        string html = Tables.ToHtml(["n", "half"], rows, totalRows: 30);

        Assert.Equal(Tables.DefaultMaxRows + 1, html.Split("<tr>").Length - 1); // header + shown rows
        Assert.Contains("30 rows × 2 columns (first 20 shown)", html);
    }

    [Fact]
    public void ProgressOutsideANotebookPrintsPlainLines()
    {
        var console = new StringWriter();
        var previous = Console.Out;
        Console.SetOut(console);
        try
        {
            var progress = Progress.Start("training");
            progress.Report(0.5, "epoch 1/2");
            progress.Report(0.75, "throttled: within a second of the last line");
            progress.Report(1, "epoch 2/2");
        }
        finally
        {
            Console.SetOut(previous);
        }

        string[] lines = console.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("training:  50.0%  epoch 1/2", lines[0]);
        Assert.StartsWith("training: 100.0%  epoch 2/2", lines[1]);
    }
}
