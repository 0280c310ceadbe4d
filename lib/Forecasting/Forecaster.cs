using System.Diagnostics;
using System.Globalization;
using RnnLstm.Cells;
using RnnLstm.Forecasting.Models;
using RnnLstm.Series;

namespace RnnLstm.Forecasting;

/// <summary>What <see cref="Forecaster.Run"/> may choose from, and how far to forecast.</summary>
public sealed record ForecasterSettings
{
    /// <summary>Leading part of the series used for training and selection; the rest is the test part.</summary>
    public double TrainFraction { get; init; } = 0.67;
    /// <summary>H: steps forecast past the end, the steps cross-validation scores, and the longest step of the backtest (0: no forecast past the end; the selection then scores one step).</summary>
    public int Horizon { get; init; } = 12;
    /// <summary>Every random choice (weights, shuffling, ensemble seeds) flows from it.</summary>
    public int Seed { get; init; } = 1;
    /// <summary>Season length given by the user (null: detect from the training part).</summary>
    public SeasonFinding? Season { get; init; }
    /// <summary>The net's look-back (null: max(m, 12), at most 60 and a third of the fit part).</summary>
    public int? LookBack { get; init; }
    /// <summary>The net's hidden units (null: 8).</summary>
    public int? Hidden { get; init; }
    /// <summary>The net's cell (null: LSTM).</summary>
    public CellKind? Cell { get; init; }
    /// <summary>Most epochs per net; early stopping on the last windows of the fit part usually ends sooner.</summary>
    public int MaxEpochs { get; init; } = 100;
    /// <summary>Whether log candidates may be tried (only when every training value is positive).</summary>
    public bool AllowLog { get; init; } = true;
    /// <summary>Whether the direct net is trained and offered to the selection.</summary>
    public bool Net { get; init; } = true;
    /// <summary>Seeds in the net's ensemble (Seed, Seed + 1, ...).</summary>
    public int EnsembleSize { get; init; } = 3;
    /// <summary>Prediction interval levels in percent.</summary>
    public IReadOnlyList<double> Levels { get; init; } = PredictionIntervals.DefaultLevels;
    /// <summary>How the statistical part is made from the candidates' CV scores (<see cref="StatisticalChoice"/>).</summary>
    public ChoiceRule Choice { get; init; } = ChoiceRule.BestThree;

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"train fraction {TrainFraction}, horizon {Horizon}, seed {Seed}, max {MaxEpochs} epochs, levels {string.Join("/", Levels)}") +
        (Season is { } s ? $", season {s.Length}" : "") + (LookBack is int l ? $", look-back {l}" : "") +
        (Hidden is int h ? $", hidden {h}" : "") + (Cell is CellKind c ? $", cell {c}" : "") + (AllowLog ? "" : ", no log") + (Net ? "" : ", no net") +
        (Choice == ChoiceRule.BestThree ? "" : $", choice {Choice}");
}

/// <summary>One method's one-step errors on the test points, in the series' units (MASE over the training part's seasonal-naive MAE).</summary>
public sealed record MethodScore(string Name, double Rmse, double Mae, double Mase, double Smape)
{
    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Name,-26} test RMSE {Rmse,10:G5}  MAE {Mae,10:G5}  MASE {Mase,6:F3}  sMAPE {Smape,6:F2}%");
}

