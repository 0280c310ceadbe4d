using RnnLstm.Series;

namespace RnnLstm.Tests.Series;

/// <summary>The airline-passengers file against the published facts (n, sum, extremes, last value) and Brownlee's arithmetic.</summary>
public class AirlineTests
{
    private static readonly TimeSeries Airline = SeriesCsv.Load(Repo.File("data/data.csv"), new LoadOptions { Name = "airline" });

    [Fact]
    public void Facts_match_the_published_series()
    {
        Assert.Equal(144, Airline.Count);
        Assert.Equal(40363.0, Airline.Values.Sum());
        Assert.Equal(432.0, Airline.Values[^1]);

        int min = Array.IndexOf(Airline.Values, Airline.Values.Min());
        int max = Array.IndexOf(Airline.Values, Airline.Values.Max());
        Assert.Equal((104.0, new DateTime(1949, 11, 1)), (Airline.Values[min], Airline.Dates![min]));
        Assert.Equal((622.0, new DateTime(1960, 7, 1)), (Airline.Values[max], Airline.Dates[max]));
    }

    [Fact]
    public void Loads_as_a_clean_monthly_series()
    {
        Assert.Equal(SeriesFrequency.Monthly, Airline.Frequency);
        Assert.Equal(12, Airline.SeasonLength);
        Assert.Empty(Airline.Notes);
        Assert.Equal(Enumerable.Range(2, 144), Airline.Lines);
        Assert.Equal("airline: 144 monthly values 1949-01..1960-12 from data.csv, column Passengers, min 104, max 622", Airline.ToString());
    }

    [Theory]
    [InlineData(1, false, 95, 47)]
    [InlineData(1, true, 94, 46)]   // Brownlee's published setup: len - look_back - 1 per part
    [InlineData(3, true, 92, 44)]
    [InlineData(3, false, 93, 45)]
    public void Split_follows_Brownlee_arithmetic(int lookBack, bool brownlee, int trainSamples, int testSamples)
    {
        var split = Windowing.TrainTest(Airline.Values, new WindowSpec(lookBack, BrownleeCompatible: brownlee), dates: Airline.Dates);

        Assert.Equal(96, split.TrainCount);
        Assert.Equal((trainSamples, testSamples), (split.Train.Count, split.Test.Count));
        Assert.Equal(lookBack, split.Train.TargetIndices[0]);
        Assert.Equal(96 + lookBack, split.Test.TargetIndices[0]);
        Assert.Equal(brownlee ? 142 : 143, split.Test.TargetIndices[^1]);
        Assert.Equal(Airline.Dates![96 + lookBack], split.Test.TargetDates![0]);
    }

    [Fact]
    public void Scaler_fitted_on_the_training_part_lets_test_values_exceed_one()
    {
        int train = new WindowSpec(1).TrainCount(Airline.Count);
        var scaler = new MinMaxScaler().Fit(Airline.Values.AsSpan(0, train));
        double[] scaled = scaler.Transform(Airline.Values);

        Assert.Equal((104.0, 413.0), (scaler.DataMin, scaler.DataMax));   // 413 (1956-07) = max of 1949-01..1956-12
        Assert.Equal(0.0, scaled[..train].Min());
        Assert.Equal(1.0, scaled[..train].Max());
        Assert.True(scaled[train..].Max() > 1, "1957-1960 peaks above the training maximum");
        Assert.Equal((622 - 104) / (413.0 - 104), scaled.Max(), 12);   // about 1.68
    }

    [Fact]
    public void Baselines_on_Brownlee_test_points()
    {
        // Brownlee's look_back=1 test targets are indices 97..142; his LSTM scored RMSE 47.53 there.
        var split = Windowing.TrainTest(Airline.Values, new WindowSpec(1, BrownleeCompatible: true));
        var baselines = Baselines.All(Airline.Values, split.Test.TargetIndices, Airline.SeasonLength);

        // Reference figures computed independently (a few lines of Python over the same file).
        Assert.Equal(48.664, baselines[0].Rmse, 3);
        Assert.Equal(42.322, baselines[1].Rmse, 3);
        Assert.Equal(15.685, baselines[2].Rmse, 3);
        Assert.Equal(12.065, baselines[2].Mae, 3);
    }
}
