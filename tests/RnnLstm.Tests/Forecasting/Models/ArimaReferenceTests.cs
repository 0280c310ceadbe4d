using System.Globalization;
using RnnLstm.Forecasting.Models;
using RnnLstm.Series;
using RnnLstm.Tests.Notebooks;

namespace RnnLstm.Tests.ForecastingLayer;

/// <summary>
/// ArimaAuto beside R's auto.arima on corpus series. ArimaReference.csv was written by R 4.2.2 with forecast 8.20
/// (the command is in its header); only the differencing orders are compared exactly, since R refines its fit by
/// exact likelihood and ours stays with CSS, so the ARMA orders and coefficients may differ.
/// </summary>
public class ArimaReferenceTests
{
    public static IEnumerable<object[]> Rows() =>
        File.ReadAllLines(Path.Combine(Repository.Root, "tests", "RnnLstm.Tests", "Forecasting", "Models", "ArimaReference.csv"))
            .Where(line => !line.StartsWith('#')).Skip(1).Select(line => line.Split(','))
            .Select(f => new object[] { f[0], int.Parse(f[1], CultureInfo.InvariantCulture), int.Parse(f[3], CultureInfo.InvariantCulture), int.Parse(f[6], CultureInfo.InvariantCulture) });

    [Theory]
    [MemberData(nameof(Rows))]
    public void Differencing_orders_match_auto_arima(string id, int m, int d, int seasonalD)
    {
        bool log = id.EndsWith("_log", StringComparison.Ordinal);
        string file = Path.Combine(Repository.Root, "data", "examples", (log ? id[..^4] : id) + ".csv");
        var values = SeriesCsv.Load(file).Values.ToArray();
        if (log) values = values.Select(v => Math.Log(v)).ToArray();
        var train = values[..(int)Math.Floor(0.67 * values.Length)];
        var model = ArimaAuto.Select(train, m);
        Assert.True(d == model.Order.d && seasonalD == model.Order.D,
            $"{id}: R's auto.arima takes d = {d}, D = {seasonalD}; ours {model.Description}");
        Assert.All(model.Forecast(train, 12), v => Assert.True(double.IsFinite(v)));
    }
}