/// <summary>Everything <see cref="Forecaster.Run"/> found: the selection, the test scores, the backtest, the forecast.</summary>
public sealed record ForecastReport
{
    /// <summary>The data.</summary>
    public required TimeSeries Series { get; init; }
    /// <summary>The settings.</summary>
    public required ForecasterSettings Settings { get; init; }
    /// <summary>Values in the training part (selection and fitting use only these).</summary>
    public required int TrainCount { get; init; }
    /// <summary>c: the training part's mean |y|. Every model is fitted on y / c and its forecasts multiplied back, so
    /// values near 1e-300 or 1e300 fit as well as values near 1.</summary>
    public required double InternalScale { get; init; }
    /// <summary>What was tried on the training part and chosen.</summary>
    public required SelectionReport Selection { get; init; }
    /// <summary>The chosen model, refitted on the whole training part (it works on y / <see cref="InternalScale"/>).</summary>
    public required HybridForecaster Model { get; init; }
    /// <summary>The Holt-Winters baseline fitted on the training part (on y / <see cref="InternalScale"/>).</summary>
    public required HoltWintersModel HoltWinters { get; init; }
    /// <summary>Test target indices (every index of the test part).</summary>
    public required int[] TestTargets { get; init; }
    /// <summary>One-step test forecasts per method (model first), in the series' units.</summary>
    public required IReadOnlyDictionary<string, double[]> TestForecasts { get; init; }
    /// <summary>One-step test scores: the model first, then the model without the net (and with it, when the net was trained but not used), then every statistical candidate.</summary>
    public required IReadOnlyList<MethodScore> Scores { get; init; }
    /// <summary>The MASE denominator: the seasonal-naive MAE on the training part, in the series' units.</summary>
    public required double MaseScale { get; init; }
    /// <summary>Why the MASE scale is what it is, when it is not the seasonal-naive MAE (a constant training part); else null.</summary>
    public required string? MaseScaleNote { get; init; }
    /// <summary>The multi-step backtest over the test part (null when the test part is shorter than the horizon).</summary>
    public required BacktestResult? Backtest { get; init; }
    /// <summary>The model's forecast for the <see cref="ForecasterSettings.Horizon"/> values after the data, with its intervals.</summary>
    public required IntervalForecast Forecast { get; init; }
    /// <summary>The model's intervals, calibrated on its cross-validation errors (in the units of y / <see cref="InternalScale"/>).</summary>
    public required PredictionIntervals Intervals { get; init; }
    /// <summary>Dates of <see cref="Future"/> (null without dates).</summary>
    public required DateTime[]? FutureDates { get; init; }
    /// <summary>Wall time of the whole run.</summary>
    public required TimeSpan Elapsed { get; init; }

    /// <summary>The series in the model's units, y / <see cref="InternalScale"/>: what <see cref="Model"/>'s methods read and return.</summary>
    public double[] ModelUnits => Array.ConvertAll(Series.Values, v => v / InternalScale);
    /// <summary>The point forecast past the end (<see cref="Forecast"/>'s mean).</summary>
    public double[] Future => Forecast.Mean;
    /// <summary>The model's test score.</summary>
    public MethodScore ModelScore => Scores[0];
    /// <summary>A method's test score by name, or null.</summary>
    public MethodScore? Score(string name) => Scores.FirstOrDefault(s => s.Name == name);
    /// <summary>The naive rule with the lowest one-step test MASE.</summary>
    public MethodScore BestNaive => Scores.Where(s => Forecaster.NaiveNames.Contains(s.Name)).MinBy(s => s.Mase)!;

    /// <inheritdoc/>
    public override string ToString() => string.Join(Environment.NewLine, Scores.Select(s => s.ToString()));
}

/// <summary>
/// The forecaster that the CLI (<c>forecast</c>, <c>forecast-suite</c>) and LSTM.ipynb share: chooses a model on
/// the training part alone by H-step cross-validation, then scores it and every candidate on the test part.
/// </summary>
/// <remarks>
/// The walk: training part (first <see cref="ForecasterSettings.TrainFraction"/>) → divided by its mean |y| → season
/// from its ACF (both seasons kept as candidates when the test is unsure) → rolling CV origins in its last quarter
/// (half when no candidate is seasonal; <see cref="CvPlan"/>), every statistical candidate
/// (<see cref="CandidateTable"/>) fitted on the values before the first origin and scored by MASE over the steps
/// 1..H → the combination of the best three, kept unless a single candidate is clearly better → a seed ensemble of
/// <see cref="DirectNet"/>s trained on windows of the fit part to correct that choice's H-step path, used only when
/// it beats it clearly in CV → intervals calibrated on the chosen model's CV errors at the origins of the last
/// quarter → refitted on the whole training part → the test part: one-step scores, the multi-step backtest with
/// interval scores, and the forecast past the end. No step before the scoring reads a test value.
/// </remarks>
public static class Forecaster
{
    /// <summary>The Holt-Winters baseline's name in <see cref="ForecastReport.Scores"/>.</summary>
    public const string HoltWintersName = "Holt-Winters";
    /// <summary>The model's name in <see cref="ForecastReport.Scores"/>.</summary>
    public const string ModelName = "model";
    /// <summary>The model's statistical part alone, in <see cref="ForecastReport.Scores"/>.</summary>
    public const string WithoutNetName = "model without net";
    /// <summary>The statistical part with the net's corrections when the selection did not use them (what the net would have done).</summary>
    public const string UnusedNetName = "model with the unused net";
    /// <summary>The rows of a report that are the model (with or without its net), not statistical candidates.</summary>
    public static bool IsModelRow(string name) => name is ModelName or WithoutNetName or UnusedNetName;
    /// <summary>The naive rules' names.</summary>
    public static readonly IReadOnlyList<string> NaiveNames = ["persistence", "seasonal naive", "seasonal naive with drift"];

