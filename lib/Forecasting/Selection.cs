using System.Globalization;

namespace RnnLstm.Forecasting;

/// <summary>The net's part of the selection: how it did in cross-validation against the statistical choice, and whether it is used.</summary>
/// <param name="Shape">Cell, size, look-back.</param>
/// <param name="TrainingOrigins">Windows it was trained on (inside the fit part).</param>
/// <param name="Epochs">Epochs each seed's net kept (early stopping on the last windows of the fit part).</param>
/// <param name="Cv">The corrected paths' cross-validation score.</param>
/// <param name="TStatistic">Paired t of the per-origin MASE differences, statistical choice minus net (positive: the net better).</param>
/// <param name="Used">Whether the net is part of the model.</param>
/// <param name="Reason">One sentence: the rule and the numbers.</param>
public sealed record NetSelection(NetShape Shape, int TrainingOrigins, int[] Epochs, CvScore Cv, double TStatistic, bool Used, string Reason);

/// <summary>What the selection tried and chose, all from the training part.</summary>
/// <param name="Season">The season used and why.</param>
/// <param name="Plan">The cross-validation origins and the fit part.</param>
/// <param name="Candidates">Every statistical candidate's CV score, in table order, then the combination.</param>
/// <param name="Statistical">The statistical choice (a candidate or the combination).</param>
/// <param name="StatisticalReason">Why it was chosen.</param>
/// <param name="Net">The net's comparison (null when the training part is too short to train one).</param>
/// <param name="LogAllowed">Whether log candidates were tried (every training value positive, and not switched off).</param>
public sealed record SelectionReport(SeasonFinding Season, CvPlan Plan, IReadOnlyList<CvScore> Candidates, CvScore Statistical,
    string StatisticalReason, NetSelection? Net, bool LogAllowed)
{
    /// <summary>The chosen model's CV score (with the net when it is used).</summary>
    public CvScore Chosen => Net is { Used: true } n ? n.Cv : Statistical;

    /// <summary>The candidates the statistical choice is made of (one, or the combination's members).</summary>
    public IReadOnlyList<CandidateSpec> Members { get; init; } = [];
    /// <summary>Every candidate scored (refitted on the whole training part for the test scores).</summary>
    public IReadOnlyList<CandidateSpec> Specs { get; init; } = [];
    /// <summary>The combination's name and its members' names (null with fewer than two finite candidates).</summary>
    public (string Name, IReadOnlyList<string> Members)? Combination { get; init; }

    /// <summary>Values the candidates were fitted on for cross-validation.</summary>
    public int FitCount => Plan.FitCount;

    /// <inheritdoc/>
    public override string ToString() => string.Join(Environment.NewLine, Candidates.Select(c => c.ToString())
        .Append(string.Create(CultureInfo.InvariantCulture, $"statistical choice: {Statistical.Name} ({StatisticalReason})"))
        .Append(Net?.Reason ?? "no net: the training part is too short for its windows"));
}
