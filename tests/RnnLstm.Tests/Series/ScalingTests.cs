using RnnLstm.Series;

namespace RnnLstm.Tests.Series;

public class ScalingTests
{
    [Fact]
    public void Transform_maps_the_fitted_range_onto_the_target_range_and_inverts_exactly()
    {
        var scaler = new MinMaxScaler(-1, 1).Fit([10, 20, 30]);

        Assert.Equal([-1.0, 0, 1, 3], scaler.Transform([10, 20, 30, 50]));
        Assert.Equal([10.0, 20, 30, 50], scaler.InverseTransform([-1, 0, 1, 3]));
    }

    [Fact]
    public void Round_trip_is_exact_to_rounding_on_awkward_values()
    {
        double[] values = [0.1, 1e-9, 123456.789, -42.5, 3.3];
        var scaler = new MinMaxScaler().Fit(values);
        double[] back = scaler.InverseTransform(scaler.Transform(values));
        for (int i = 0; i < values.Length; i++) Assert.Equal(values[i], back[i], 1e-9 * Math.Max(1, Math.Abs(values[i])));
    }

    [Fact]
    public void Unfitted_scaler_and_bad_input_are_refused()
    {
        Assert.Throws<InvalidOperationException>(() => new MinMaxScaler().Transform(1.0));
        Assert.Throws<ArgumentException>(() => new MinMaxScaler().Fit([]));
        Assert.Throws<ArgumentException>(() => new MinMaxScaler().Fit([1, double.NaN]));
        Assert.Throws<ArgumentException>(() => new MinMaxScaler(1, 1));
    }

    [Fact]
    public void Constant_training_part_maps_to_the_lower_bound_as_in_scikit_learn()
    {
        var scaler = new MinMaxScaler().Fit([5, 5, 5]);
        Assert.Equal([0.0, 2], scaler.Transform([5, 7]));
    }

    [Fact]
    public void Difference_by_hand_and_inverted_with_the_actual_earlier_value()
    {
        double[] y = [1, 3, 6, 10, 15];
        var fitted = SeriesTransform.None.ThenDifference().Fit(y, trainCount: 3);

        Assert.Equal(1, fitted.FirstIndex);
        Assert.Equal([2.0, 3, 4, 5], fitted.Output);
        Assert.Equal(10.0 + 7, fitted.Invert(4, 7));   // a forecast of +7 for index 4 means y[3] + 7
        Assert.Throws<ArgumentOutOfRangeException>(() => fitted.Invert(0, 1));
    }

    [Fact]
    public void Log_difference_scale_pipeline_scales_on_training_values_only_and_round_trips()
    {
        double[] y = [100, 110, 125, 120, 140, 150, 170, 160, 200, 260];
        var fitted = SeriesTransform.None.ThenLog().ThenDifference(2).ThenScale().Fit(y, trainCount: 6);

        Assert.Equal(2, fitted.FirstIndex);
        Assert.Equal(8, fitted.Output.Length);
        // Training part: original indices 2..5, i.e. Output[0..4); those land exactly on [0, 1].
        Assert.Equal(0.0, fitted.Output[..4].Min());
        Assert.Equal(1.0, fitted.Output[..4].Max());
        double[] trainDiffs = [Math.Log(125.0 / 100), Math.Log(120.0 / 110), Math.Log(140.0 / 125), Math.Log(150.0 / 120)];
        Assert.Equal(trainDiffs.Max(), fitted.Scaler!.DataMax, 12);

        int[] indices = Enumerable.Range(2, 8).ToArray();
        double[] back = fitted.Invert(indices, fitted.Output);
        for (int k = 0; k < indices.Length; k++) Assert.Equal(y[indices[k]], back[k], 1e-9);
        Assert.Equal("log, difference(2), scale[0, 1]", SeriesTransform.None.ThenLog().ThenDifference(2).ThenScale().ToString());
    }

    [Fact]
    public void Log_of_a_non_positive_value_names_its_index()
    {
        var ex = Assert.Throws<ArgumentException>(() => SeriesTransform.None.ThenLog().Fit([1, 0, 2], 2));
        Assert.Contains("index 1 is 0", ex.Message);
    }
}
