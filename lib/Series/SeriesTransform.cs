namespace RnnLstm.Series;

/// <summary>
/// A short, ordered pipeline of reversible transforms applied to a series before windowing:
/// natural log, differencing, min-max scaling. Build it, then <see cref="Fit"/> it on a series.
/// </summary>
/// <example>
/// <code>
/// var fitted = SeriesTransform.None.ThenLog().ThenDifference(12).ThenScale().Fit(series.Values, trainCount);
/// double[] modelInput = fitted.Output;                  // Output[j] belongs to original index fitted.FirstIndex + j
/// double passengers = fitted.Invert(100, prediction);   // a forecast for index 100, back in passengers
/// </code>
/// </example>
public sealed class SeriesTransform
{
    private readonly IReadOnlyList<Step> _steps;

    private SeriesTransform(IReadOnlyList<Step> steps) => _steps = steps;

    /// <summary>The empty pipeline: output equals input.</summary>
    public static SeriesTransform None { get; } = new([]);

    /// <summary>Appends a natural log (all values must be positive). Turns growth that is proportional to the level into constant-size steps.</summary>
    public SeriesTransform ThenLog() => Then(new Step.Log());

    /// <summary>Appends x[t] - x[t - lag]: removes a trend (lag 1) or a season (lag = season length). Drops the first <paramref name="lag"/> points.</summary>
    public SeriesTransform ThenDifference(int lag = 1) =>
        lag >= 1 ? Then(new Step.Difference(lag)) : throw new ArgumentOutOfRangeException(nameof(lag), lag, "The lag must be at least 1.");

    /// <summary>Appends a <see cref="MinMaxScaler"/> to [<paramref name="min"/>, <paramref name="max"/>], fitted on the training part only.</summary>
    public SeriesTransform ThenScale(double min = 0, double max = 1) => Then(new Step.Scale(min, max));

    private SeriesTransform Then(Step step) => new([.. _steps, step]);

    /// <summary>
    /// Applies the pipeline to <paramref name="series"/>. <paramref name="trainCount"/> is the number of leading
    /// original points that form the training part: a scaling step sees only the transformed values of those points.
    /// </summary>
    public FittedSeriesTransform Fit(ReadOnlySpan<double> series, int trainCount)
    {
        if (trainCount < 1 || trainCount > series.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(trainCount), trainCount, $"Must be between 1 and the series length, {series.Length}.");
        }
        var stages = new List<Stage> { new(series.ToArray(), 0) };
        var scalers = new List<MinMaxScaler?>();
        foreach (Step step in _steps)
        {
            (Stage next, MinMaxScaler? scaler) = step.Apply(stages[^1], trainCount);
            stages.Add(next);
            scalers.Add(scaler);
        }
        return new FittedSeriesTransform(_steps, stages, scalers, series.Length);
    }

    /// <summary>Human-readable pipeline, e.g. "log, difference(12), scale[0, 1]".</summary>
    public override string ToString() => _steps.Count == 0 ? "none" : string.Join(", ", _steps);

    /// <summary>One stage's values; Values[j] belongs to original index FirstIndex + j.</summary>
    internal sealed record Stage(double[] Values, int FirstIndex)
    {
        public double At(int index) => Values[index - FirstIndex];
    }

    internal abstract record Step
    {
        public abstract (Stage Output, MinMaxScaler? Scaler) Apply(Stage input, int trainCount);

        /// <summary>Undoes this step for one value at original <paramref name="index"/>, given the stage that was its input.</summary>
        public abstract double Invert(int index, double value, Stage input, MinMaxScaler? scaler);

        internal sealed record Log : Step
        {
            public override (Stage, MinMaxScaler?) Apply(Stage input, int trainCount)
            {
                int bad = Array.FindIndex(input.Values, v => !(v > 0));
                if (bad >= 0 && input.FirstIndex + bad >= trainCount)
                {
                    throw new ArgumentException($"The log transform needs positive values; index {input.FirstIndex + bad}, after the {trainCount} training values, is " +
                        $"{input.Values[bad]}. The log was chosen because the training part is positive; a later value breaks it, so forecast without the log.");
                }
                if (bad >= 0)
                {
                    throw new ArgumentException($"The log transform needs positive values; index {input.FirstIndex + bad} is {input.Values[bad]}.");
                }
                return (new Stage(input.Values.Select(v => Math.Log(v)).ToArray(), input.FirstIndex), null);
            }

            public override double Invert(int index, double value, Stage input, MinMaxScaler? scaler) => Math.Exp(value);

            public override string ToString() => "log";
        }

        internal sealed record Difference(int Lag) : Step
        {
            public override (Stage, MinMaxScaler?) Apply(Stage input, int trainCount)
            {
                double[] v = input.Values;
                if (v.Length <= Lag) throw new ArgumentException($"Differencing at lag {Lag} needs more than {Lag} values; there are {v.Length}.");
                var output = new double[v.Length - Lag];
                for (int j = 0; j < output.Length; j++) output[j] = v[j + Lag] - v[j];
                return (new Stage(output, input.FirstIndex + Lag), null);
            }

            /// <summary>
            /// x[t] = d[t] + x[t - lag], with x[t - lag] the actual (earlier) value: a one-step-ahead reconstruction,
            /// which is what scoring a one-step forecast needs.
            /// </summary>
            public override double Invert(int index, double value, Stage input, MinMaxScaler? scaler) => value + input.At(index - Lag);

            public override string ToString() => $"difference({Lag})";
        }

        internal sealed record Scale(double Min, double Max) : Step
        {
            public override (Stage, MinMaxScaler?) Apply(Stage input, int trainCount)
            {
                int training = trainCount - input.FirstIndex;
                if (training < 1)
                {
                    throw new ArgumentException($"The scaler needs training values, but earlier steps dropped the first {input.FirstIndex} points and the training part has {trainCount}.");
                }
                var scaler = new MinMaxScaler(Min, Max).Fit(input.Values.AsSpan(0, training));
                return (new Stage(scaler.Transform(input.Values), input.FirstIndex), scaler);
            }

            public override double Invert(int index, double value, Stage input, MinMaxScaler? scaler) => scaler!.InverseTransform(value);

            public override string ToString() => $"scale[{Min}, {Max}]";
        }
    }
}

