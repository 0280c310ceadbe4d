using RnnLstm.Cells;
using RnnLstm.Forecasting;

namespace RnnLstm.Tests.ForecastingLayer;

public class CrossValidationAndNetTests
{
    [Theory]
    [InlineData(96, 12, 32)]
    [InlineData(48, 12, 32)]
    [InlineData(3350, 12, 104)]
    [InlineData(96, 12, 16, false)]
    [InlineData(40, 6, 16, false)]
    [InlineData(3350, 12, 16, false)]
    public void Cv_origins_keep_every_target_inside_the_training_part(int trainCount, int horizon, int minFit, bool seasonal = true)
    {
        var plan = CvPlan.For(trainCount, horizon, minFit, seasonal)!;
        Assert.InRange(plan.Origins.Length, 2, CvPlan.MaxOrigins);
        Assert.Equal(trainCount - 1 - horizon, plan.Origins[^1]);      // the last target is the last training value
        Assert.True(plan.FitCount >= minFit);
        Assert.Equal(plan.Origins[0] + 1, plan.FitCount);              // fitted on the values up to the first origin
        Assert.True(plan.Origins.Zip(plan.Origins.Skip(1)).All(p => p.First < p.Second));
        // the intervals' origins: the plan's last ones, back to a quarter of the training part (at least 20 values)
        int from = plan.Origins[^1] - Math.Max(19, trainCount / 4);
        Assert.Equal(Enumerable.Range(0, plan.Origins.Length).Where(k => plan.Origins[k] >= from), plan.CalibrationIndices);
    }

    [Fact]
    public void A_plan_reaches_back_a_quarter_for_seasonal_candidates_and_half_without_and_calibrates_on_the_last_quarter()
    {
        var seasonal = CvPlan.For(1000, 12, Forecaster.MinFit(12))!;
        var plain = CvPlan.For(1000, 12, Forecaster.MinFit(1), seasonal: false)!;
        Assert.Equal((CvPlan.SeasonalOrigins, 987 - 250), (seasonal.Origins.Length, seasonal.Origins[0])); // last origin 1000 - 1 - 12
        Assert.Equal((CvPlan.MaxOrigins, 987 - 500), (plain.Origins.Length, plain.Origins[0]));
        Assert.Equal(Enumerable.Range(0, seasonal.Origins.Length), seasonal.CalibrationIndices);              // every origin
        var calibration = plain.CalibrationIndices.Select(k => plain.Origins[k]).ToArray();
        Assert.InRange(calibration.Length, 19, 21);                                                          // about half of the 40
        Assert.True(calibration.All(o => o >= 987 - 250) && calibration[^1] == 987);
    }

    [Theory]
    [InlineData(60, 12, 12, 12)]
    [InlineData(2500, 12, 48, 48)]
    [InlineData(40, 1, 4, 1)]
    public void Net_training_windows_end_before_the_values_they_are_scored_on(int end, int horizon, int lookBack, int season)
    {
        var origins = Forecaster.NetOrigins(end, horizon, lookBack, season);
        Assert.NotEmpty(origins);
        Assert.Equal(end - 1, origins[^1] + horizon);                  // the last target is y[end - 1], never y[end]
        Assert.True(origins[0] - lookBack + 1 >= 0);
        Assert.True(origins.Length <= DirectNet.MaxTrainingOrigins);
    }

    [Fact]
    public void The_first_value_after_the_fit_part_does_not_reach_the_nets_training()
    {
        var y = Synthetic.Values(150, 12, amplitude: 10, noise: 2, slope: 0.5, seed: 3);
        var settings = new ForecasterSettings { MaxEpochs = 20, Horizon = 6, EnsembleSize = 1 };
        var plan = CvPlan.For(100, 6, Forecaster.MinFit(12))!;
        var model = new BaseMethod(BaseKind.SeasonalNaiveDrift).Fit(y.AsSpan(0, plan.FitCount), 12); // the statistical part, held fixed
        NetSelection Net(double[] v)
        {
            var cv = CvScore.Of("seasonal naive with drift", v, plan, CvScore.PathsOf(model, v, plan), 1.0);
            return Forecaster.NetCandidate(v, plan, model, cv, 12, 1.0, settings, null)!;
        }
        var changed = (double[])y.Clone();
        changed[plan.FitCount] += 50; // the first value the cross-validation scores
        var (a, b) = (Net(y), Net(changed));
        Assert.True(a.Epochs[0] > 0, "the net never improved on its early-stopping windows, so this test would prove nothing");
        Assert.Equal(a.Epochs, b.Epochs);                               // the same early stopping: trained on the same values
        Assert.Equal(a.TrainingOrigins, b.TrainingOrigins);
        Assert.NotEqual(a.Cv.MultiStepMase, b.Cv.MultiStepMase);       // while the CV score does read that value
    }

    [Fact]
    public void An_untrained_direct_net_gives_exactly_the_base_path_and_training_moves_it()
    {
        var y = Synthetic.Values(120, 12, amplitude: 10, noise: 2, slope: 0.5);
        var method = new BaseMethod(BaseKind.SeasonalNaiveDrift).Fit(y.AsSpan(0, 100), 12);
        var origins = Enumerable.Range(20, 70).ToArray();
        var paths = origins.Select(o => method.Forecast(y.AsSpan(0, o + 1), 6)).ToArray();
        var shape = new NetShape(CellKind.Lstm, 4, 12);
        var untrained = DirectNet.Untrained(shape, 6, scale: 2.0, seed: 1);
        Assert.Equal(paths, untrained.Correct(y, origins, paths));     // equality, not a bound
        var hybrid = new HybridForecaster(method, [untrained], useNet: true);
        Assert.Equal(paths[^1], hybrid.Paths(y, [origins[^1]], 6, withNet: true)[0]);
        var trained = DirectNet.Train(shape, 2.0, y, (origins, paths), ([], []), epochs: 20, seed: 1);
        Assert.NotEqual(paths, trained.Correct(y, origins, paths));
    }

    [Fact]
    public void The_naive_rules_forecast_h_steps_by_their_formulas()
    {
        double[] y = [1, 2, 3, 4, 5, 6, 7, 9];
        Assert.Equal([9.0, 9, 9], new BaseMethod(BaseKind.Persistence).Fit(y, 1).Forecast(y, 3));
        Assert.Equal([5.0, 6, 7, 9, 5], new BaseMethod(BaseKind.SeasonalNaive).Fit(y, 4).Forecast(y, 5));
        // with drift: y_{t-m} + (y_{t-1} - y_{t-1-m}), the earlier forecasts fed back
        var drift = new BaseMethod(BaseKind.SeasonalNaiveDrift).Fit(y, 4).Forecast(y, 2);
        Assert.Equal(5 + (9 - 4), drift[0]);
        Assert.Equal(6 + (drift[0] - 5), drift[1]);
    }

    [Fact]
    public void A_paired_t_statistic_matches_a_hand_computation()
    {
        // d = 1, 2, 3: mean 2, sd 1, t = 2 / (1 / sqrt 3)
        Assert.Equal(2 * Math.Sqrt(3), PairedComparison.TStatistic([2, 4, 6], [1, 2, 3]), 12);
        Assert.Equal(0, PairedComparison.TStatistic([1], [0]));
    }
}
