using System.Diagnostics;
using RnnLstm.Cells;
using RnnLstm.Forecasting;
using RnnLstm.Models;
using RnnLstm.Numerics;
using RnnLstm.Series;
using RnnLstm.Training;

namespace RnnLstm.Tasks;

/// <summary>How to turn a series into windows, which network to fit and how to train it.</summary>
public sealed record ForecastOptions
{
    /// <summary>Past values the model sees for each prediction.</summary>
    public int LookBack { get; init; } = 1;
    /// <summary>The look-back fed as features of one step (Brownlee's "window") or as time steps.</summary>
    public WindowLayout Layout { get; init; } = WindowLayout.Features;
    /// <summary>Leading part of the series used for training (Brownlee: 0.67).</summary>
    public double TrainFraction { get; init; } = 0.67;
    /// <summary>Reproduce Brownlee's window count, which drops one window at the end of each part.</summary>
    public bool BrownleeCompatible { get; init; }
    /// <summary>Model log(values) instead of values (turns growing seasonal swings into constant ones).</summary>
    public bool LogTransform { get; init; }
    /// <summary>Model changes instead of levels: each lag in turn differences the series (1: month to month; the season
    /// length: year on year; both: the change of the year-on-year change). A zero change (before scaling, in log units
    /// with the log) would be seasonal naive with drift; the net's output is min-max scaled, so its zero is not.</summary>
    public int[] DifferenceLags { get; init; } = [];
    /// <summary>Recurrent cell.</summary>
    public CellKind Cell { get; init; } = CellKind.Lstm;
    /// <summary>Hidden units of each stacked layer.</summary>
    public int[] HiddenSizes { get; init; } = [4];
    /// <summary>Passes over the training windows.</summary>
    public int Epochs { get; init; } = 100;
    /// <summary>Windows per update.</summary>
    public int BatchSize { get; init; } = 1;
    /// <summary>Adam step size (Keras's default 0.001).</summary>
    public double LearningRate { get; init; } = 0.001;
    /// <summary>If set, gradients are clipped to this global norm.</summary>
    public double? ClipNorm { get; init; }
    /// <summary>Steps to forecast past the end of the data.</summary>
    public int Horizon { get; init; } = 12;
    /// <summary>Seed of weights and shuffling.</summary>
    public int Seed { get; init; } = 1;
    /// <summary>Fit the scaler on the whole series, test part included, as Brownlee's tutorial does. This lets the
    /// test data leak into training (the scaler knows the future range); it is here only to reproduce his numbers.</summary>
    public bool ScaleOnWholeSeries { get; init; }

    /// <summary>
    /// Brownlee's first setup: look_back = 1, LSTM(4), 100 epochs, batch 1, Adam, MSE, and, like his code, the scaler
    /// fitted on the whole series (see <see cref="ScaleOnWholeSeries"/>).
    /// </summary>
    public static ForecastOptions Brownlee => new() { BrownleeCompatible = true, ScaleOnWholeSeries = true };

    /// <summary>
    /// The airline recipe: a year of history as time steps, log scale, and the series differenced at lag 12 and then at
    /// lag 1, so the net predicts how this year's year-on-year change differs from last month's. (A change of zero
    /// would be seasonal naive with drift on the log scale, but the net's zero output is the training minimum after
    /// min-max scaling, so the net does not start from that baseline; <see cref="RnnLstm.Forecasting.DirectNet"/> does.)
    /// </summary>
    public static ForecastOptions Better => new()
    {
        LookBack = 12, Layout = WindowLayout.TimeSteps, LogTransform = true, DifferenceLags = [12, 1], Cell = CellKind.Lstm,
        HiddenSizes = [4], Epochs = 100, BatchSize = 1,
    };

    /// <summary>
    /// <see cref="Better"/> adapted to <paramref name="series"/>: the look-back and the seasonal difference follow its
    /// season length (12 for monthly data, 4 quarterly, 7 daily...; a series without a season gets a look-back of 6 and
    /// only a lag-1 difference), and the log is used only when every value of the training part is positive (the test
    /// part is not read; if a later value is not positive, <see cref="WindowForecaster.Run"/> fails naming it).
    /// </summary>
    public static ForecastOptions BetterFor(TimeSeries series)
    {
        ArgumentNullException.ThrowIfNull(series);
        int m = series.SeasonLength;
        return Better with
        {
            LookBack = m > 1 ? m : 6,
            DifferenceLags = m > 1 ? [m, 1] : [1],
            LogTransform = series.Values.Take(Better.Windows.TrainCount(series.Count)).All(v => v > 0),
        };
    }

