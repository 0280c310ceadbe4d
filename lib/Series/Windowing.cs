namespace RnnLstm.Series;

/// <summary>
/// Supervised samples cut from a series: each input window holds L consecutive values, its target the value after.
/// </summary>
/// <remarks>
/// <see cref="X"/> is flat and laid out [N, T, I] row-major (time-major within a sample): element (n, t, i) is at
/// <c>(n * Steps + t) * Inputs + i</c>. Both layouts hold a sample's L values contiguously in time order, so the
/// flat arrays are identical; only (T, I) differ: (1, L) for <see cref="WindowLayout.Features"/>, (L, 1) for
/// <see cref="WindowLayout.TimeSteps"/>. The layout changes what the network sees per step, not the numbers.
/// </remarks>
public sealed class WindowSet
{
    internal WindowSet(WindowSpec spec, double[] x, double[] y, int[] targetIndices, DateTime[]? targetDates)
    {
        Spec = spec;
        X = x;
        Y = y;
        TargetIndices = targetIndices;
        TargetDates = targetDates;
    }

    /// <summary>The choices the windows were cut with.</summary>
    public WindowSpec Spec { get; }

    /// <summary>N: number of samples.</summary>
    public int Count => Y.Length;

    /// <summary>T: time steps per sample.</summary>
    public int Steps => Spec.Steps;

    /// <summary>I: inputs per time step.</summary>
    public int Inputs => Spec.Inputs;

    /// <summary>Inputs, flat [N, T, I].</summary>
    public double[] X { get; }

    /// <summary>Targets, [N].</summary>
    public double[] Y { get; }

    /// <summary>Index in the original series of each target, so a forecast can be inverted, dated and compared with baselines.</summary>
    public int[] TargetIndices { get; }

    /// <summary>Date of each target, when the series has dates.</summary>
    public DateTime[]? TargetDates { get; }

    /// <summary>Input element (n, t, i).</summary>
    public double this[int n, int t, int i] => X[(n * Steps + t) * Inputs + i];

    /// <summary>e.g. "46 samples [46, 3, 1], targets at indices 99..144".</summary>
    public override string ToString() => Count == 0
        ? "0 samples"
        : $"{Count} samples [{Count}, {Steps}, {Inputs}], targets at indices {TargetIndices[0]}..{TargetIndices[^1]}";
}

/// <summary>A chronological train/test split, each part windowed on its own (as in Brownlee's tutorial).</summary>
/// <param name="TrainCount">Original points in the training part: indices [0, TrainCount).</param>
/// <param name="Train">Windows whose inputs and targets all lie in the training part.</param>
/// <param name="Test">Windows whose inputs and targets all lie in the test part; the first test target is index TrainCount + L.</param>
public sealed record TrainTestWindows(int TrainCount, WindowSet Train, WindowSet Test);

/// <summary>Cuts series into look-back windows.</summary>
public static class Windowing
{
    /// <summary>
    /// Windows over all of <paramref name="values"/>: X[n] = values[n .. n + L), y[n] = values[n + L].
    /// </summary>
    /// <param name="values">The (usually transformed) series.</param>
    /// <param name="spec">Look-back, layout and Brownlee compatibility (the train fraction is not used here).</param>
    /// <param name="firstIndex">Original index of values[0] (a differenced series starts later), used for <see cref="WindowSet.TargetIndices"/>.</param>
    /// <param name="dates">Dates of the original series (indexed by original index), or null.</param>
    public static WindowSet Create(ReadOnlySpan<double> values, WindowSpec spec, int firstIndex = 0, IReadOnlyList<DateTime>? dates = null)
    {
        int count = spec.WindowCount(values.Length);
        int lookBack = spec.LookBack;
        var x = new double[count * lookBack];
        var y = new double[count];
        var targets = new int[count];
        for (int n = 0; n < count; n++)
        {
            values.Slice(n, lookBack).CopyTo(x.AsSpan(n * lookBack, lookBack));
            y[n] = values[n + lookBack];
            targets[n] = firstIndex + n + lookBack;
        }
        DateTime[]? targetDates = dates is null ? null : targets.Select(t => dates[t]).ToArray();
        return new WindowSet(spec, x, y, targets, targetDates);
    }

    /// <summary>
    /// Splits chronologically, train = the first floor(n * TrainFraction) original points, and windows each part
    /// separately, so no test target is ever an input or target of a training sample. Checks the length first with
    /// <see cref="WindowSpec.EnsureLongEnough(int, int, string?, string?)"/>.
    /// </summary>
    /// <param name="values">The (usually transformed) series; values[j] is original index <paramref name="firstIndex"/> + j.</param>
    /// <param name="spec">The windowing and split choices.</param>
    /// <param name="firstIndex">Leading original points with no value (dropped by differencing); the split is still made on the original length.</param>
    /// <param name="dates">Dates of the original series, or null.</param>
    public static TrainTestWindows TrainTest(ReadOnlySpan<double> values, WindowSpec spec, int firstIndex = 0, IReadOnlyList<DateTime>? dates = null)
    {
        int length = firstIndex + values.Length;
        spec.EnsureLongEnough(length, firstIndex);
        int trainCount = spec.TrainCount(length);
        int trainValues = trainCount - firstIndex;
        return new TrainTestWindows(
            trainCount,
            Create(values[..trainValues], spec, firstIndex, dates),
            Create(values[trainValues..], spec, trainCount, dates));
    }
}
