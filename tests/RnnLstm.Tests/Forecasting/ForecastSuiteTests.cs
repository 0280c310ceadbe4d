using System.Globalization;
using RnnLstm.Forecasting;

namespace RnnLstm.Tests.ForecastingLayer;

public class ForecastSuiteTests
{
    [Fact]
    public void A_file_that_cannot_be_forecast_becomes_a_row_saying_why_and_the_suite_goes_on()
    {
        string folder = Path.Combine(Path.GetTempPath(), "rnnlstm-suite-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            var values = Synthetic.Values(90, 4, amplitude: 5, noise: 1, slope: 0.2);
            string Csv(IEnumerable<double> v) => "value\n" + string.Join("\n", v.Select(x => x.ToString("R", CultureInfo.InvariantCulture))) + "\n";
            File.WriteAllText(Path.Combine(folder, "a_short.csv"), Csv(values.Take(30)));
            File.WriteAllText(Path.Combine(folder, "b_good.csv"), Csv(values));
            var files = Directory.GetFiles(folder, "*.csv").Order(StringComparer.Ordinal).ToList();
            var rows = ForecastSuite.Run(files, new ForecasterSettings { Horizon = 4, Net = false }, [1, 2]).ToList();
            Assert.Equal(4, rows.Count);                                   // two files × two seeds
            Assert.All(rows.Take(2), r => Assert.Contains("at least 24", r.Error));
            Assert.All(rows.Skip(2), r => Assert.Null(r.Error));
            string table = ForecastSuite.Table(rows);
            Assert.Contains("| a_short | 1 | failed:", table);
            Assert.Contains("seed 2: 1 series (1 failed)", table);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void The_reference_methods_are_held_to_the_bar_of_the_best_candidate_as_the_model_is()
    {
        static SuiteRow Row(string name, double model, params (string Name, double Mase)[] candidates) =>
            new(name, 1, 100, 1, "", false,
                new[] { (Forecaster.ModelName, model) }.Concat(candidates).ToDictionary(p => p.Item1, p => p.Item2),
                new Dictionary<string, double>(), [], 0);
        // best statistical candidates 1.0, 2.0, 4.0; the model above 1.10x of it on b only
        var rows = new[] { Row("a", 1.05, ("ETS", 1.0), ("Theta", 1.3)), Row("b", 2.5, ("ETS", 2.0)), Row("c", 4.0, ("ARIMA", 4.0), ("ETS", 5.0)) };
        var reference = new Dictionary<string, IReadOnlyDictionary<string, double>>
        {
            ["a"] = new Dictionary<string, double> { ["ets"] = 1.2, ["arima"] = 1.05 },   // ets above 1.10x, arima not
            ["b"] = new Dictionary<string, double> { ["ets"] = 2.1, ["arima"] = 2.3 },    // arima above 1.10x, ets not
            ["c"] = new Dictionary<string, double> { ["ets"] = 4.5, ["arima"] = 4.6 },    // both, and so the better of the two too
        };
        string text = ForecastSuite.ReferenceSummary(rows, reference);
        Assert.Contains("R ets itself above 1.10x the best statistical candidate on 2 of them (the model on 1)", text);
        Assert.Contains("R arima itself above 1.10x the best statistical candidate on 2 of them (the model on 1)", text);
        Assert.Contains("The best R method per series, picked on the test part: above 1.10x the best statistical candidate on 1 of 3", text);
        Assert.Contains("Model / R ets (geometric mean over 3 series): " + Math.Cbrt(1.05 / 1.2 * 2.5 / 2.1 * 4.0 / 4.5).ToString("F3", CultureInfo.InvariantCulture) + ", above 1.10 on 1", text);
    }
}
