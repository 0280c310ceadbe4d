using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace RnnLstm.Cli.Reference;

/// <summary>The R reference is not available or failed: the message says what is missing and how to get it.</summary>
public sealed class RReferenceException(string message) : Exception(message);

/// <summary>
/// Runs bench/reference/forecast.R (R's forecast package: ets, auto.arima, thetaf) on a list of tasks: writes the
/// tasks CSV into a work folder, calls Rscript, reads the forecasts and the fitted models back.
/// </summary>
public static class RReference
{
    /// <summary>The script, relative to the repository root.</summary>
    public const string ScriptPath = "bench/reference/forecast.R";

    /// <summary>
    /// Runs the script on <paramref name="tasks"/>, with its files in <paramref name="workDir"/> (created if needed):
    /// tasks.csv, forecasts.csv, models.csv.
    /// </summary>
    /// <param name="tasks">The series to run.</param>
    /// <param name="workDir">Where the CSV files go.</param>
    /// <param name="script">The R script; default <see cref="ScriptPath"/> under the repository containing the current folder.</param>
    /// <param name="rscript">The Rscript executable (default "Rscript" on PATH).</param>
    /// <param name="timeout">How long R may run (default 30 minutes).</param>
    /// <exception cref="RReferenceException">Rscript or the forecast package is missing, the script failed or timed out.</exception>
    public static ReferenceResult Run(IReadOnlyList<ReferenceTask> tasks, string workDir, string? script = null, string rscript = "Rscript", TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        if (tasks.Count == 0) throw new ArgumentException("No reference tasks given.", nameof(tasks));
        foreach (var task in tasks) task.Validate();
        script ??= Path.Combine(RepoPaths.FindRoot() ?? throw new RReferenceException($"Cannot find {ScriptPath}: run from inside the RnnLstm repository or pass the script path."), ScriptPath);
        if (!File.Exists(script)) throw new RReferenceException($"The R reference script {script} does not exist.");
        Directory.CreateDirectory(workDir);
        string tasksFile = Path.Combine(workDir, "tasks.csv"), forecastsFile = Path.Combine(workDir, "forecasts.csv"), modelsFile = Path.Combine(workDir, "models.csv");
        File.WriteAllText(tasksFile, TasksCsv(tasks));
        File.Delete(forecastsFile);
        File.Delete(modelsFile);

        var (exit, stderr) = Execute(rscript, [script, tasksFile, forecastsFile, modelsFile], timeout ?? TimeSpan.FromMinutes(30));
        if (exit == 3) throw new RReferenceException($"R runs but the forecast package is missing: {stderr.Trim()}");
        if (exit != 0 || !File.Exists(forecastsFile)) throw new RReferenceException($"{script} failed (exit {exit}): {Tail(stderr)}");
        return ReadResults(workDir);
    }

    /// <summary>Reads forecasts.csv and models.csv that an earlier <see cref="Run"/> left in <paramref name="workDir"/>.</summary>
    /// <exception cref="RReferenceException">forecasts.csv is missing.</exception>
    public static ReferenceResult ReadResults(string workDir)
    {
        string forecastsFile = Path.Combine(workDir, "forecasts.csv"), modelsFile = Path.Combine(workDir, "models.csv");
        if (!File.Exists(forecastsFile)) throw new RReferenceException($"No R reference results in {workDir}: {forecastsFile} is missing.");
        var models = ReadModels(modelsFile);
        string versions = models.Count > 0 ? Versions(modelsFile) : "unknown versions";
        return new ReferenceResult(ReadForecasts(forecastsFile), models, versions);
    }