    /// <summary>How much better than the statistical choice the net must be in CV multi-step MASE (relative), besides t &gt; <see cref="NetMinimumT"/>.</summary>
    public const double NetMargin = 0.05;
    /// <summary>The paired t the net's per-origin improvement must exceed.</summary>
    public const double NetMinimumT = 2;
    /// <summary>H used for selection: the settings' horizon, at least 1.</summary>
    public static int SelectionHorizon(ForecasterSettings settings) => Math.Max(1, settings.Horizon);

    /// <summary>Chooses, fits and scores a forecaster for <paramref name="series"/>.</summary>
    /// <param name="progress">One line per candidate and stage.</param>
    public static ForecastReport Run(TimeSeries series, ForecasterSettings settings, Action<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(settings);
        var clock = Stopwatch.StartNew();
        int trainCount = (int)Math.Floor(series.Count * settings.TrainFraction);
        series = series.RefillWithin(trainCount); // no training value filled from the test part
        int n = series.Count, H = SelectionHorizon(settings);
        if (trainCount < 24 || n - trainCount < 2)
            throw new ArgumentException($"{series.Name}: {n} values give {trainCount} training and {n - trainCount} test values; the forecaster needs at least 24 and 2.", nameof(series));
        double c = InternalScaleOf(series.Values.AsSpan(0, trainCount));
        var y = Array.ConvertAll(series.Values, v => v / c);
        var training = y.AsSpan(0, trainCount);
        var season = settings.Season ?? SeasonDetection.Detect(training, series.SeasonLength);
        if (trainCount < 2 * season.Length + 8 + H)
            season = season with { Length = 1, Alternative = null, Reason = season.Reason + $"; too few training values for season {season.Length} and {H}-step cross-validation, so none is used" };
        progress?.Invoke(season.Reason);

        var selection = Select(y, trainCount, season, settings, progress);
        int m = selection.Season.Length;
        var (final, refitted) = Refit(y, trainCount, selection, settings, progress);

        double scale = ForecastMetrics.SeasonalNaiveScale(training, Math.Min(m, trainCount - 1));
        string? scaleNote = null;
        if (!(scale > 0))
        {
            scale = 1;
            bool constant = !training.ContainsAnyExcept(training[0]);
            scaleNote = (constant ? "the training part is constant" : $"the training part repeats itself exactly every {m} values")
                + ", so the seasonal naive forecast has no in-sample error; MASE divides the MAE by the training part's mean |y| instead";
        }
        var methods = new List<(string Name, Func<int[], int, double[][]> Paths)> { (ModelName, (o, h) => final.Paths(y, o, h, final.UseNet)) };
        if (final.Nets.Count > 0) methods.Add((WithoutNetName, (o, h) => final.Paths(y, o, h, withNet: false)));
        if (final.Nets.Count > 0 && !final.UseNet) methods.Add((UnusedNetName, (o, h) => final.Paths(y, o, h, withNet: true)));
        foreach (var (name, model) in refitted) methods.Add((name, (o, h) => o.Select(origin => model.Forecast(y.AsSpan(0, origin + 1), h)).ToArray()));

        var (forecasts, scores) = OneStepScores(y, trainCount, c, scale, methods);
        var modelIntervals = Calibrate(y, selection.Plan, selection.Chosen, selection.LogAllowed);
        var origins = Backtest.Origins(trainCount, n, settings.Horizon);
        progress?.Invoke($"backtest: {origins.Length} origins × {settings.Horizon} steps");
        var backtest = origins.Length > 0 ? BacktestWithIntervals(y, origins, settings, c, scale, methods, selection, modelIntervals) : null;
        var future = settings.Horizon > 0 ? modelIntervals.Around(final.Forecast(y, settings.Horizon), settings.Levels).Scaled(c) : IntervalForecast.PointOnly([]);
        var hw = refitted.First(p => p.Name == HoltWintersName).Model;
        return new ForecastReport
        {
            Series = series, Settings = settings, TrainCount = trainCount, InternalScale = c, Selection = selection, Model = final,
            HoltWinters = ((FittedBase)hw).Model.Smoothing!, TestTargets = Enumerable.Range(trainCount, n - trainCount).ToArray(), TestForecasts = forecasts, Scores = scores,
            MaseScale = scale * c, MaseScaleNote = scaleNote, Backtest = backtest, Forecast = future, Intervals = modelIntervals,
            FutureDates = series.DatesAfter(settings.Horizon), Elapsed = clock.Elapsed,
        };
    }

