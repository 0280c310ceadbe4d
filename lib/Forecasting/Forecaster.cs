using System.Diagnostics;
using System.Globalization;
using RnnLstm.Cells;
using RnnLstm.Series;

namespace RnnLstm.Forecasting;

/// <summary>What <see cref="Forecaster.Run"/> may choose from, and how far to forecast.</summary>
public sealed record ForecasterSettings
{
    /// <summary>Leading part of the series used for training and selection; the rest is the test part.</summary>
    public double TrainFraction { get; init; } = 0.67;
    /// <summary>K: steps forecast past the end, and the longest step of the backtest.</summary>
    public int Horizon { get; init; } = 12;
    /// <summary>Every random choice (weights, shuffling, ensemble seeds) flows from it.</summary>
    public int Seed { get; init; } = 1;
    /// <summary>Season length given by the user (null: detect from the training part).</summary>
    public SeasonFinding? Season { get; init; }
    /// <summary>Restrict the look-back to this value (null: choose).</summary>
    public int? LookBack { get; init; }
    /// <summary>Restrict the hidden units to this value (null: choose).</summary>
    public int? Hidden { get; init; }
    /// <summary>Restrict the cell (null: choose between LSTM and GRU).</summary>
    public CellKind? Cell { get; init; }
    /// <summary>Most epochs per net; early stopping on the validation loss usually ends sooner.</summary>
    public int MaxEpochs { get; init; } = 100;
    /// <summary>Whether log candidates may be tried (only when every training value is positive).</summary>
    public bool AllowLog { get; init; } = true;

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"train fraction {TrainFraction}, horizon {Horizon}, seed {Seed}, max {MaxEpochs} epochs") +
        (Season is { } s ? $", season {s.Length}" : "") + (LookBack is int l ? $", look-back {l}" : "") +
        (Hidden is int h ? $", hidden {h}" : "") + (Cell is CellKind c ? $", cell {c}" : "") + (AllowLog ? "" : ", no log");
}

/// <summary>One method's errors on the test points, in the series' units (MASE over the training part's seasonal-naive MAE).</summary>
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
    /// <summary>What was tried on the training part and chosen.</summary>
    public required SelectionReport Selection { get; init; }
    /// <summary>The chosen model, refitted on the whole training part.</summary>
    public required HybridForecaster Model { get; init; }
    /// <summary>The Holt-Winters baseline fitted on the training part.</summary>
    public required HoltWintersModel HoltWinters { get; init; }
    /// <summary>Test target indices (every index of the test part).</summary>
    public required int[] TestTargets { get; init; }
    /// <summary>One-step test forecasts per method (model first), in the series' units.</summary>
    public required IReadOnlyDictionary<string, double[]> TestForecasts { get; init; }
    /// <summary>Test scores, the model first, then the baselines.</summary>
    public required IReadOnlyList<MethodScore> Scores { get; init; }
    /// <summary>The MASE denominator: the seasonal-naive MAE on the training part.</summary>
    public required double MaseScale { get; init; }
    /// <summary>The multi-step backtest over the test part (null when the test part is shorter than the horizon).</summary>
    public required BacktestResult? Backtest { get; init; }
    /// <summary>The model's forecast for the <see cref="ForecasterSettings.Horizon"/> values after the data.</summary>
    public required double[] Future { get; init; }
    /// <summary>Dates of <see cref="Future"/> (null without dates).</summary>
    public required DateTime[]? FutureDates { get; init; }
    /// <summary>Wall time of the whole run.</summary>
    public required TimeSpan Elapsed { get; init; }

    /// <summary>The model's test score.</summary>
    public MethodScore ModelScore => Scores[0];
    /// <summary>A method's test score by name, or null.</summary>
    public MethodScore? Score(string name) => Scores.FirstOrDefault(s => s.Name == name);
    /// <summary>The baseline with the lowest test MASE among the naive ones (not Holt-Winters).</summary>
    public MethodScore BestNaive => Scores.Skip(1).Where(s => s.Name != Forecaster.HoltWintersName).MinBy(s => s.Mase)!;

    /// <inheritdoc/>
    public override string ToString() => string.Join(Environment.NewLine, Scores.Select(s => s.ToString()));
}