/// <summary>The result of <see cref="SeriesTransform.Fit"/>: transformed values and the means to map a forecast back.</summary>
public sealed class FittedSeriesTransform
{
    private readonly IReadOnlyList<SeriesTransform.Step> _steps;
    private readonly IReadOnlyList<SeriesTransform.Stage> _stages;
    private readonly IReadOnlyList<MinMaxScaler?> _scalers;
    private readonly int _length;

    internal FittedSeriesTransform(IReadOnlyList<SeriesTransform.Step> steps, IReadOnlyList<SeriesTransform.Stage> stages,
        IReadOnlyList<MinMaxScaler?> scalers, int length)
    {
        _steps = steps;
        _stages = stages;
        _scalers = scalers;
        _length = length;
    }

    /// <summary>The transformed series; Output[j] belongs to original index <see cref="FirstIndex"/> + j.</summary>
    public double[] Output => _stages[^1].Values;

    /// <summary>How many leading original points have no transformed value (the sum of the differencing lags).</summary>
    public int FirstIndex => _stages[^1].FirstIndex;

    /// <summary>The last scaling step's fitted scaler, or null when the pipeline does not scale.</summary>
    public MinMaxScaler? Scaler => _scalers.LastOrDefault(s => s is not null);

    /// <summary>
    /// Maps a value in transformed units for original index <paramref name="index"/> back to the series' units,
    /// undoing the steps in reverse order. Differencing is undone with the actual value one lag earlier.
    /// </summary>
    public double Invert(int index, double value)
    {
        if (index < FirstIndex || index >= _length)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, $"Transformed values exist for indices {FirstIndex}..{_length - 1}.");
        }
        for (int s = _steps.Count - 1; s >= 0; s--) value = _steps[s].Invert(index, value, _stages[s], _scalers[s]);
        return value;
    }

    /// <summary>Inverts a batch: <paramref name="values"/>[k] is in transformed units for original index <paramref name="indices"/>[k].</summary>
    public double[] Invert(ReadOnlySpan<int> indices, ReadOnlySpan<double> values)
    {
        if (indices.Length != values.Length) throw new ArgumentException($"{indices.Length} indices but {values.Length} values.");
        var result = new double[values.Length];
        for (int k = 0; k < values.Length; k++) result[k] = Invert(indices[k], values[k]);
        return result;
    }
}