    /// <summary>The transform this describes: optional log, optional differencing, then min-max scaling to [0, 1] fitted on the training part.</summary>
    public SeriesTransform Transform
    {
        get
        {
            var t = SeriesTransform.None;
            if (LogTransform) t = t.ThenLog();
            foreach (int lag in DifferenceLags) t = t.ThenDifference(lag);
            return t.ThenScale();
        }
    }

    /// <summary>The window layout this describes.</summary>
    public WindowSpec Windows => new(LookBack, Layout, TrainFraction, BrownleeCompatible);

    /// <summary>One line, e.g. <c>LSTM(4), look-back 1 as features, 100 epochs, batch 1, Adam 0.001, scaler fitted on the training part</c>.</summary>
    public override string ToString() =>
        $"{Cell}({string.Join(",", HiddenSizes)}), look-back {LookBack} as {(Layout == WindowLayout.Features ? "features" : "time steps")}, " +
        $"{(LogTransform ? "log, " : "")}{(DifferenceLags.Length > 0 ? $"difference lags {string.Join("+", DifferenceLags)}, " : "")}{Epochs} epochs, batch {BatchSize}, Adam {LearningRate}" +
        (ClipNorm is double c ? $", clip {c}" : "") +
        (ScaleOnWholeSeries ? ", scaler fitted on the whole series (test part included)" : ", scaler fitted on the training part");
}

/// <summary>Errors of one forecaster on the test points (and the training points, for the model), in the series' units.</summary>
public sealed record ForecastScore(string Name, double TestRmse, double TestMae, double? TrainRmse = null, double? TrainMae = null)
{
    /// <inheritdoc/>
    public override string ToString() =>
        $"{Name,-28} test RMSE {TestRmse,8:F2}  MAE {TestMae,8:F2}" + (TrainRmse is double r ? $"   train RMSE {r,8:F2}" : "");
}

/// <summary>A forecasting run: the model, its predictions, its scores beside the baselines', and a forecast past the data.</summary>
public sealed record ForecastResult
{
    /// <summary>The data.</summary>
    public required TimeSeries Series { get; init; }
    /// <summary>The settings.</summary>
    public required ForecastOptions Options { get; init; }
    /// <summary>The trained network.</summary>
    public required SequenceModel<float> Model { get; init; }
    /// <summary>Loss and gradient norms per epoch.</summary>
    public required TrainingHistory History { get; init; }
    /// <summary>The fitted transform (its scaler fitted on the training part, or on the whole series with <see cref="ForecastOptions.ScaleOnWholeSeries"/>).</summary>
    public required FittedSeriesTransform Transform { get; init; }
    /// <summary>Training and test windows.</summary>
    public required TrainTestWindows Windows { get; init; }
    /// <summary>One-step predictions for the training targets, in the series' units.</summary>
    public required double[] TrainPredictions { get; init; }
    /// <summary>One-step predictions for the test targets, in the series' units.</summary>
    public required double[] TestPredictions { get; init; }
    /// <summary>The model's score, then each baseline's on the same test points.</summary>
    public required IReadOnlyList<ForecastScore> Scores { get; init; }
    /// <summary>Baselines that could not be computed, and why (e.g. too few points for a season).</summary>
    public required IReadOnlyList<string> Notes { get; init; }
    /// <summary>Forecast for the <see cref="ForecastOptions.Horizon"/> steps after the data, each fed back as input.</summary>
    public required double[] Future { get; init; }
    /// <summary>Dates of <see cref="Future"/> (null when the series has no dates).</summary>
    public required DateTime[]? FutureDates { get; init; }
    /// <summary>Training wall time.</summary>
    public required TimeSpan TrainingTime { get; init; }

    /// <summary>The model's score.</summary>
    public ForecastScore ModelScore => Scores[0];
    /// <summary>A baseline's score by name (persistence, seasonal naive, seasonal naive with drift), or null.</summary>
    public ForecastScore? Baseline(string name) => Scores.Skip(1).FirstOrDefault(s => s.Name == name);