    /// <summary>One step ahead on every test value: each method's forecasts (in the series' units) and scores.</summary>
    private static (Dictionary<string, double[]> Forecasts, List<MethodScore> Scores) OneStepScores(double[] y, int trainCount, double c, double scale,
        IReadOnlyList<(string Name, Func<int[], int, double[][]> Paths)> methods)
    {
        var targets = Enumerable.Range(trainCount, y.Length - trainCount).ToArray();
        var origins = Array.ConvertAll(targets, t => t - 1);
        var actual = targets.Select(t => y[t]).ToArray();
        var forecasts = new Dictionary<string, double[]>();
        var scores = new List<MethodScore>();
        foreach (var (name, paths) in methods)
        {
            var f = paths(origins, 1).Select(p => p[0]).ToArray();
            forecasts[name] = Array.ConvertAll(f, v => v * c);
            scores.Add(new MethodScore(name, c * ForecastMetrics.Rmse(actual, f), c * Metrics.Mae(actual, f), Metrics.Mae(actual, f) / scale, ForecastMetrics.Smape(actual, f)));
        }
        return (forecasts, scores);
    }

    /// <summary>
    /// The multi-step backtest of every method from <paramref name="origins"/>, with the coverage and MSIS of the model's
    /// intervals and of Holt-Winters' (each calibrated on its own CV errors); MAE and paths back in the series' units.
    /// </summary>
    private static BacktestResult BacktestWithIntervals(double[] y, int[] origins, ForecasterSettings settings, double c, double scale,
        IReadOnlyList<(string Name, Func<int[], int, double[][]> Paths)> methods, SelectionReport selection, PredictionIntervals modelIntervals)
    {
        var scores = Backtest.Run(y, origins, settings.Horizon, scale, methods);
        var truth = Backtest.Actual(y, origins, settings.Horizon);
        var intervalScores = new List<IntervalScore>();
        foreach (var (name, cv) in new[] { (ModelName, selection.Chosen), (HoltWintersName, selection.Candidates.FirstOrDefault(s => s.Name == HoltWintersName)) })
        {
            if (cv is null) continue;
            var calibrated = name == ModelName ? modelIntervals : Calibrate(y, selection.Plan, cv, selection.LogAllowed);
            var bands = scores.First(s => s.Name == name).Paths.Select(p => calibrated.Around(p, settings.Levels)).ToList();
            foreach (double level in settings.Levels)
                intervalScores.Add(BacktestIntervals.Score(name, level, bands.Select(b => b.At(level)!).ToList(), truth, scale));
        }
        return new BacktestResult(settings.Horizon, origins,
            scores.Select(s => s with { Mae = Array.ConvertAll(s.Mae, v => v * c), Paths = s.Paths.Select(p => Array.ConvertAll(p, v => v * c)).ToArray() }).ToList(),
            intervalScores);
    }

