using RnnLstm.Forecasting;

namespace RnnLstm.Tests.ForecastingLayer;

/// <summary>
/// The calibration, the bands and the quantile approximations of <see cref="PredictionIntervals"/> against values worked
/// out by hand or taken from tables (no forecaster runs: each test takes milliseconds).
/// </summary>
public class PredictionIntervalsTests
{
    // ---- Calibrate ----

    [Fact]
    public void Calibrate_refuses_missing_paths_or_values_and_no_origin()
    {
        double[][] one = [[1.0]];
        Assert.Equal("paths", Assert.Throws<ArgumentNullException>(() => PredictionIntervals.Calibrate(null!, one, true)).ParamName);
        Assert.Equal("actual", Assert.Throws<ArgumentNullException>(() => PredictionIntervals.Calibrate(one, null!, true)).ParamName);
        var none = Assert.Throws<ArgumentException>(() => PredictionIntervals.Calibrate([], [], true));
        Assert.Equal("paths", none.ParamName);
        Assert.Contains("at least one cross-validation origin", none.Message);
    }

    [Fact]
    public void Positive_values_asked_for_multiplicative_bands_give_log_errors()
    {
        // log(20/10) = ln 2 and log(5/10) = -ln 2 at both steps: σ = ln 2 at both
        var intervals = PredictionIntervals.Calibrate([[10, 10], [10, 10]], [[20, 20], [5, 5]], multiplicative: true);
        Assert.True(intervals.Multiplicative);
        AssertClose([Math.Log(2), Math.Log(2)], intervals.Sigma, 1e-12);
    }

    [Fact]
    public void Positive_values_not_asked_for_multiplicative_bands_give_additive_errors()
    {
        // errors 10, 10, -5, -5: σ = sqrt((100 + 100 + 25 + 25) / 4) = sqrt(62.5) at both steps
        var intervals = PredictionIntervals.Calibrate([[10, 10], [10, 10]], [[20, 20], [5, 5]], multiplicative: false);
        Assert.False(intervals.Multiplicative);
        AssertClose([Math.Sqrt(62.5), Math.Sqrt(62.5)], intervals.Sigma, 1e-12);
    }

