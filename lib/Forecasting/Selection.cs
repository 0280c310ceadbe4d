using System.Globalization;
using RnnLstm.Cells;

namespace RnnLstm.Forecasting;

/// <summary>One candidate of the selection: a transform (log or not), the base forecast (which fixes the differencing
/// the net sees: persistence = lag-1, seasonal naive = seasonal, with drift = both) and, unless it is the base alone,
/// the net's shape.</summary>
public sealed record Candidate(bool Log, BaseKind Base, NetShape? Net)
{
    /// <inheritdoc/>
    public override string ToString() =>
        $"{(Log ? "log, " : "")}{BaseForecaster.NameOf(Base)}{(Net is null ? " alone" : $" + {Net}")}";
}

/// <summary>A candidate's validation result.</summary>
/// <param name="ValidationMae">One-step MAE over the validation origins, in the series' units.</param>
/// <param name="ValidationMase">The same over the MASE scale of the fit part.</param>
/// <param name="Epochs">Epochs kept by early stopping (0 for a base alone).</param>
/// <param name="Seconds">Wall time of training and scoring.</param>
public sealed record CandidateScore(Candidate Candidate, double ValidationMae, double ValidationMase, int Epochs, double Seconds)
{
    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Candidate}: validation MASE {ValidationMase:F3} (MAE {ValidationMae:G4}){(Epochs > 0 ? $", {Epochs} epochs" : "")}, {Seconds:F1} s");
}

/// <summary>What the selection tried and chose, all from the training part.</summary>
/// <param name="Season">The season used and why.</param>
/// <param name="FitCount">Values the candidates were fitted on (the training part minus the validation part).</param>
/// <param name="ValidationCount">Validation origins: the last values of the training part, each forecast one step ahead.</param>
/// <param name="Candidates">Every candidate scored, in the order tried.</param>
/// <param name="Winner">The chosen net candidate (always a net: the forecast comes from a trained network).</param>
/// <param name="EnsembleSize">Nets averaged (1, or 3 when a seed ensemble validated better).</param>
/// <param name="EnsembleValidationMase">The ensemble's validation MASE (null when not tried).</param>
/// <param name="LogAllowed">Whether log candidates were tried (every training value positive, and not switched off).</param>
public sealed record SelectionReport(SeasonFinding Season, int FitCount, int ValidationCount, IReadOnlyList<CandidateScore> Candidates,
    CandidateScore Winner, int EnsembleSize, double? EnsembleValidationMase, bool LogAllowed);