    /// <summary>c = mean |y| of the training part (1 when that is 0 or not finite).</summary>
    public static double InternalScaleOf(ReadOnlySpan<double> training)
    {
        double sum = 0;
        foreach (double v in training) sum += Math.Abs(v) / training.Length; // divided term by term: no overflow near 1e308
        return sum > 0 && double.IsFinite(sum) ? sum : 1;
    }

    /// <summary>The intervals of a CV score's paths from the plan's calibration origins (<see cref="CvPlan.CalibrationIndices"/>),
    /// multiplicative when log candidates were allowed (every training value positive).</summary>
    private static PredictionIntervals Calibrate(double[] y, CvPlan plan, CvScore cv, bool positive)
    {
        var rows = plan.CalibrationIndices;
        return PredictionIntervals.Calibrate(rows.Select(k => cv.Paths[k]).ToArray(), Backtest.Actual(y, rows.Select(k => plan.Origins[k]).ToArray(), plan.Horizon), positive);
    }

    /// <summary>
    /// The selection alone, from y[0..<paramref name="trainCount"/>) only: every candidate of the table scored by
    /// H-step cross-validation, the combination, the statistical choice, and the net's comparison with it.
    /// </summary>
    public static SelectionReport Select(double[] y, int trainCount, SeasonFinding season, ForecasterSettings settings, Action<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(y);
        int H = SelectionHorizon(settings);
        int? alternative = season.Alternative;
        int longest = Math.Max(season.Length, alternative ?? 1);
        var plan = CvPlan.For(trainCount, H, MinFit(longest), seasonal: longest > 1);
        if (plan is null && alternative is not null) (alternative, plan) = (null, CvPlan.For(trainCount, H, MinFit(season.Length), seasonal: season.Length > 1));
        if (plan is null)
            throw new ArgumentException($"{trainCount} training values leave no {H}-step cross-validation origin after the {MinFit(season.Length)} values a season of {season.Length} needs; shorten the horizon (--horizon) or give more data.", nameof(trainCount));
        var training = y.AsSpan(0, trainCount);
        bool positive = true;
        foreach (double v in training) positive &= v > 0;
        bool logAllowed = settings.AllowLog && positive;
        double scale = ForecastMetrics.SeasonalNaiveScale(y.AsSpan(0, plan.FitCount), Math.Min(season.Length, plan.FitCount - 1));
        if (!(scale > 0)) scale = 1;
        var fit = y.AsSpan(0, plan.FitCount);

        var scored = new List<(CandidateSpec Spec, IFittedForecaster Model, CvScore Score)>();
        foreach (var spec in CandidateTable.For(season.Length, alternative, logAllowed))
        {
            var clock = Stopwatch.StartNew();
            try
            {
                var model = spec.Method.Fit(fit, spec.Season);
                var score = CvScore.Of(spec.Name, y, plan, CvScore.PathsOf(model, y, plan), scale);
                scored.Add((spec, model, score));
                progress?.Invoke(string.Create(CultureInfo.InvariantCulture, $"candidate {scored.Count}: {score} ({clock.Elapsed.TotalSeconds:F1} s)"));
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException or ArithmeticException)
            {
                progress?.Invoke($"candidate {spec.Name} not scored: {e.Message}");
            }
        }
        var specs = scored.Select(s => s.Spec).ToList();
        (string Name, IReadOnlyList<string> Members)? combined = null;
        var ranked = scored.Where(s => double.IsFinite(s.Score.MultiStepMase)).OrderBy(s => s.Score.MultiStepMase).ToList();
        if (ranked.Count == 0) throw new ArgumentException("No statistical candidate gave finite cross-validation forecasts on the training part.", nameof(y));
        var candidates = scored.Select(s => s.Score).ToList();

        // the statistical choice: one candidate or the mean of a few (StatisticalChoice)
        var choice = StatisticalChoice.Choose(ranked.Select(r => r.Score).ToList(), settings.Choice,
            pool => CvScore.Of($"combination ({string.Join(", ", pool.Select(p => p.Name))})", y, plan, CvScore.MeanPaths(pool), scale));
        if (choice.Combination is { } combination)
        {
            candidates.Add(combination);
            combined = (combination.Name, choice.Combined!.Select(k => ranked[k].Spec.Name).ToList());
            progress?.Invoke($"combination: {combination}");
        }
        var members = choice.Members.Select(k => ranked[k]).ToList();
        var statistical = members.Count == 1 ? members[0].Score : choice.Combination!;
        string reason = choice.Reason;
        var chosenSeason = members[0].Spec.Season;
        var finalSeason = chosenSeason == season.Length ? season with { Alternative = alternative }
            : season with { Length = chosenSeason, Reason = season.Reason + $"; cross-validation chose season {chosenSeason} ({members[0].Spec.Name})" };
        progress?.Invoke($"statistical choice: {statistical.Name} ({reason})");

        var statModel = members.Count == 1 ? members[0].Model : new MeanCombination(members.Select(mb => mb.Model).ToList());
        var net = settings.Net ? NetCandidate(y, plan, statModel, statistical, members.Max(mb => mb.Spec.Season), scale, settings, progress) : null;
        return new SelectionReport(finalSeason, plan, candidates, statistical, reason, net, logAllowed) 
        {
            Members = members.Select(mb => mb.Spec).ToList(), Specs = specs, Combination = combined,
        };
    }