    /// <inheritdoc/>
    public override string ToString() => string.Join(Environment.NewLine, Scores.Select(s => s.ToString()).Concat(Notes));
}

/// <summary>
/// One-step-ahead forecasting of a univariate series with one recurrent net on look-back windows, with the settings
/// given (Brownlee's setup, or the fixed airline recipe <see cref="ForecastOptions.Better"/>), scored beside simple
/// baselines. For a series of your own, <see cref="RnnLstm.Forecasting.Forecaster"/> chooses the settings on the
/// training part instead.
/// </summary>
/// <remarks>
/// The walk: series → transform (log, differencing, min-max fitted on the training part) → windows → trainer →
/// predictions → inverse transform → errors in the series' own units. The trainer never sees the test part; the
/// scaler does not either, except with <see cref="ForecastOptions.ScaleOnWholeSeries"/> (Brownlee's reproduction).
/// </remarks>
public static class WindowForecaster
{
    /// <summary>Names of the baselines, as they appear in <see cref="ForecastResult.Scores"/>.</summary>
    public static readonly string[] BaselineNames = ["persistence", "seasonal naive", "seasonal naive with drift"];

    /// <summary>Fits <paramref name="options"/> to <paramref name="series"/> and scores it.</summary>
    /// <param name="progress">Called after each epoch (training progress).</param>
    public static ForecastResult Run(TimeSeries series, ForecastOptions options, Action<TrainingProgress>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegative(options.Horizon, nameof(options.Horizon));
        series = series.RefillWithin(options.Windows.TrainCount(series.Count)); // no training value filled from the test part
        var spec = options.Windows;
        int firstIndex = options.DifferenceLags.Sum();
        spec.EnsureLongEnough(series, firstIndex);
        var transform = options.Transform.Fit(series.Values, ScalerFitCount(options, series.Count));
        var windows = Windowing.TrainTest(transform.Output, spec, transform.FirstIndex, series.Dates);

        var model = new SequenceModel<float>(new ModelSpec
        {
            Cell = options.Cell, InputSize = spec.Inputs, HiddenSizes = options.HiddenSizes, OutputSize = 1, Output = OutputMode.LastStep,
            Init = WeightInit.Orthogonal, ForgetBias = 1.0, // Keras's defaults: Glorot input weights, orthogonal recurrent weights, forget bias 1
        }, options.Seed);
        var data = new SequenceDataset<float>(ToFloat(windows.Train.X), ToFloat(windows.Train.Y), spec.Steps, spec.Inputs, 1, targetsPerStep: false);
        var trainer = new Trainer<float>(model, Losses.MeanSquaredError<float>(), new Adam<float>(options.LearningRate),
            new TrainerOptions { BatchSize = options.BatchSize, Seed = options.Seed, ClipNorm = options.ClipNorm });
        var clock = Stopwatch.StartNew();
        var history = trainer.Fit(data, options.Epochs, progress);
        var trainingTime = clock.Elapsed;

        var trainPredictions = Predict(model, windows.Train, transform);
        var testPredictions = Predict(model, windows.Test, transform);
        var (scores, notes) = Score(series, windows, trainPredictions, testPredictions);
        var future = Extend(series.Values, model, options, spec);
        return new ForecastResult
        {
            Series = series, Options = options, Model = model, History = history, Transform = transform, Windows = windows,
            TrainPredictions = trainPredictions, TestPredictions = testPredictions, Scores = scores, Notes = notes,
            Future = future, FutureDates = series.DatesAfter(options.Horizon), TrainingTime = trainingTime,
        };
    }