/// <summary>
/// The forecaster that the CLI (<c>forecast</c>, <c>forecast-suite</c>) and LSTM.ipynb share: chooses a model on
/// the training part alone, then scores it and the baselines on the test part.
/// </summary>
/// <remarks>
/// The walk: training part (first <see cref="ForecasterSettings.TrainFraction"/>) → season from its ACF → split into
/// a fit part and a validation part (its last 20%, at least 4 values) → every candidate fitted on the fit part and
/// forecast one step ahead from each validation origin → the best net (plus a seed ensemble if that validates
/// better) → refitted on the whole training part with the epochs early stopping chose → one-step forecasts of every
/// test value, a multi-step backtest from rolling origins in the test part, and the forecast past the end.
/// No step before the scoring reads a test value.
/// </remarks>
public static class Forecaster
{
    /// <summary>The Holt-Winters baseline's name in <see cref="ForecastReport.Scores"/>.</summary>
    public const string HoltWintersName = "Holt-Winters";
    /// <summary>The model's name in <see cref="ForecastReport.Scores"/>.</summary>
    public const string ModelName = "model";

    /// <summary>Chooses, fits and scores a forecaster for <paramref name="series"/>.</summary>
    /// <param name="progress">One line per candidate and stage.</param>
    public static ForecastReport Run(TimeSeries series, ForecasterSettings settings, Action<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(settings);
        var clock = Stopwatch.StartNew();
        int trainCount = (int)Math.Floor(series.Count * settings.TrainFraction);
        series = series.RefillWithin(trainCount); // no training value filled from the test part
        var y = series.Values;
        int n = y.Length;
        if (trainCount < 24 || n - trainCount < 2)
            throw new ArgumentException($"{series.Name}: {n} values give {trainCount} training and {n - trainCount} test values; the forecaster needs at least 24 and 2.", nameof(series));
        var training = y.AsSpan(0, trainCount);
        var season = settings.Season ?? SeasonDetection.Detect(training, series.SeasonLength);
        int m = season.Length;
        if (trainCount < 2 * m + 8) season = season with { Length = m = 1, Reason = season.Reason + $"; too few training values for season {season.Length}, so none is used" };
        progress?.Invoke(season.Reason);

        var selection = Select(y, trainCount, season, settings, progress);
        var final = Refit(y, trainCount, selection, settings, progress);

        var targets = Enumerable.Range(trainCount, n - trainCount).ToArray();
        double scale = ForecastMetrics.SeasonalNaiveScale(training, m);
        if (!(scale > 0)) scale = 1;
        var hw = BaseForecaster.Fit(BaseKind.HoltWinters, y, trainCount, trainCount, m);
        var methods = new List<(string Name, Func<double[], double> Next)> { (ModelName, final.Next) };
        foreach (var kind in BaseForecaster.KindsFor(m).Where(k => k != BaseKind.HoltWinters))
        {
            var b = new BaseForecaster(kind, m);
            methods.Add((b.Name, v => b.OneStep(v)[^1]));
        }
        methods.Add((HoltWintersName, v => hw.Smoothing!.OneStep(v)[^1]));

        var forecasts = new Dictionary<string, double[]> { [ModelName] = final.OneStep(y, targets) };
        foreach (var kind in BaseForecaster.KindsFor(m))
        {
            var b = kind == BaseKind.HoltWinters ? hw : new BaseForecaster(kind, m);
            var f = b.OneStep(y);
            forecasts[kind == BaseKind.HoltWinters ? HoltWintersName : b.Name] = targets.Select(t => f[t]).ToArray();
        }
        var actual = targets.Select(t => y[t]).ToArray();
        var scores = forecasts.Select(p => new MethodScore(p.Key, Metrics.Rmse(actual, p.Value), Metrics.Mae(actual, p.Value),
            ForecastMetrics.Mase(actual, p.Value, scale), ForecastMetrics.Smape(actual, p.Value))).ToList();

        var origins = Backtest.Origins(trainCount, n, settings.Horizon);
        progress?.Invoke($"backtest: {origins.Length} origins × {settings.Horizon} steps");
        var backtest = origins.Length > 0 ? Backtest.Run(y, origins, settings.Horizon, scale, methods) : null;
        var future = settings.Horizon > 0 ? Backtest.Recursive(final.Next, y, n - 1, settings.Horizon) : [];
        return new ForecastReport
        {
            Series = series, Settings = settings, TrainCount = trainCount, Selection = selection, Model = final, HoltWinters = hw.Smoothing!,
            TestTargets = targets, TestForecasts = forecasts, Scores = scores, MaseScale = scale, Backtest = backtest, Future = future,
            FutureDates = series.DatesAfter(settings.Horizon), Elapsed = clock.Elapsed,
        };
    }

