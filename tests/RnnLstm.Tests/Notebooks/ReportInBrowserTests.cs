namespace RnnLstm.Tests.Notebooks;

/// <summary>
/// The HTML report, opened from disk by headless Chromium with the network cut off: the charts must be drawn from the
/// plotly.js embedded in the page.
/// </summary>
[Collection(NotebookCollection.Name)]
public sealed class ReportInBrowserTests(RnnLstmTool tool)
{
    /// <summary>Chromium's flags: headless, no first-run or background traffic, and no network at all (every host
    /// name fails to resolve and every request goes to a closed local port).</summary>
    private static readonly string[] ChromiumFlags =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--host-resolver-rules=MAP * ~NOTFOUND", "--proxy-server=127.0.0.1:9", "--proxy-bypass-list=<-loopback>",
        "--virtual-time-budget=10000", "--window-size=1000,2400",
    ];

    [SkippableFact]
    public void ChartsInTheReportAreDrawnOffline()
    {
        string chromium = FindChromiumOrSkip();
        string output = Repository.TestOutput("report-in-browser");
        var run = tool.Run("notebooks", Path.Combine(Repository.Root, "notebooks", "Charts.ipynb"), "--output", output);
        Assert.True(run.ExitCode == 0, run.All);
        string report = Path.Combine(output, "Charts.html");
        string html = File.ReadAllText(report);
        int charts = CountOf(html, "Plotly chart will be drawn inside this DIV"); // Plotly.NET's mark in each chart
        Assert.Equal(1, CountOf(html, "* plotly.js v")); // plotly.js itself, once
        Assert.True(charts >= 5, $"expected the report to hold the notebook's charts, found {charts}");
        Assert.DoesNotMatch(@"<script[^>]*\bsrc=", html); // nothing to fetch: plotly.js is inline

        string dom = Chromium(chromium, "--dump-dom", new Uri(report).AbsoluteUri).Output;
        string screenshot = Path.Combine(output, "Charts.png");
        Chromium(chromium, "--screenshot=" + screenshot, new Uri(report).AbsoluteUri);

        // plotly marks each container it drew into with js-plotly-plot and draws its SVG layers with main-svg.
        Assert.Equal(charts, CountOf(dom, "class=\"js-plotly-plot\""));
        Assert.True(CountOf(dom, "class=\"main-svg\"") >= charts, $"fewer drawn SVG layers than charts ({charts})");
        Assert.True(new FileInfo(screenshot).Length > 10_000, "the screenshot is (nearly) empty");
    }

    private static ProcessResult Chromium(string chromium, params string[] arguments)
    {
        string profile = Directory.CreateTempSubdirectory("rnnlstm-chromium-").FullName;
        try
        {
            var result = ProcessRunner.Run(chromium, [.. ChromiumFlags, "--user-data-dir=" + profile, .. arguments], Repository.Root, TimeSpan.FromMinutes(2));
            Assert.True(result.ExitCode == 0, result.All);
            return result;
        }
        finally
        {
            Directory.Delete(profile, recursive: true);
        }
    }

    /// <summary>Chromium's path; without one the test is skipped, except under CI (CI=true), where it fails.</summary>
    private static string FindChromiumOrSkip()
    {
        string? found = new[] { "/usr/bin/chromium", "/usr/bin/chromium-browser" }.FirstOrDefault(File.Exists);
        if (found is not null) return found;
        const string missing = "Chromium not found at /usr/bin/chromium (Debian package 'chromium'; .ci/run installs it)";
        Assert.False(Environment.GetEnvironmentVariable("CI") == "true", missing + ": under CI the browser test must run.");
        Skip.If(true, missing + ": browser test skipped.");
        return "";
    }

    private static int CountOf(string text, string part)
    {
        int count = 0;
        for (int i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + part.Length, StringComparison.Ordinal)) count++;
        return count;
    }
}