    /// <summary>The tasks as the script reads them (header id,m,train,horizon,levels,origins,values; lists space-separated).</summary>
    public static string TasksCsv(IReadOnlyList<ReferenceTask> tasks)
    {
        var c = CultureInfo.InvariantCulture;
        var text = new StringBuilder("id,m,train,horizon,levels,origins,values\n");
        foreach (var t in tasks)
            text.Append(c, $"\"{t.Id.Replace("\"", "\"\"")}\",{t.SeasonLength},{t.TrainCount},{t.Horizon},{string.Join(' ', t.Levels)},")
                .Append(string.Join(' ', t.Origins)).Append(',')
                .Append(string.Join(' ', t.Values.Select(v => v.ToString("R", c)))).Append('\n');
        return text.ToString();
    }

    private static (int Exit, string Stderr) Execute(string rscript, string[] arguments, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(rscript) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        Process process;
        try { process = Process.Start(start) ?? throw new RReferenceException($"Could not start {rscript}."); }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new RReferenceException($"'{rscript}' was not found ({e.Message}). Install R and its forecast package (Debian: apt-get install r-base-core r-cran-forecast) or run without the R reference.");
        }
        using (process)
        {
            var stderr = process.StandardError.ReadToEndAsync();
            var stdout = process.StandardOutput.ReadToEndAsync();
            if (!process.WaitForExit(timeout))
            {
                process.Kill(entireProcessTree: true);
                throw new RReferenceException($"{rscript} did not finish within {timeout.TotalMinutes:0} minutes.");
            }
            return (process.ExitCode, stderr.Result);
        }
    }

    private static IReadOnlyList<ReferenceForecast> ReadForecasts(string file)
    {
        var lines = File.ReadAllLines(file);
        if (lines.Length < 2) return [];
        var header = Csv.Split(lines[0]);
        int Column(string name) => Array.IndexOf(header, name) is var i and >= 0 ? i : throw new RReferenceException($"{file} has no column '{name}'.");
        int id = Column("id"), method = Column("method"), origin = Column("origin"), step = Column("step"), mean = Column("mean");
        var levels = header.Where(h => h.StartsWith("lower_", StringComparison.Ordinal)).Select(h => int.Parse(h["lower_".Length..], CultureInfo.InvariantCulture)).ToArray();
        var lower = levels.Select(l => Column($"lower_{l}")).ToArray();
        var upper = levels.Select(l => Column($"upper_{l}")).ToArray();
        var result = new List<ReferenceForecast>();
        foreach (var group in lines.Skip(1).Where(l => l.Length > 0).Select(Csv.Split).GroupBy(f => (f[id], f[method], f[origin])))
        {
            var rows = group.OrderBy(f => int.Parse(f[step], CultureInfo.InvariantCulture)).ToArray();
            result.Add(new ReferenceForecast(group.Key.Item1, group.Key.Item2, int.Parse(group.Key.Item3, CultureInfo.InvariantCulture),
                [.. rows.Select(f => Csv.Number(f[mean]))], levels,
                [.. lower.Select(k => rows.Select(f => Csv.Number(f[k])).ToArray())],
                [.. upper.Select(k => rows.Select(f => Csv.Number(f[k])).ToArray())]));
        }
        return result;
    }

    private static IReadOnlyList<ReferenceModel> ReadModels(string file)
    {
        if (!File.Exists(file)) return [];
        var lines = File.ReadAllLines(file);
        if (lines.Length < 2) return [];
        var header = Csv.Split(lines[0]);
        int Column(string name) => Array.IndexOf(header, name);
        return [.. lines.Skip(1).Where(l => l.Length > 0).Select(Csv.Split).Select(f => new ReferenceModel(f[Column("id")], f[Column("method")], f[Column("model")].Trim(),
            Csv.Number(f[Column("aicc")]), Csv.Number(f[Column("alpha")]), Csv.Number(f[Column("beta")]), Csv.Number(f[Column("gamma")]), Csv.Number(f[Column("phi")])))];
    }

    private static string Versions(string modelsFile)
    {
        var lines = File.ReadAllLines(modelsFile);
        var header = Csv.Split(lines[0]);
        var first = Csv.Split(lines[1]);
        return $"{first[Array.IndexOf(header, "r_version")]}, forecast {first[Array.IndexOf(header, "forecast_version")]}";
    }

    private static string Tail(string text) => text.Length <= 2000 ? text.Trim() : "…" + text[^2000..].Trim();

    /// <summary>The CSV R's write.csv produces: fields quoted with "", NA for missing numbers, Inf and -Inf.</summary>
    private static class Csv
    {
        public static string[] Split(string line)
        {
            var fields = new List<string>();
            var field = new StringBuilder();
            bool quoted = false;
            for (int i = 0; i < line.Length; i++)
            {
                char ch = line[i];
                if (quoted)
                {
                    if (ch == '"' && i + 1 < line.Length && line[i + 1] == '"') { field.Append('"'); i++; }
                    else if (ch == '"') quoted = false;
                    else field.Append(ch);
                }
                else if (ch == '"') quoted = true;
                else if (ch == ',') { fields.Add(field.ToString()); field.Clear(); }
                else field.Append(ch);
            }
            fields.Add(field.ToString());
            return [.. fields];
        }

        public static double Number(string text) => text switch
        {
            "NA" or "" or "NaN" => double.NaN,
            "Inf" => double.PositiveInfinity,
            "-Inf" => double.NegativeInfinity,
            _ => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) ? v
                : throw new RReferenceException($"R wrote '{text}' where a number was expected."),
        };
    }
}