    /// <summary>The selection alone: every candidate fitted on the fit part and scored on the validation part (both inside the first <paramref name="trainCount"/> values).</summary>
    public static SelectionReport Select(double[] y, int trainCount, SeasonFinding season, ForecasterSettings settings, Action<string>? progress = null)
    {
        int m = season.Length;
        int validationCount = Math.Max(4, (int)Math.Round(0.2 * trainCount));
        int fitCount = trainCount - validationCount;
        var training = y.AsSpan(0, trainCount);
        bool positive = true;
        foreach (double v in training) positive &= v > 0;
        bool logAllowed = settings.AllowLog && positive;
        double scale = ForecastMetrics.SeasonalNaiveScale(training[..fitCount], Math.Min(m, fitCount - 1));
        if (!(scale > 0)) scale = 1;
        var validation = Enumerable.Range(fitCount, validationCount).ToArray();
        var actual = validation.Select(t => y[t]).ToArray();
        var scored = new List<CandidateScore>();
        var trainingValues = training.ToArray();

        // Stage 1: each base alone (log or not), on the same validation origins.
        var bases = new Dictionary<(bool, BaseKind), BaseForecaster>();
        foreach (bool log in logAllowed ? new[] { false, true } : [false])
        {
            var u = HybridForecaster.ToUnits(log, trainingValues);
            foreach (var kind in BaseForecaster.KindsFor(m))
            {
                var clock = Stopwatch.StartNew();
                var b = BaseForecaster.Fit(kind, u, fitCount, trainCount, m);
                bases[(log, kind)] = b;
                var f = b.OneStep(u);
                var forecast = validation.Select(t => log ? Math.Exp(f[t]) : f[t]).ToArray();
                Add(new Candidate(log, kind, null), forecast, 0, clock.Elapsed);
            }
        }

        // Stage 2: nets on the two best bases, over look-backs; stage 3: the best net's size and cell varied.
        var topBases = scored.OrderBy(s => s.ValidationMae).Select(s => (s.Candidate.Log, s.Candidate.Base)).Take(2).ToList();
        int hidden = settings.Hidden ?? 8;
        var cell = settings.Cell ?? CellKind.Lstm;
        var lookBacks = settings.LookBack is int l ? [l] : LookBacks(m, fitCount);
        var nets = new List<(CandidateScore Score, CorrectionNet Net)>();
        foreach (var (log, kind) in topBases)
            foreach (int lookBack in lookBacks)
                nets.Add(TrainCandidate(new Candidate(log, kind, new NetShape(cell, hidden, lookBack)), settings.Seed));
        var best = nets.MinBy(c => c.Score.ValidationMae);
        var variations = new List<NetShape>();
        var shape = best.Score.Candidate.Net!;
        if (settings.Hidden is null) variations.AddRange([shape with { Hidden = 4 }, shape with { Hidden = 16 }]);
        if (settings.Cell is null) variations.Add(shape with { Cell = CellKind.Gru });
        foreach (var variation in variations)
            nets.Add(TrainCandidate(best.Score.Candidate with { Net = variation }, settings.Seed));
        best = nets.MinBy(c => c.Score.ValidationMae);

        // Stage 4: a seed ensemble of the winner, kept if its mean correction validates better.
        var winner = best.Score.Candidate;
        var members = new List<CorrectionNet> { best.Net };
        var ensembleClock = Stopwatch.StartNew();
        for (int k = 1; k < 3; k++) members.Add(TrainNet(winner, settings.Seed + k));
        var ensemble = new HybridForecaster(winner.Log, bases[(winner.Log, winner.Base)], members);
        var ensembleForecast = ensemble.OneStep(trainingValues, validation);
        double ensembleMase = Metrics.Mae(actual, ensembleForecast) / scale;
        int ensembleSize = ensembleMase < best.Score.ValidationMase ? 3 : 1;
        progress?.Invoke(string.Create(CultureInfo.InvariantCulture,
            $"seed ensemble of 3: validation MASE {ensembleMase:F3} against {best.Score.ValidationMase:F3} for one net: {(ensembleSize == 3 ? "kept" : "not kept")} ({ensembleClock.Elapsed.TotalSeconds:F1} s)"));
        return new SelectionReport(season, fitCount, validationCount, scored, best.Score, ensembleSize, ensembleMase, logAllowed);

        (CandidateScore, CorrectionNet) TrainCandidate(Candidate candidate, int seed)
        {
            var clock = Stopwatch.StartNew();
            var net = TrainNet(candidate, seed);
            var forecast = new HybridForecaster(candidate.Log, bases[(candidate.Log, candidate.Base)], [net]).OneStep(trainingValues, validation);
            return (Add(candidate, forecast, net.Epochs, clock.Elapsed), net);
        }

        CorrectionNet TrainNet(Candidate candidate, int seed)
        {
            var b = bases[(candidate.Log, candidate.Base)];
            var u = HybridForecaster.ToUnits(candidate.Log, trainingValues);
            var f = b.OneStep(u);
            int first = b.Earliest + candidate.Net!.LookBack;
            var fitTargets = Enumerable.Range(first, Math.Max(0, fitCount - first)).ToArray();
            return CorrectionNet.Train(candidate.Net, u, f, fitTargets, validation, settings.MaxEpochs, seed);
        }

        CandidateScore Add(Candidate candidate, double[] forecast, int epochs, TimeSpan elapsed)
        {
            double mae = Metrics.Mae(actual, forecast);
            if (!double.IsFinite(mae)) mae = double.PositiveInfinity;
            var score = new CandidateScore(candidate, mae, mae / scale, epochs, elapsed.TotalSeconds);
            scored.Add(score);
            progress?.Invoke($"candidate {scored.Count}: {score}");
            return score;
        }
    }