    /// <summary>The model's one-step predictions for <paramref name="windows"/>, in the series' units.</summary>
    public static double[] Predict(SequenceModel<float> model, WindowSet windows, FittedSeriesTransform transform)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(windows);
        ArgumentNullException.ThrowIfNull(transform);
        if (windows.Count == 0) return [];
        var y = model.Predict(TimeMajor(windows), windows.Steps, windows.Count);
        return transform.Invert(windows.TargetIndices, y.Select(v => (double)v).ToArray());
    }

    /// <summary>
    /// Gate activations of an LSTM-family model over the whole series: for each window (in time order) the gates at
    /// its last step. Null for cells without these gates (Elman, GRU).
    /// </summary>
    public static GateActivations? Gates(ForecastResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var all = Windowing.Create(result.Transform.Output, result.Options.Windows, result.Transform.FirstIndex, result.Series.Dates);
        return NetGates.Read(result.Model, TimeMajor(all), all.Steps, all.Count, all.TargetIndices, all.TargetDates);
    }

    /// <summary>Windows' X, stored [N, T, I], in the [T, N, I] order the model reads.</summary>
    private static float[] TimeMajor(WindowSet windows)
    {
        int N = windows.Count, T = windows.Steps, I = windows.Inputs;
        var x = new float[N * T * I];
        for (int n = 0; n < N; n++)
            for (int t = 0; t < T; t++)
                for (int i = 0; i < I; i++) x[(t * N + n) * I + i] = (float)windows[n, t, i];
        return x;
    }

    private static (List<ForecastScore>, List<string>) Score(TimeSeries series, TrainTestWindows windows, double[] train, double[] test)
    {
        var actualTrain = windows.Train.TargetIndices.Select(i => series.Values[i]).ToArray();
        var actualTest = windows.Test.TargetIndices.Select(i => series.Values[i]).ToArray();
        var scores = new List<ForecastScore>
        {
            new("model", Metrics.Rmse(actualTest, test), Metrics.Mae(actualTest, test), Metrics.Rmse(actualTrain, train), Metrics.Mae(actualTrain, train)),
        };
        var notes = new List<string>();
        var targets = windows.Test.TargetIndices;
        int m = series.SeasonLength;
        Add(BaselineNames[0], () => Baselines.Persistence(series.Values, targets));
        if (m > 1)
        {
            Add(BaselineNames[1], () => Baselines.SeasonalNaive(series.Values, targets, m));
            Add(BaselineNames[2], () => Baselines.SeasonalNaiveWithDrift(series.Values, targets, m));
        }
        else notes.Add("no season (m = 1): seasonal naive would equal persistence, and there is no seasonal drift, so neither is scored");
        return (scores, notes);

        void Add(string name, Func<BaselineForecast> baseline)
        {
            try
            {
                var b = baseline();
                scores.Add(new ForecastScore(name, b.Rmse, b.Mae));
            }
            catch (ArgumentException e)
            {
                notes.Add($"{name}: not computed ({e.Message})");
            }
        }
    }

    /// <summary>
    /// Forecasts <see cref="ForecastOptions.Horizon"/> steps past the end, feeding each forecast back as the newest input.
    /// </summary>
    /// <remarks>The transform is refitted on the series extended by the forecasts so far (plus a placeholder for the
    /// step being predicted). The scaler sees only the training part, so it is unchanged; refitting only makes the
    /// log and difference stages reach the new points, so that inverting a difference can use an earlier forecast.</remarks>
    private static double[] Extend(double[] values, SequenceModel<float> model, ForecastOptions options, WindowSpec spec)
    {
        var extended = new List<double>(values);
        int trainCount = ScalerFitCount(options, values.Length);
        var x = new float[spec.LookBack];
        for (int k = 0; k < options.Horizon; k++)
        {
            extended.Add(extended[^1]); // placeholder for the value being predicted; never read as an input
            var fit = options.Transform.Fit(extended.ToArray(), trainCount);
            int next = extended.Count - 1;
            for (int j = 0; j < spec.LookBack; j++) x[j] = (float)fit.Output[next - spec.LookBack + j - fit.FirstIndex];
            float z = model.Predict(x, spec.Steps, 1)[0];
            extended[next] = fit.Invert(next, z);
        }
        return extended.Skip(values.Length).ToArray();
    }

    /// <summary>How many leading values the scaler is fitted on: the training part (or everything, for <see cref="ForecastOptions.ScaleOnWholeSeries"/>).</summary>
    private static int ScalerFitCount(ForecastOptions options, int length) =>
        options.ScaleOnWholeSeries ? length : options.Windows.TrainCount(length);

    private static float[] ToFloat(double[] values) => Array.ConvertAll(values, v => (float)v);
}
