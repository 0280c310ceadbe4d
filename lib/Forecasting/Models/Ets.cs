namespace RnnLstm.Forecasting.Models;

/// <summary>
/// Exponential smoothing in state-space form (ETS) as an <see cref="IForecastMethod"/>: <see cref="Auto"/> chooses the
/// model by AICc each time it is fitted (<see cref="EtsAuto"/>); <see cref="Of(string)"/> fits one fixed model.
/// </summary>
public sealed class Ets : IForecastMethod
{
    private readonly string? _model;

    private Ets(string? model) => _model = model;

    /// <summary>Automatic ETS: every admissible model fitted, the smallest AICc kept.</summary>
    public static Ets Auto() => new(null);

    /// <summary>One fixed model, e.g. "ETS(M,Ad,M)" or "AAN"; the season length comes from <see cref="Fit"/>.</summary>
    public static Ets Of(string model)
    {
        EtsSpec.Parse(model); // fail now on a bad name, not at the first fit
        return new(model);
    }

    /// <inheritdoc/>
    public string Name => _model is null ? "ETS" : EtsSpec.Parse(_model).ToString();

    /// <inheritdoc/>
    public IFittedForecaster Fit(ReadOnlySpan<double> y, int seasonLength) => FitModel(y, seasonLength);

    /// <summary>As <see cref="Fit"/>, typed: the fitted <see cref="EtsModel"/> with its parameters and AICc.</summary>
    public EtsModel FitModel(ReadOnlySpan<double> y, int seasonLength) =>
        _model is null ? EtsAuto.Select(y, seasonLength) : EtsFit.Fit(EtsSpec.Parse(_model, seasonLength), y);
}
