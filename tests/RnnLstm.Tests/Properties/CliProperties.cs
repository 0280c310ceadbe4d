using CsCheck;
using Xunit.Abstractions;

namespace RnnLstm.Tests.Properties;

/// <summary>
/// Generated files and command lines through the CLI, in-process (<see cref="RnnLstm.Cli.Program.RunAsync"/>):
/// exit 0 with valid JSON whose numbers are all finite, or exit 2 with a message naming what was wrong; never
/// another exit code, never a stack trace.
/// </summary>
public sealed class CliProperties(ITestOutputHelper output) : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("rnnlstm-cli-properties-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>Extra words after the fast settings: mostly none, sometimes a setting the file may not take, or a mistake.</summary>
    private static readonly Gen<string[]> Extras = Gen.Frequency(
        (8, Gen.Const(Array.Empty<string>())),
        (1, Gen.Int[-1, 400].Select(n => new[] { "--season", n.ToString(System.Globalization.CultureInfo.InvariantCulture) })),
        (1, Gen.OneOf<string[]>(["--train-fraction", "0.9"], ["--train-fraction", "0.2"], ["--train-fraction", "1.5"], ["--fill-missing"],
            ["--decimal", ","], ["--decimal", ";"], ["--epoch", "1"], ["--horizon", "-1"], ["--date-format", "dd/MM/yyyy"], ["--column", "Nope"], ["extra.csv"])));

    [Fact]
    public async Task Any_file_and_command_line_exits_0_with_finite_json_or_2_with_a_message()
    {
        var cases = Gen.Select(GeneratedCsv.Files, Extras, Gen.Int[0, 3]);
        var exits = new Dictionary<int, int>();
        for (uint i = 0; i < 150; i++)
        {
            (CsvFile file, string[] extras, int horizon) = cases.Generate(new PCG(i, 23), null, out _);
            string path = Path.Combine(_folder, "series.csv");
            File.WriteAllBytes(path, file.Bytes);
            string[] args = ["forecast", path, "--epochs", "1", "--horizon", horizon.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--look-back", "2", "--hidden", "2", "--cell", "rnn", "--out", Path.Combine(_folder, "out"), "--json", .. extras];
            int exit;
            string stdout, stderr;
            using (var console = new ConsoleCapture())
            {
                exit = await RnnLstm.Cli.Program.RunAsync(args);
                (stdout, stderr) = (console.Out, console.Error);
            }
            exits[exit] = exits.GetValueOrDefault(exit) + 1;
            string where = $"case {i}: rnnlstm {string.Join(' ', args.Skip(2))}\n{file}\n--- exit {exit}, stderr ---\n{Tail(stderr)}";
            Assert.False(stderr.Contains("   at ", StringComparison.Ordinal), "a stack trace: " + where);
            Assert.True(exit is 0 or 2, "exit code: " + where);
            if (exit == 0)
            {
                List<string> bad;
                try { bad = FiniteNumbers.InJson(stdout); }
                catch (System.Text.Json.JsonException e) { throw new Xunit.Sdk.XunitException($"invalid JSON ({e.Message}): {where}"); }
                Assert.True(bad.Count == 0, $"non-finite numbers in the JSON: {string.Join("; ", bad.Take(5))}: {where}");
            }
            else
            {
                string[] lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                Assert.True(lines.Any(l => l.StartsWith("rnnlstm forecast: ", StringComparison.Ordinal) || l.StartsWith($"File '{path}'", StringComparison.Ordinal) || l.StartsWith(path + ": ", StringComparison.Ordinal)),
                    "no message line naming the verb or the file: " + where);
            }
        }
        output.WriteLine(string.Join(", ", exits.OrderBy(e => e.Key).Select(e => $"exit {e.Key}: {e.Value}")));
        Assert.True(exits.GetValueOrDefault(0) > 10, "too few runs got through to a forecast to test the JSON");
    }

    private static string Tail(string text) => text.Length <= 1500 ? text : "..." + text[^1500..];
}