    [Theory]
    // one forecast (origin 2, step 2) not positive, the other row all positive:
    [InlineData(true, 0, 62.5)]     // errors 10, 10, -5, 5 - 0 = 5: mean square (100 + 100 + 25 + 25) / 4
    [InlineData(true, -5, 81.25)]   // errors 10, 10, -5, 5 + 5 = 10: (100 + 100 + 25 + 100) / 4
    // one value (origin 2, step 2) not positive:
    [InlineData(false, 0, 81.25)]   // errors 10, 10, -5, 0 - 10 = -10: (100 + 100 + 25 + 100) / 4
    [InlineData(false, -5, 112.5)]  // errors 10, 10, -5, -5 - 10 = -15: (100 + 100 + 25 + 225) / 4
    public void A_single_forecast_or_value_that_is_not_positive_makes_the_bands_additive(bool inForecast, double bad, double meanSquare)
    {
        double[][] paths = [[10, 10], [10, 10]], actual = [[20, 20], [5, 5]];
        (inForecast ? paths : actual)[1][1] = bad;
        var intervals = PredictionIntervals.Calibrate(paths, actual, multiplicative: true);
        Assert.False(intervals.Multiplicative);
        AssertClose([Math.Sqrt(meanSquare), Math.Sqrt(meanSquare)], intervals.Sigma, 1e-12);   // two steps: both pool all four
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Sigma_is_the_root_mean_square_error_pooled_over_the_neighbouring_steps(bool multiplicative)
    {
        // errors e[k][h] (y - ŷ, or log(y / ŷ) with y = ŷ·exp(e)); squares per step summed over the origins:
        //   origin 1:  1   2   4
        //   origin 2:  1  -2   0
        //   origin 3: -1   2   2
        //   Σe²:       3  12  20
        // σ_1 = sqrt((3 + 12) / 6), σ_2 = sqrt((3 + 12 + 20) / 9), σ_3 = sqrt((12 + 20) / 6): rising, so no step is widened
        double[][] errors = [[1, 2, 4], [1, -2, 0], [-1, 2, 2]];
        var paths = errors.Select((row, k) => row.Select(_ => 10.0 * (k + 1)).ToArray()).ToArray();
        var actual = errors.Select((row, k) => row.Select((e, h) => multiplicative ? paths[k][h] * Math.Exp(e) : paths[k][h] + e).ToArray()).ToArray();
        var intervals = PredictionIntervals.Calibrate(paths, actual, multiplicative);
        Assert.Equal(multiplicative, intervals.Multiplicative);
        AssertClose([Math.Sqrt(15.0 / 6), Math.Sqrt(35.0 / 9), Math.Sqrt(32.0 / 6)], intervals.Sigma, 1e-12);
        Assert.Equal([3, 3, 3], intervals.Origins);
    }

    [Fact]
    public void Sigma_is_never_narrower_at_a_later_step()
    {
        // one origin, errors 4, 2, 1, 0: pooled σ = sqrt(20/2), sqrt(21/3), sqrt(5/3), sqrt(1/2), which shrink;
        // every later step keeps the first one, sqrt(10)
        var intervals = PredictionIntervals.Calibrate([[0, 0, 0, 0]], [[4, 2, 1, 0]], multiplicative: false);
        AssertClose(Enumerable.Repeat(Math.Sqrt(10), 4), intervals.Sigma, 1e-12);
    }

    [Fact]
    public void Errors_that_are_not_finite_are_left_out_and_the_origins_count_the_finite_ones()
    {
        // errors (NaN: a missing value; -∞: an infinite forecast)
        //   origin 1:  1   2  NaN
        //   origin 2:  1  -2  -∞
        //   origin 3: -1  NaN  2
        // σ_1 = sqrt((1 + 1 + 1 + 4 + 4) / 5), σ_2 = sqrt((3 + 8 + 4) / 6), σ_3 = sqrt((8 + 4) / 3) = 2; K = 3, 2, 1
        double[][] paths = [[0, 0, 0], [0, 0, double.PositiveInfinity], [0, 0, 0]];
        double[][] actual = [[1, 2, double.NaN], [1, -2, 0], [-1, double.NaN, 2]];
        var intervals = PredictionIntervals.Calibrate(paths, actual, multiplicative: false);
        AssertClose([Math.Sqrt(11.0 / 5), Math.Sqrt(15.0 / 6), 2], intervals.Sigma, 1e-12);
        Assert.Equal([3, 2, 1], intervals.Origins);
    }

    [Fact]
    public void Without_any_finite_error_sigma_is_NaN_but_a_later_step_without_one_keeps_the_earlier_sigma()
    {
        var none = PredictionIntervals.Calibrate([[1, 1, 1], [1, 1, 1]], [[double.NaN, double.NaN, double.NaN], [double.NaN, double.NaN, double.NaN]], true);
        Assert.All(none.Sigma, s => Assert.True(double.IsNaN(s)));
        Assert.Equal([0, 0, 0], none.Origins);
        // errors only at step 1 (3 and -3): σ_1 = σ_2 = 3 pooled; step 3 pools nothing and stays at 3
        var early = PredictionIntervals.Calibrate([[0, 0, 0], [0, 0, 0]], [[3, double.NaN, double.NaN], [-3, double.NaN, double.NaN]], false);
        AssertClose([3, 3, 3], early.Sigma, 1e-12);
        Assert.Equal([2, 0, 0], early.Origins);
    }

    // ---- Around ----

    [Fact]
    public void Around_takes_a_mean_up_to_the_calibrated_horizon()
    {
        var intervals = new PredictionIntervals([1.0, 1.0], false, [3, 3]);
        Assert.Throws<ArgumentNullException>(() => intervals.Around(null!, [80]));
        Assert.Equal(2, intervals.Around([5, 5], [80]).Bands[0].Upper.Length);
        Assert.Single(intervals.Around([5], [80]).Bands[0].Upper);
        var tooLong = Assert.Throws<ArgumentException>(() => intervals.Around([5, 5, 5], [80]));
        Assert.Equal("mean", tooLong.ParamName);
        Assert.Contains("calibrated for 2", tooLong.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(100)]
    [InlineData(-5)]
    [InlineData(double.NaN)]
    public void Around_refuses_a_level_outside_0_to_100(double level)
    {
        var intervals = new PredictionIntervals([1.0], false, [3]);
        var refused = Assert.Throws<ArgumentOutOfRangeException>(() => intervals.Around([5], [80, level]));
        Assert.Equal("levels", refused.ParamName);
        Assert.Equal(level, refused.ActualValue);
        Assert.Contains("percentage above 0 and below 100", refused.Message);
    }

    [Fact]
    public void The_half_width_is_the_t_quantile_with_one_degree_of_freedom_less_than_the_origins_times_sigma()
    {
        // step 1: K = 3 → ν = 2; step 2: K = 1 → ν = max(1, 0) = 1; step 3: K = 0 → ν = 1
        // 95% → p = 1 - 0.05/2 = 0.975, 80% → p = 0.9
        var intervals = new PredictionIntervals([2.0, 3.0, 0.5], false, [3, 1, 0]);
        var f = intervals.Around([10, 20, 30], [95, 80]);
        Assert.Equal([95.0, 80.0], f.Bands.Select(b => b.Level));
        double[] at95 = [PredictionIntervals.StudentQuantile(0.975, 2) * 2, PredictionIntervals.StudentQuantile(0.975, 1) * 3, PredictionIntervals.StudentQuantile(0.975, 1) * 0.5];
        double[] at80 = [PredictionIntervals.StudentQuantile(0.9, 2) * 2, PredictionIntervals.StudentQuantile(0.9, 1) * 3, PredictionIntervals.StudentQuantile(0.9, 1) * 0.5];
        AssertClose([10 - at95[0], 20 - at95[1], 30 - at95[2]], f.At(95)!.Lower, 1e-12);
        AssertClose([10 + at95[0], 20 + at95[1], 30 + at95[2]], f.At(95)!.Upper, 1e-12);
        AssertClose([10 - at80[0], 20 - at80[1], 30 - at80[2]], f.At(80)!.Lower, 1e-12);
        AssertClose([10 + at80[0], 20 + at80[1], 30 + at80[2]], f.At(80)!.Upper, 1e-12);
    }

    [Fact]
    public void Multiplicative_bands_scale_a_positive_mean_and_fall_back_to_additive_at_zero_and_below()
    {
        // q = t(0.975; 2) · 0.1; mean 2 → 2·exp(∓q); mean 0 → ∓q; mean -2 → -2 ∓ q
        var intervals = new PredictionIntervals([0.1, 0.1, 0.1], true, [3, 3, 3]);
        double q = PredictionIntervals.StudentQuantile(0.975, 2) * 0.1;
        var band = intervals.Around([2, 0, -2], [95]).Bands[0];
        AssertClose([2 * Math.Exp(-q), -q, -2 - q], band.Lower, 1e-12);
        AssertClose([2 * Math.Exp(q), q, -2 + q], band.Upper, 1e-12);
    }

    // ---- NormalQuantile ----

    [Theory]
    [InlineData(0.001, -3.090232306167814)]   // lower tail (p < 0.02425)
    [InlineData(0.01, -2.326347874040841)]
    [InlineData(0.02, -2.053748910631823)]
    [InlineData(0.024, -1.977368428181947)]   // just below the switch to the central formula
    [InlineData(0.025, -1.959963984540054)]   // just above it
    [InlineData(0.1, -1.281551565544601)]     // central region
    [InlineData(0.5, 0)]
    [InlineData(0.9, 1.281551565544601)]
    [InlineData(0.975, 1.959963984540054)]
    [InlineData(0.976, 1.977368428181946)]    // upper tail (p > 0.97575), by symmetry
    [InlineData(0.98, 2.053748910631823)]
    [InlineData(0.999, 3.090232306167813)]
    public void The_normal_quantile_matches_tables_within_the_documented_relative_error(double p, double expected)
    {
        // the doc claims relative error below 1.2e-9 (measured at most 1.13e-9, at the switch 0.02425)
        double z = PredictionIntervals.NormalQuantile(p);
        if (expected == 0) Assert.Equal(0, z);
        else Assert.True(Math.Abs(z / expected - 1) < 1.2e-9, $"Φ⁻¹({p}) = {z:R}, tables {expected:R}");
    }

    [Theory]
    [InlineData(0.001)]
    [InlineData(0.02)]
    [InlineData(0.3)]
    [InlineData(0.49)]
    public void The_normal_quantile_is_antisymmetric(double p) =>
        Assert.Equal(-PredictionIntervals.NormalQuantile(p), PredictionIntervals.NormalQuantile(1 - p), 1e-12);

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(-0.1)]
    [InlineData(1.1)]
    [InlineData(double.NaN)]
    public void The_normal_quantile_refuses_a_probability_outside_0_to_1(double p)
    {
        var refused = Assert.Throws<ArgumentOutOfRangeException>(() => PredictionIntervals.NormalQuantile(p));
        Assert.Equal("p", refused.ParamName);
        Assert.Equal(p, refused.ActualValue);   // the value given (p = 1 must not be passed on as 1 - p = 0)
        Assert.Contains("probability strictly between 0 and 1", refused.Message);
    }

    // ---- StudentQuantile ----

    [Theory]
    // p, ν, tables, the relative error allowed: the expansion's own error rounded up (it always comes out low here)
    [InlineData(0.975, 1, 12.70620474, 1e-9)]     // ν = 1 and 2: closed forms
    [InlineData(0.975, 2, 4.302652730, 1e-9)]
    [InlineData(0.9, 1, 3.077683537, 1e-9)]
    [InlineData(0.9, 2, 1.885618083, 1e-9)]
    [InlineData(0.025, 2, -4.302652730, 1e-9)]
    [InlineData(0.975, 3, 3.182446305, 7.5e-3)]   // measured -7.37e-3 (the doc: within 1% for ν ≥ 3 at 97.5%)
    [InlineData(0.975, 5, 2.570581836, 1.2e-3)]   // -1.10e-3
    [InlineData(0.975, 10, 2.228138852, 8e-5)]    // -7.49e-5
    [InlineData(0.975, 30, 2.042272456, 1.1e-6)]  // -9.75e-7
    [InlineData(0.9, 3, 1.637744354, 6.5e-4)]     // -6.05e-4
    [InlineData(0.9, 10, 1.372183641, 5e-6)]      // -4.50e-6
    [InlineData(0.9, 30, 1.310415025, 6e-8)]      // -5.42e-8
    public void The_student_quantile_matches_tables_as_closely_as_the_expansion_allows(double p, double nu, double table, double relative)
    {
        double t = PredictionIntervals.StudentQuantile(p, nu);
        Assert.True(Math.Abs(t / table - 1) <= relative, $"t({p}; {nu}) = {t:R}, tables {table}: relative error {t / table - 1:E2}");
    }

    [Theory]
    [InlineData(0.0, 1)]
    [InlineData(1.0, 2)]
    [InlineData(1.5, 1)]
    [InlineData(double.NaN, 2)]
    [InlineData(-0.5, 5)]
    public void The_student_quantile_refuses_a_probability_outside_0_to_1_at_every_nu(double p, double nu)
    {
        var refused = Assert.Throws<ArgumentOutOfRangeException>(() => PredictionIntervals.StudentQuantile(p, nu));
        Assert.Equal("p", refused.ParamName);
        Assert.Equal(p, refused.ActualValue);
        Assert.Contains("probability strictly between 0 and 1", refused.Message);
    }

    private static void AssertClose(IEnumerable<double> expected, double[] actual, double tolerance)
    {
        var wanted = expected.ToArray();
        Assert.Equal(wanted.Length, actual.Length);
        for (int i = 0; i < wanted.Length; i++)
            Assert.True(Math.Abs(actual[i] - wanted[i]) <= tolerance, $"[{i}]: {actual[i]:R}, expected {wanted[i]:R}");
    }
}
