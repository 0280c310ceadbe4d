using RnnLstm.Series;

namespace RnnLstm.Tests.Series;

/// <summary>The fill rule at its edges: a known value at index 0, a gap exactly at the split, no gaps at all.</summary>
public class MissingValuesTests
{
    /// <summary>Fills <paramref name="cells"/> (null = missing) split at <paramref name="boundary"/>; lines are index + 2.</summary>
    private static (double[] Values, IReadOnlyList<FilledValue> Fills, List<string> Notes) Fill(double?[] cells, int boundary)
    {
        double[] values = cells.Select(c => c ?? double.NaN).ToArray();
        string?[] found = cells.Select(c => c is null ? "NA" : null).ToArray();
        var notes = new List<string>();
        var fills = MissingValues.Fill(values, found, Enumerable.Range(2, cells.Length).ToArray(), boundary, notes);
        return (values, fills, notes);
    }

    [Fact]
    public void A_gap_after_the_first_value_interpolates_from_index_0()
    {
        var (values, fills, notes) = Fill([5, null, 7], boundary: 3);
        Assert.Equal([5, 6, 7], values);
        Assert.Equal("interpolated between lines 2 and 4", Assert.Single(fills).How);
        Assert.Equal("Fill rule: linear interpolation between the nearest known values (by position), the nearest known value at either end.", notes[^1]);
    }

    [Fact]
    public void A_trailing_gap_after_the_first_value_takes_it()
    {
        var (values, fills, _) = Fill([5, null], boundary: 2);
        Assert.Equal([5, 5], values);
        Assert.Equal("nearest value, line 2", Assert.Single(fills).How);
    }

    [Fact]
    public void A_training_gap_before_the_split_carries_index_0_forward()
    {
        var (values, fills, notes) = Fill([5, null, 9], boundary: 2);
        Assert.Equal(5, values[1]);
        Assert.Equal("last training value carried forward, line 2", Assert.Single(fills).How);
        Assert.StartsWith("Fill rule: the training part (the first 2 values) is filled from training values only", notes[^1]);
        Assert.Contains("only: linear interpolation between them, and the last training value carried forward where the next known value is in the test part; the test part", notes[^1]);
        Assert.EndsWith("the test part from earlier values only: the last known value carried forward, so no forecast reads the value it forecasts; filled test values are scored like read ones.", notes[^1]);
    }

    [Fact]
    public void A_gap_exactly_at_the_split_is_a_test_gap_and_carries_index_0_forward()
    {
        var (values, fills, _) = Fill([5, null, 9], boundary: 1);
        Assert.Equal(5, values[1]);
        Assert.Equal("last known value carried forward, line 2", Assert.Single(fills).How);
    }

    [Fact]
    public void A_leading_gap_takes_the_next_value()
    {
        var (values, fills, _) = Fill([null, 4, 6], boundary: 3);
        Assert.Equal([4, 4, 6], values);
        Assert.Equal("nearest value, line 3", Assert.Single(fills).How);
    }

    [Fact]
    public void Nothing_to_fill_adds_no_note()
    {
        var (values, fills, notes) = Fill([1, 2, 3], boundary: 3);
        Assert.Equal([1, 2, 3], values);
        Assert.Empty(fills);
        Assert.Empty(notes);
    }
}