    /// <summary>The look-backs tried: 4, one season and two seasons (m = 1: 4 and 12), each leaving enough training windows.</summary>
    public static int[] LookBacks(int m, int fitCount)
    {
        int[] wanted = m > 1 ? [4, m, 2 * m] : [4, 12];
        var ok = wanted.Distinct().Where(l => l <= Math.Max(4, fitCount / 4) && l <= 60).ToArray();
        return ok.Length > 0 ? ok : [4];
    }

    private static HybridForecaster Refit(double[] y, int trainCount, SelectionReport selection, ForecasterSettings settings, Action<string>? progress)
    {
        var clock = Stopwatch.StartNew();
        var winner = selection.Winner.Candidate;
        var u = HybridForecaster.ToUnits(winner.Log, y.AsSpan(0, trainCount));
        var b = BaseForecaster.Fit(winner.Base, u, selection.FitCount, trainCount, selection.Season.Length);
        // the Holt-Winters variant was chosen on validation; its parameters are now refitted on the whole training part
        if (b.Smoothing is { } s) b = b with { Smoothing = HoltWinters.Fit(u, s.Trend, s.Season, s.SeasonLength) };
        var f = b.OneStep(u);
        int first = b.Earliest + winner.Net!.LookBack;
        var targets = Enumerable.Range(first, trainCount - first).ToArray();
        var nets = Enumerable.Range(0, selection.EnsembleSize)
            .Select(k => CorrectionNet.Train(winner.Net, u, f, targets, [], selection.Winner.Epochs, settings.Seed + k)).ToList();
        progress?.Invoke($"refitted {winner} on the whole training part ({trainCount} values, {selection.Winner.Epochs} epochs, {nets.Count} net(s)) in {clock.Elapsed.TotalSeconds:F1} s");
        return new HybridForecaster(winner.Log, b, nets);
    }
}
