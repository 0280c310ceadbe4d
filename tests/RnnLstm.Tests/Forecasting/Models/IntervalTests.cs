using RnnLstm.Forecasting.Evaluation;
using RnnLstm.Forecasting.Models;

namespace RnnLstm.Tests.Forecasting.Models;

/// <summary>The ETS class-1 forecast variance (against a simulation of the model) and the interval scores.</summary>
public class IntervalTests
{
    [Theory]
    [InlineData("ANN")]
    [InlineData("AAdA")]
    [InlineData("AAA")]
    public void ClassOneVariance_MatchesSimulatedSpread(string name)
    {
        // A model with σ² = 1 (Σe² = n - k), simulated forward 6 steps 4,000 times with N(0, 1) errors.
        var spec = EtsSpec.Parse(name, 4);
        var p = new EtsParameters(0.3, spec.HasTrend ? 0.1 : 0, spec.HasSeason ? 0.2 : 0, spec.Trend == EtsTrend.Damped ? 0.9 : 1);
        var x0 = new EtsState(10, spec.HasTrend ? 0.5 : 0, spec.HasSeason ? [1, -1, 2, -2] : [0]);
        int count = 100, k = spec.FreeParameterCount + 1;
        var model = new EtsModel(spec, p, x0, 1, count, 0, count - k);
        double[] history = [10, 11, 9, 12, 11, 10, 13, 12];
        const int H = 6, Runs = 4000;
        var z = ModelSeries.Normal(Runs * H, seed: 21);
        var sum = new double[H];
        var sumSquares = new double[H];
        for (int r = 0; r < Runs; r++)
        {
            var path = new List<double>(history);
            for (int h = 0; h < H; h++)
            {
                double mean = model.Forecast(path.ToArray(), 1)[0], y = mean + z[r * H + h];
                path.Add(y);
                sum[h] += y;
                sumSquares[h] += y * y;
            }
        }
        var v = model.ForecastVariance(H)!;
        Assert.Equal(1.0, v[0], 12);
        for (int h = 0; h < H; h++)
        {
            double simulated = sumSquares[h] / Runs - Math.Pow(sum[h] / Runs, 2);
            Assert.True(Math.Abs(simulated / v[h] - 1) < 0.1, $"step {h + 1}: formula {v[h]:0.000}, simulated {simulated:0.000}");
        }
    }

    [Fact]
    public void MultiplicativeErrorModel_HasNoClosedFormVariance()
    {
        var model = new EtsModel(EtsSpec.Parse("MNN"), new EtsParameters(0.3), new EtsState(10, 0, [0]), 1, 50, 0, 1);
        Assert.Null(model.ForecastVariance(3));
    }

    [Fact]
    public void Winkler_IsWidthPlusPenaltyOutside()
    {
        Assert.Equal(4, IntervalScores.Winkler(5, 3, 7, 0.8), 12);
        Assert.Equal(4 + 2 / 0.2 * 1, IntervalScores.Winkler(8, 3, 7, 0.8), 12);
        Assert.Equal(4 + 2 / 0.05 * 0.5, IntervalScores.Winkler(2.5, 3, 7, 0.95), 12);
    }

    [Fact]
    public void CoverageAndMsis_OnAHandCase()
    {
        double[] actual = [1, 5, 9], lower = [0, 0, 0], upper = [4, 4, 10];
        Assert.Equal(2.0 / 3, IntervalScores.Coverage(actual, lower, upper), 12);
        // interval scores 4, 4 + 10·1, 10 → mean 28/3; training seasonal naive (m 1) MAE of 1, 3, 6: (2 + 3)/2
        Assert.Equal(28.0 / 3 / 2.5, IntervalScores.Msis(actual, lower, upper, 0.8, [1, 3, 6], 1), 12);
    }

    [Fact]
    public void Winkler_BadLevel_NamesIt()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => IntervalScores.Winkler(1, 0, 2, 95));
        Assert.Equal("level", e.ParamName);
    }
}
