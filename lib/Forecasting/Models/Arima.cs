namespace RnnLstm.Forecasting.Models;

/// <summary>
/// Seasonal ARIMA as an <see cref="IForecastMethod"/>: <see cref="Auto"/> chooses the order at each fit
/// (<see cref="ArimaAuto"/>, as forecast's auto.arima); <see cref="Of"/> fits one fixed order by CSS (<see cref="ArimaFit"/>).
/// </summary>
public sealed class Arima : IForecastMethod
{
    private readonly ArimaOrder? _order;

    private Arima(ArimaOrder? order) => _order = order;

    /// <summary>Automatic ARIMA: d, D by tests, (p, q, P, Q) and the constant by a stepwise AICc search.</summary>
    public static Arima Auto() => new(null);

    /// <summary>One fixed order; a seasonal order takes its season length from <see cref="Fit"/>.</summary>
    public static Arima Of(ArimaOrder order)
    {
        ArgumentNullException.ThrowIfNull(order);
        order.Validate(); // fail now on a bad order, not at the first fit
        return new(order);
    }

    /// <inheritdoc/>
    public string Name => _order is null ? "ARIMA" : _order.ToString();

    /// <inheritdoc/>
    public IFittedForecaster Fit(ReadOnlySpan<double> y, int seasonLength) => FitModel(y, seasonLength);

    /// <summary>As <see cref="Fit"/>, typed: the fitted <see cref="ArimaModel"/> with its coefficients and AICc.</summary>
    public ArimaModel FitModel(ReadOnlySpan<double> y, int seasonLength)
    {
        if (_order is null) return ArimaAuto.Select(y, seasonLength);
        var order = _order.P + _order.D + _order.Q > 0 ? _order with { SeasonLength = seasonLength } : _order;
        return ArimaFit.Fit(order, y);
    }
}
