namespace RnnLstm.Plots;

/// <summary>One named curve: the values, in order. The x positions are implied (0, 1, 2, ...) unless a chart says otherwise.</summary>
/// <param name="Name">Legend text, e.g. "train loss" or "LSTM".</param>
/// <param name="Values">The y values, one per x position.</param>
public sealed record NamedSeries(string Name, IReadOnlyList<double> Values);

/// <summary>
/// A run of values that starts part-way along a shared x axis, e.g. test-set predictions that begin where the
/// training window ends.
/// </summary>
/// <param name="Start">Index into the chart's x labels of the first value.</param>
/// <param name="Values">The y values for x positions <c>Start</c>, <c>Start + 1</c>, ...</param>
public sealed record Segment(int Start, IReadOnlyList<double> Values);
