using RnnLstm.Forecasting;
using RnnLstm.Forecasting.Models;

namespace RnnLstm.Tests.ForecastingLayer;

/// <summary>Hand cases for <see cref="CvPlan"/>, <see cref="CvScore"/> and <see cref="PairedComparison"/>: no forecaster runs.</summary>
public class CvPlanAndScoreTests
{
    // ---- CvPlan.For ----

    [Fact]
    public void A_horizon_below_one_is_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => CvPlan.For(50, 0, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => CvPlan.For(50, -1, 2, seasonal: false));
    }

    [Fact]
    public void A_training_part_that_leaves_no_origin_has_no_plan()
    {
        // last = 30 - 1 - 5 = 24, first = max(26 - 1, 24 - 19) = 25 > 24
        Assert.Null(CvPlan.For(30, 5, 26));
    }

    [Fact]
    public void A_plan_with_room_for_one_origin_has_it_at_the_last_possible_index()
    {
        // last = 30 - 1 - 5 = 24, first = max(25 - 1, 24 - 19) = 24 = last
        var plan = CvPlan.For(30, 5, 25)!;
        Assert.Equal([24], plan.Origins);
        Assert.Equal((5, 25), (plan.Horizon, plan.FitCount));
        Assert.Equal([0], plan.CalibrationIndices);
    }

    [Theory]
    // seasonal, 50 / 4 = 12 < 19: first = max(2 - 1, 44 - 19) = 25; 20 slots for 20 origins
    [InlineData(50, 5, 2, true, 25, 44)]
    // non-seasonal, 60 / 2 = 30 < 39: first = max(2 - 1, 54 - 39) = 15; 40 slots for 40 origins
    [InlineData(60, 5, 2, false, 15, 54)]
    // minFit decides: first = max(10 - 1, 24 - 19) = 9; 16 slots, fewer than 20
    [InlineData(30, 5, 10, true, 9, 24)]
    // the series start decides: first = max(1 - 1, 14 - 19) = 0; 15 slots
    [InlineData(20, 5, 1, true, 0, 14)]
    public void With_no_more_slots_than_origins_every_index_from_the_first_to_the_last_is_an_origin(
        int trainCount, int horizon, int minFit, bool seasonal, int first, int last)
    {
        var plan = CvPlan.For(trainCount, horizon, minFit, seasonal)!;
        Assert.Equal(Enumerable.Range(first, last - first + 1), plan.Origins);
        Assert.Equal(first + 1, plan.FitCount);
    }

    [Fact]
    public void With_more_slots_than_origins_the_origins_are_spread_evenly_and_rounded()
    {
        // last = 84 - 1 - 3 = 80, reach max(19, 84 / 4 = 21) = 21, first = 59: 22 slots for 20 origins.
        // Offsets round(k * 21 / 19): 0 1 2 3 4 | 5.53 -> 6 | 7 8 9 10 11 12 13 14 15 | 16.58 -> 17 | 18 19 20 21,
        // so 5 and 16 (origins 64 and 75) are skipped.
        var plan = CvPlan.For(84, 3, 2)!;
        var expected = Enumerable.Range(59, 22).Except([64, 75]);
        Assert.Equal(expected, plan.Origins);
        Assert.Equal(60, plan.FitCount);
    }

    [Fact]
    public void A_non_seasonal_plan_calibrates_on_its_origins_at_least_19_values_before_the_last()
    {
        // origins 15..54 (above); from = 54 - max(19, (54 + 1 + 5) / 4 = 15) = 35, i.e. origins 35..54 = indices 20..39
        var plan = CvPlan.For(60, 5, 2, seasonal: false)!;
        Assert.Equal(Enumerable.Range(20, 20), plan.CalibrationIndices);
    }

    // ---- CvScore ----

    // Origins 2 and 3, H = 2: targets y[3], y[4] and y[4], y[5].
    private static readonly CvPlan TwoOrigins = new([2, 3], 2, 3);
    private static readonly double[] Y = [0, 0, 0, 10, 20, 30];

    [Fact]
    public void A_score_reads_errors_as_actual_minus_forecast_and_divides_them_by_the_scale()
    {
        // errors: 10 - 9 = 1, 20 - 23 = -3; 20 - 22 = -2, 30 - 24 = 6; scale 2
        var score = CvScore.Of("hand", Y, TwoOrigins, [[9, 23], [22, 24]], maseScale: 2);
        Assert.Equal([[1.0, -3], [-2.0, 6]], score.Errors);
        Assert.Equal([0.75, 2.25], score.MasePerStep);     // step 1: (1 + 2) / 2 / 2; step 2: (3 + 6) / 2 / 2
        Assert.Equal(1.5, score.MultiStepMase);            // ((1 + 3) / 2 + (2 + 6) / 2) / 2 / 2 = (2 + 4) / 2 / 2
        Assert.Equal(0.75, score.OneStepMase);             // (1 + 2) / 2 / 2
        Assert.Equal([1.0, 2.0], score.PerOrigin);         // (1 + 3) / 2 / 2, (2 + 6) / 2 / 2
    }

    [Fact]
    public void A_forecast_that_is_not_a_number_scores_infinity()
    {
        // the first origin's step-1 forecast is NaN; the second origin's errors are 0 and 6
        var score = CvScore.Of("broken", Y, TwoOrigins, [[double.NaN, 20], [20, 24]], maseScale: 2);
        Assert.Equal(double.PositiveInfinity, score.MultiStepMase);
        Assert.Equal(double.PositiveInfinity, score.OneStepMase);
        Assert.Equal([double.PositiveInfinity, 1.5], score.PerOrigin); // (0 + 6) / 2 / 2
    }

    [Fact]
    public void Paths_are_forecast_from_exactly_the_values_up_to_each_origin()
    {
        double[] y = [10, 11, 12, 13, 14, 15, 16, 17];
        var model = new LastValue();
        var paths = CvScore.PathsOf(model, y, new CvPlan([2, 4], 3, 3));
        Assert.Equal([3, 5], model.HistoryLengths);                 // y[0..2] and y[0..4]
        Assert.Equal([[12.0, 12, 12], [14.0, 14, 14]], paths);    // the last value each saw, H = 3 times
    }

    [Fact]
    public void Mean_paths_average_the_members_step_by_step()
    {
        double[][] errors = [[0, 0], [0, 0]];
        var a = new CvScore("a", [[1, 2], [3, 4]], errors, 1);
        var b = new CvScore("b", [[3, 6], [5, 10]], errors, 1);
        Assert.Equal([[2.0, 4], [4.0, 7]], CvScore.MeanPaths([a, b])); // (1 + 3) / 2, (2 + 6) / 2; (3 + 5) / 2, (4 + 10) / 2
    }

    // ---- PairedComparison.TStatistic ----

    [Fact]
    public void A_t_statistic_is_positive_when_b_is_better_and_is_computed_from_two_origins()
    {
        // d = (3 - 1, 5 - 2) = (2, 3): mean 2.5, sd = sqrt((0.25 + 0.25) / 1) = sqrt 0.5, t = 2.5 / (sqrt 0.5 / sqrt 2) = 5
        Assert.Equal(5, PairedComparison.TStatistic([3, 5], [1, 2]), 12);
        Assert.Equal(-5, PairedComparison.TStatistic([1, 2], [3, 5]), 12);
    }

    [Fact]
    public void Fewer_than_two_origins_give_zero()
    {
        Assert.Equal(0, PairedComparison.TStatistic([], []));
        Assert.Equal(0, PairedComparison.TStatistic([5], [1]));
    }

    [Fact]
    public void Different_numbers_of_origins_are_rejected_saying_both()
    {
        var e = Assert.Throws<ArgumentException>(() => PairedComparison.TStatistic([1, 2, 3], [1, 2]));
        Assert.Contains("3 origins against 2", e.Message);
    }

    [Fact]
    public void No_spread_gives_zero_without_a_difference_and_an_infinity_of_its_sign_with_one()
    {
        Assert.Equal(0, PairedComparison.TStatistic([1, 2], [1, 2]));                            // d = (0, 0)
        Assert.Equal(double.PositiveInfinity, PairedComparison.TStatistic([1.5, 2.5], [1, 2]));   // d = (0.5, 0.5)
        Assert.Equal(double.NegativeInfinity, PairedComparison.TStatistic([1, 2], [1.5, 2.5]));   // d = (-0.5, -0.5)
    }

    [Fact]
    public void An_infinite_difference_gives_an_infinity_of_its_sign()
    {
        // a infinitely worse at one origin: d = (1, 2, +inf); b infinitely worse: d = (1, -inf, 2)
        Assert.Equal(double.PositiveInfinity, PairedComparison.TStatistic([1, 2, double.PositiveInfinity], [0, 0, 0]));
        Assert.Equal(double.NegativeInfinity, PairedComparison.TStatistic([1, 2, 3], [0, double.PositiveInfinity, 1]));
    }

    /// <summary>Persistence that records how many values each forecast was given.</summary>
    private sealed class LastValue : IFittedForecaster
    {
        public List<int> HistoryLengths { get; } = [];

        public string Description => "last value";

        public double[] Forecast(ReadOnlySpan<double> history, int horizon)
        {
            HistoryLengths.Add(history.Length);
            return Enumerable.Repeat(history[^1], horizon).ToArray();
        }
    }
}