    /// <summary>Fewest values to fit a season-m model on: 2m + 8, at least 16.</summary>
    public static int MinFit(int m) => Math.Max(2 * m + 8, 16);

    /// <summary>The net's default look-back: max(m, 12), at most 60 and a third of the fit part, at least 4.</summary>
    public static int DefaultLookBack(int m, int fitCount) => Math.Max(4, Math.Min(Math.Min(Math.Max(m, 12), 60), fitCount / 3));

    /// <summary>
    /// Training origins for the net inside y[0..<paramref name="end"/>): every o from the first with a full window
    /// (and m values for the base's start-up) to end - 1 - H, strided to at most <see cref="DirectNet.MaxTrainingOrigins"/>
    /// (the latest kept); all targets y[o+1..o+H] lie before <paramref name="end"/>.
    /// </summary>
    public static int[] NetOrigins(int end, int horizon, int lookBack, int season)
    {
        int first = Math.Max(lookBack - 1, season), last = end - 1 - horizon;
        if (last < first) return [];
        int count = last - first + 1, stride = (count + DirectNet.MaxTrainingOrigins - 1) / DirectNet.MaxTrainingOrigins;
        return Enumerable.Range(0, (count + stride - 1) / stride).Select(k => last - k * stride).Reverse().ToArray();
    }

