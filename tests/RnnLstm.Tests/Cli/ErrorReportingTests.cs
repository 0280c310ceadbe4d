using System.Globalization;
using RnnLstm.Cli;
using RnnLstm.Tests.Properties;

namespace RnnLstm.Tests.Cli;

/// <summary>Issue 23's crashes, through the CLI in-process: every failure is one line and an exit code, never a stack trace.</summary>
public sealed class ErrorReportingTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("rnnlstm-cli-errors-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Write(string name, IEnumerable<string> lines)
    {
        string path = Path.Combine(_folder, name);
        File.WriteAllLines(path, lines);
        return path;
    }

    private static IEnumerable<string> Monthly(int count, Func<int, double> value, char sep = ',') =>
        Enumerable.Range(0, count).Select(k => $"{new DateTime(2000, 1, 1).AddMonths(k):yyyy-MM}{sep}{value(k).ToString("R", CultureInfo.InvariantCulture)}");

    private async Task<(int Exit, string Out, string Error)> Run(params string[] args)
    {
        using var console = new ConsoleCapture();
        int exit = await Program.RunAsync(args);
        return (exit, console.Out, console.Error);
    }

    private string[] Fast => ["--epochs", "1", "--horizon", "2", "--look-back", "2", "--hidden", "2", "--cell", "rnn", "--out", Path.Combine(_folder, "out"), "--json"];

    [Fact]
    public async Task Values_near_1e200_give_exit_0_and_finite_json()
    {
        string csv = Write("big.csv", ["Month,V", .. Monthly(60, k => (100 + k + 10 * Math.Sin(k / 2.0)) * 1e200)]);
        var (exit, output, error) = await Run(["forecast", csv, .. Fast]);
        Assert.True(exit == 0, error);
        Assert.Empty(FiniteNumbers.InJson(output));
    }

    [Fact]
    public async Task An_excel_sep_line_is_read_not_refused()
    {
        string csv = Write("excel.csv", ["sep=;", "Month;V", .. Monthly(40, k => 100 + k % 7 + k, ';')]);
        var (exit, output, error) = await Run(["forecast", csv, .. Fast]);
        Assert.True(exit == 0, error);
        Assert.Contains("declares the separator ';'", output);
    }

    [Fact]
    public async Task A_missing_file_is_exit_2_with_one_line_naming_it()
    {
        string csv = Path.Combine(_folder, "nowhere.csv");
        var (exit, _, error) = await Run("forecast", csv);
        Assert.Equal(2, exit);
        Assert.StartsWith($"File '{csv}': the file does not exist", error);
        Assert.Single(error.Trim().Split('\n'));
    }

    [Fact]
    public async Task A_series_too_short_is_exit_2_in_plain_words()
    {
        string csv = Write("short.csv", ["Month,V", .. Monthly(30, k => 100 + k)]);
        var (exit, _, error) = await Run(["forecast", csv, .. Fast]);
        Assert.Equal(2, exit);
        Assert.Contains("30 values give 20 training and 10 test values", error);
        Assert.DoesNotContain("(Parameter", error);
        Assert.DoesNotContain("   at ", error);
    }

    [Fact]
    public void Library_argument_errors_lose_the_dotnet_wording_and_internal_errors_say_what_they_are()
    {
        Assert.Equal("The series is too short.", Program.Plain(new ArgumentException("The series is too short.", "series")));
        Assert.Equal("Horizon must be positive.", Program.Plain(new ArgumentOutOfRangeException("horizon", -1, "Horizon must be positive.")));

        string line = Program.InternalError("forecast", new InvalidOperationException("state lost\nsecond line"));
        Assert.Equal("rnnlstm forecast: internal error (InvalidOperationException): state lost second line " +
                     "This is a fault of the tool, not of your input: please report it with the command line.", line);
    }
}
