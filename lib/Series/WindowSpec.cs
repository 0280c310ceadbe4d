using System.Globalization;

namespace RnnLstm.Series;

/// <summary>How a window's L inputs are presented to a recurrent layer.</summary>
public enum WindowLayout
{
    /// <summary>One time step carrying L features: shape [N, 1, L]. Brownlee's "window method", input (1, look_back).</summary>
    Features,
    /// <summary>L time steps of one feature each: shape [N, L, 1]. Brownlee's "time steps" variant, input (look_back, 1).</summary>
    TimeSteps,
}

/// <summary>
/// The windowing and split choices: look-back, layout, training fraction, and whether to reproduce Brownlee's
/// one-window-short count.
/// </summary>
/// <param name="LookBack">L: how many past values each sample sees.</param>
/// <param name="Layout">How the L values are shaped (the flat memory is the same either way).</param>
/// <param name="TrainFraction">The leading fraction of the series used for training: train = floor(n * fraction) points.</param>
/// <param name="BrownleeCompatible">
/// Brownlee's <c>create_dataset</c> loops <c>for i in range(len(dataset) - look_back - 1)</c>, so each part yields
/// len - L - 1 windows and its last possible window is lost. Set this to reproduce his sample counts (with 144 values
/// and L = 1: 94 train and 46 test samples). The default, false, uses every window: len - L per part (95 and 47).
/// </param>
public sealed record WindowSpec(int LookBack, WindowLayout Layout = WindowLayout.TimeSteps, double TrainFraction = 0.67, bool BrownleeCompatible = false)
{
    /// <summary>L, at least 1; checked on construction so a bad spec fails where it is written.</summary>
    public int LookBack { get; init; } = LookBack >= 1 ? LookBack : throw new ArgumentOutOfRangeException(nameof(LookBack), LookBack, "The look-back must be at least 1.");

    /// <summary>The training fraction, strictly between 0 and 1; checked on construction.</summary>
    public double TrainFraction { get; init; } = TrainFraction is > 0 and < 1
        ? TrainFraction
        : throw new ArgumentOutOfRangeException(nameof(TrainFraction), TrainFraction, "The training fraction must be strictly between 0 and 1.");

    /// <summary>T in [N, T, I]: 1 for <see cref="WindowLayout.Features"/>, L for <see cref="WindowLayout.TimeSteps"/>.</summary>
    public int Steps => Layout == WindowLayout.Features ? 1 : LookBack;

    /// <summary>I in [N, T, I]: L for <see cref="WindowLayout.Features"/>, 1 for <see cref="WindowLayout.TimeSteps"/>.</summary>
    public int Inputs => Layout == WindowLayout.Features ? LookBack : 1;

    /// <summary>Points a part needs to yield one window: L inputs and a target, plus the point Brownlee's loop skips.</summary>
    public int PointsPerWindow => LookBack + 1 + (BrownleeCompatible ? 1 : 0);

    /// <summary>Windows a part of <paramref name="length"/> points yields: length - L (- 1 when Brownlee-compatible), at least 0.</summary>
    public int WindowCount(int length) => Math.Max(0, length - PointsPerWindow + 1);

    /// <summary>Training points of a series of <paramref name="length"/>: floor(length * TrainFraction), as Python's int() does (144 * 0.67 = 96.48 gives 96).</summary>
    public int TrainCount(int length) => (int)Math.Floor(length * TrainFraction);

    /// <summary>
    /// The fewest points a series needs for at least one training and one test window. <paramref name="firstIndex"/>
    /// is the number of leading points a transform dropped (differencing), which the training part loses.
    /// </summary>
    public int MinimumLength(int firstIndex = 0)
    {
        // Both part sizes grow (weakly) with n, so the first n that satisfies both is the answer.
        for (int n = 1; ; n++)
        {
            int train = TrainCount(n) - firstIndex;
            if (train >= PointsPerWindow && n - TrainCount(n) >= PointsPerWindow) return n;
        }
    }

    /// <summary>
    /// Throws <see cref="SeriesFormatException"/> when <paramref name="series"/> is too short for this spec,
    /// saying how many rows there are, how many are needed and why. Call it before building windows for a loaded file.
    /// </summary>
    public void EnsureLongEnough(TimeSeries series, int firstIndex = 0) =>
        EnsureLongEnough(series.Count, firstIndex, series.File, series.ValueColumn);

    /// <summary>The same check for a bare length; <see cref="Windowing.TrainTest"/> calls it.</summary>
    public void EnsureLongEnough(int length, int firstIndex = 0, string? file = null, string? column = null)
    {
        int needed = MinimumLength(firstIndex);
        if (length >= needed) return;

        var c = CultureInfo.InvariantCulture;
        string dropped = firstIndex > 0 ? $", after the first {firstIndex} dropped by differencing," : "";
        string brownlee = BrownleeCompatible ? " plus the one Brownlee's create_dataset skips" : "";
        throw SeriesFormatException.At(file, null, column,
            $"the series has {length} rows but look-back {LookBack} with a {TrainFraction.ToString(c)} train split needs at least {needed}: " +
            $"each part{dropped} must hold {PointsPerWindow} points to make one window ({LookBack} inputs and 1 target{brownlee}); " +
            $"with {length} rows the training part gets {TrainCount(length)} and the test part {length - TrainCount(length)}.",
            "Use a shorter look-back, another train fraction, or a longer series.");
    }
}