    /// <summary>
    /// Trains the net ensemble on windows of y[0..plan.FitCount) to correct <paramref name="statModel"/>'s paths and
    /// scores it at the CV origins against <paramref name="statistical"/> (null when the fit part has too few windows).
    /// </summary>
    internal static NetSelection? NetCandidate(double[] y, CvPlan plan, IFittedForecaster statModel, CvScore statistical, int season, double scale,
        ForecasterSettings settings, Action<string>? progress)
    {
        var clock = Stopwatch.StartNew();
        int H = plan.Horizon;
        var shape = new NetShape(settings.Cell ?? CellKind.Lstm, settings.Hidden ?? 8, settings.LookBack ?? DefaultLookBack(season, plan.FitCount));
        var all = NetOrigins(plan.FitCount, H, shape.LookBack, season);
        int validationCount = Math.Max(3, all.Length / 5);
        if (all.Length < validationCount + 8 + H) { progress?.Invoke($"no net: {all.Length} windows in the fit part are too few"); return null; }
        var validation = all[^validationCount..];
        var train = all.Where(o => o <= validation[0] - H).ToArray(); // no training target among the early-stopping windows' values
        var trainPaths = train.Select(o => statModel.Forecast(y.AsSpan(0, o + 1), H)).ToArray();
        var validationPaths = validation.Select(o => statModel.Forecast(y.AsSpan(0, o + 1), H)).ToArray();
        var nets = Enumerable.Range(0, Math.Max(1, settings.EnsembleSize))
            .Select(k => DirectNet.Train(shape, scale, y, (train, trainPaths), (validation, validationPaths), settings.MaxEpochs, settings.Seed + k)).ToList();
        var corrected = new double[plan.Origins.Length][];
        foreach (var net in nets)
        {
            var c = net.Correct(y, plan.Origins, statistical.Paths);
            for (int k = 0; k < c.Length; k++)
            {
                corrected[k] ??= new double[H];
                for (int h = 0; h < H; h++) corrected[k][h] += c[k][h] / nets.Count;
            }
        }
        var cv = CvScore.Of($"{statistical.Name} + direct {shape}", y, plan, corrected, scale);
        double t = PairedComparison.TStatistic(statistical.PerOrigin, cv.PerOrigin);
        bool used = cv.MultiStepMase < (1 - NetMargin) * statistical.MultiStepMase && t > NetMinimumT;
        string reason = string.Create(CultureInfo.InvariantCulture,
            $"net {(used ? "used" : "not used")}: CV MASE {cv.MultiStepMase:F3} with it, {statistical.MultiStepMase:F3} without " +
            $"({100 * (1 - cv.MultiStepMase / statistical.MultiStepMase):F1}% lower; paired t {t:F1}); the rule asks for at least {100 * NetMargin:F0}% lower and t > {NetMinimumT}");
        progress?.Invoke($"{reason} ({nets.Count} nets, {train.Length} windows, epochs {string.Join("/", nets.Select(x => x.Epochs))}, {clock.Elapsed.TotalSeconds:F1} s)");
        return new NetSelection(shape, train.Length, nets.Select(x => x.Epochs).ToArray(), cv, t, used, reason);
    }

    private static (HybridForecaster Final, List<(string Name, IFittedForecaster Model)> Refitted) Refit(double[] y, int trainCount, SelectionReport selection,
        ForecasterSettings settings, Action<string>? progress)
    {
        var clock = Stopwatch.StartNew();
        var training = y.AsSpan(0, trainCount);
        var refitted = new List<(string Name, IFittedForecaster Model)>();
        var byName = new Dictionary<string, IFittedForecaster>();
        foreach (var spec in selection.Specs)
        {
            try
            {
                var model = spec.Method.Fit(training, spec.Season);
                refitted.Add((spec.Name, model));
                byName[spec.Name] = model;
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException or ArithmeticException)
            {
                progress?.Invoke($"{spec.Name} not refitted on the training part: {e.Message}");
            }
        }
        if (selection.Combination is { } combination && combination.Members.All(byName.ContainsKey))
            refitted.Add((combination.Name, new MeanCombination(combination.Members.Select(name => byName[name]).ToList())));
        var members = selection.Members.Select(s => byName.TryGetValue(s.Name, out var model) ? model
            : throw new InvalidOperationException($"The chosen {s.Name} could not be refitted on the training part.")).ToList();
        IFittedForecaster stat = members.Count == 1 ? members[0] : new MeanCombination(members);
        var nets = new List<DirectNet>();
        if (selection.Net is { } net)
        {
            int H = selection.Plan.Horizon;
            var origins = NetOrigins(trainCount, H, net.Shape.LookBack, selection.Members.Max(s => s.Season));
            var paths = origins.Select(o => stat.Forecast(y.AsSpan(0, o + 1), H)).ToArray();
            double scale = ForecastMetrics.SeasonalNaiveScale(training, Math.Min(selection.Season.Length, trainCount - 1));
            if (!(scale > 0)) scale = 1;
            for (int k = 0; k < net.Epochs.Length; k++)
                nets.Add(net.Epochs[k] == 0 ? DirectNet.Untrained(net.Shape, H, scale, settings.Seed + k)
                    : DirectNet.Train(net.Shape, scale, y, (origins, paths), ([], []), net.Epochs[k], settings.Seed + k));
        }
        var final = new HybridForecaster(stat, nets, selection.Net?.Used ?? false);
        progress?.Invoke($"refitted {final} on the whole training part ({trainCount} values) in {clock.Elapsed.TotalSeconds:F1} s");
        return (final, refitted);
    }
}
