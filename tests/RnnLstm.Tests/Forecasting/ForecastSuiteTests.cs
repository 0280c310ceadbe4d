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
}
