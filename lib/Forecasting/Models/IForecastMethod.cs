namespace RnnLstm.Forecasting.Models;

/// <summary>
/// A statistical forecasting method before it is fitted: a naive rule, Holt-Winters, the exponential-smoothing
/// state-space family (ETS), the Theta method, a combination. The one small surface every model of this folder shares,
/// so that cross-validation, the backtest and the forecaster treat them alike.
/// </summary>
public interface IForecastMethod
{
    /// <summary>Short display name of the method, e.g. "ETS" or "Theta".</summary>
    string Name { get; }

    /// <summary>Fits the method on <paramref name="y"/> (every value known, oldest first).</summary>
    /// <param name="y">The values to fit on.</param>
    /// <param name="seasonLength">m: the season length, 1 for none.</param>
    IFittedForecaster Fit(ReadOnlySpan<double> y, int seasonLength);
}

/// <summary>A fitted model whose parameters stay fixed while it forecasts from any history.</summary>
public interface IFittedForecaster
{
    /// <summary>What was fitted, e.g. "ETS(M,Ad,M)" or "Theta (seasonally adjusted, m = 12)".</summary>
    string Description { get; }

    /// <summary>
    /// Point forecasts of the <paramref name="horizon"/> values after <paramref name="history"/>: the parameters held
    /// fixed, the states run over <paramref name="history"/> (which may be shorter or longer than the span fitted on).
    /// Result [horizon], step h = 1 at index 0.
    /// </summary>
    double[] Forecast(ReadOnlySpan<double> history, int horizon);
}
