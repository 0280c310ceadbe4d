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

    private static string[][] Fields() =>
        File.ReadAllLines(Path.Combine(Repository.Root, "tests", "RnnLstm.Tests", "Forecasting", "Models", "ArimaReference.csv"))
            .Where(line => !line.StartsWith('#')).Skip(1).Select(line => line.Split(',')).ToArray();

    public static IEnumerable<object[]> Ids() => Fields().Select(f => new object[] { f[0] });

    private static double[] Train(string id)
    {
        bool log = id.EndsWith("_log", StringComparison.Ordinal);
        string file = Path.Combine(Repository.Root, "data", "examples", (log ? id[..^4] : id) + ".csv");
        var values = SeriesCsv.Load(file).Values.ToArray();
        if (log) values = values.Select(v => Math.Log(v)).ToArray();
        return values[..(int)Math.Floor(0.67 * values.Length)];
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void At_r_s_order_the_exact_likelihood_fit_matches_r(string id)
    {
        var f = Fields().Single(row => row[0] == id);
        int Int(int i) => int.Parse(f[i], CultureInfo.InvariantCulture);
        int m = Int(1);
        var order = new ArimaOrder(Int(2), Int(3), Int(4), Int(5), Int(6), Int(7), Int(5) + Int(6) + Int(7) > 0 ? m : 1, f[8] == "TRUE");
        var train = Train(id);
        var model = ArimaFit.Refine(ArimaFit.Fit(order, train), train);
        double rAicc = double.Parse(f[9], CultureInfo.InvariantCulture);
        Assert.True(model.Method == "CSS-ML", model.Description);
        Assert.True(Math.Abs(model.Aicc - rAicc) < 0.05, $"{id}: AICc {model.Aicc:0.0000} against R's {rAicc:0.0000} for {order}");
        var rForecast = f[10].Split(' ').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        var ours = model.Forecast(train, 12);
        double relative = ours.Zip(rForecast, (a, b) => Math.Abs(a - b)).Sum() / rForecast.Sum(Math.Abs);
        Assert.True(relative < 0.01, $"{id}: 12-step forecasts differ from R's by {relative:P2} on average");
    }

    [Theory]
    [MemberData(nameof(Rows))]
    public void Differencing_orders_match_auto_arima(string id, int m, int d, int seasonalD)
    {
        var train = Train(id);
        var model = ArimaAuto.Select(train, m);
        Assert.True(d == model.Order.d && seasonalD == model.Order.D,
            $"{id}: R's auto.arima takes d = {d}, D = {seasonalD}; ours {model.Description}");
        Assert.All(model.Forecast(train, 12), v => Assert.True(double.IsFinite(v)));
    }
}
