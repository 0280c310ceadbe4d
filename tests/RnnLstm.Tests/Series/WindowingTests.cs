using RnnLstm.Series;

namespace RnnLstm.Tests.Series;

public class WindowingTests
{
    private static readonly double[] Ten = [10, 20, 30, 40, 50, 60, 70, 80, 90, 100];

    [Fact]
    public void Time_steps_layout_has_shape_N_L_1_and_the_values_in_order()
    {
        WindowSet w = Windowing.Create(Ten, new WindowSpec(3, WindowLayout.TimeSteps));

        Assert.Equal((7, 3, 1), (w.Count, w.Steps, w.Inputs));
        Assert.Equal(21, w.X.Length);
        Assert.Equal([10.0, 20, 30], [w[0, 0, 0], w[0, 1, 0], w[0, 2, 0]]);
        Assert.Equal([70.0, 80, 90], [w[6, 0, 0], w[6, 1, 0], w[6, 2, 0]]);
        Assert.Equal([40.0, 50, 60, 70, 80, 90, 100], w.Y);
        Assert.Equal([3, 4, 5, 6, 7, 8, 9], w.TargetIndices);
    }

    [Fact]
    public void Features_layout_has_shape_N_1_L_and_the_same_flat_memory()
    {
        WindowSet features = Windowing.Create(Ten, new WindowSpec(3, WindowLayout.Features));
        WindowSet steps = Windowing.Create(Ten, new WindowSpec(3, WindowLayout.TimeSteps));

        Assert.Equal((7, 1, 3), (features.Count, features.Steps, features.Inputs));
        Assert.Equal([20.0, 30, 40], [features[1, 0, 0], features[1, 0, 1], features[1, 0, 2]]);
        Assert.Equal(steps.X, features.X);
        Assert.Equal(steps.Y, features.Y);
    }

    [Fact]
    public void Brownlee_compatible_drops_the_last_window_of_each_part()
    {
        WindowSet w = Windowing.Create(Ten, new WindowSpec(3, BrownleeCompatible: true));
        Assert.Equal(6, w.Count);
        Assert.Equal(90.0, w.Y[^1]);
    }

    [Fact]
    public void Split_windows_each_part_on_its_own_and_keeps_original_indices_after_differencing()
    {
        // 12 original points, first one dropped by differencing: train = floor(12 * 0.67) = 8 points, indices 0..7.
        double[] diffs = Enumerable.Range(1, 11).Select(i => (double)i).ToArray();   // diffs[j] is index j + 1
        var split = Windowing.TrainTest(diffs, new WindowSpec(2), firstIndex: 1);

        Assert.Equal(8, split.TrainCount);
        Assert.Equal([3, 4, 5, 6, 7], split.Train.TargetIndices);
        Assert.Equal([10, 11], split.Test.TargetIndices);
        Assert.Equal([8.0, 9], [split.Test[0, 0, 0], split.Test[0, 1, 0]]);   // values of indices 8 and 9
        Assert.Equal(10.0, split.Test.Y[0]);
    }

    [Fact]
    public void Minimum_length_is_the_first_that_gives_each_part_one_window()
    {
        Assert.Equal(10, new WindowSpec(3).MinimumLength());                        // train 6, test 4
        Assert.Equal(13, new WindowSpec(3, BrownleeCompatible: true).MinimumLength()); // train 8, test 5
        Assert.Equal(7, new WindowSpec(2).MinimumLength());                        // train 4, test 3
        Assert.Equal(8, new WindowSpec(2).MinimumLength(firstIndex: 2));           // train 5 - 2 dropped, test 3
    }

    [Fact]
    public void Too_short_a_series_fails_when_windows_are_built()
    {
        var ex = Assert.Throws<SeriesFormatException>(() => Windowing.TrainTest(Ten[..9], new WindowSpec(3)));
        Assert.Null(ex.File);
        Assert.StartsWith("The series: the series has 9 rows", ex.Message);
        Windowing.TrainTest(Ten, new WindowSpec(3));   // 10 is enough
    }

    [Fact]
    public void Bad_specs_are_refused_where_written()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new WindowSpec(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new WindowSpec(1, TrainFraction: 1));
    }
}
