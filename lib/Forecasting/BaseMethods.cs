using RnnLstm.Forecasting.Models;

namespace RnnLstm.Forecasting;

/// <summary>
/// A <see cref="BaseKind"/> (a naive rule, or Holt-Winters with its variant chosen by the squared one-step error on
/// the span it is fitted on) behind <see cref="IForecastMethod"/>, so that cross-validation and the backtest treat it
/// like every other statistical method.
/// </summary>
public sealed class BaseMethod(BaseKind kind) : IForecastMethod
{
    /// <summary>The rule.</summary>
    public BaseKind Kind { get; } = kind;

    /// <inheritdoc/>
    public string Name => BaseForecaster.NameOf(Kind);

    /// <inheritdoc/>
    public IFittedForecaster Fit(ReadOnlySpan<double> y, int seasonLength) =>
        new FittedBase(BaseForecaster.Fit(Kind, y, y.Length, y.Length, seasonLength));
}

/// <summary>
/// A fitted <see cref="BaseForecaster"/>: its h-step point forecast is the one-step rule applied to the history
/// extended by its own earlier forecasts (for the naive rules and Holt-Winters this is exactly their h-step formula,
/// since a forecast fed back as a value has zero error and leaves the smoothing weights nothing to correct).
/// </summary>
public sealed class FittedBase(BaseForecaster model) : IFittedForecaster
{
    /// <summary>The fitted rule.</summary>
    public BaseForecaster Model { get; } = model;

    /// <inheritdoc/>
    public string Description => Model.Smoothing?.ToString() ?? Model.Name;

    /// <inheritdoc/>
    public double[] Forecast(ReadOnlySpan<double> history, int horizon)
    {
        if (history.Length < Model.Earliest)
            throw new ArgumentException($"{Model.Name} needs at least {Model.Earliest} values of history; got {history.Length}.", nameof(history));
        var extended = new double[history.Length + horizon];
        history.CopyTo(extended);
        var path = new double[horizon];
        for (int h = 0; h < horizon; h++)
        {
            int t = history.Length + h;
            path[h] = Model.Kind == BaseKind.HoltWinters ? Model.Smoothing!.OneStep(extended.AsSpan(0, t))[t] : Model.OneStep(extended.AsSpan(0, t))[t];
            extended[t] = path[h];
        }
        return path;
    }
}

/// <summary>
/// A method fitted on log y and forecast back with exp: û = exp(forecast of log y). Makes an additive model
/// multiplicative (a season or a trend proportional to the level). Every value fitted on must be positive.
/// </summary>
public sealed class LogMethod(IForecastMethod inner) : IForecastMethod
{
    /// <summary>The method on the log scale.</summary>
    public IForecastMethod Inner { get; } = inner;

    /// <inheritdoc/>
    public string Name => "log " + Inner.Name;

    /// <inheritdoc/>
    public IFittedForecaster Fit(ReadOnlySpan<double> y, int seasonLength) => new Fitted(Inner.Fit(Log(y), seasonLength));

    /// <summary>log of every value; throws naming the index when one is not positive.</summary>
    public static double[] Log(ReadOnlySpan<double> y)
    {
        var u = new double[y.Length];
        for (int i = 0; i < u.Length; i++)
        {
            if (!(y[i] > 0)) throw new ArgumentException($"The log needs positive values, but value {i} (0-based) is {y[i]}.", nameof(y));
            u[i] = Math.Log(y[i]);
        }
        return u;
    }

    private sealed class Fitted(IFittedForecaster inner) : IFittedForecaster
    {
        public string Description => "log " + inner.Description;

        public double[] Forecast(ReadOnlySpan<double> history, int horizon) => Array.ConvertAll(inner.Forecast(Log(history), horizon), Math.Exp);
    }
}

/// <summary>The mean of several fitted forecasters' paths, step by step: ŷ_h = (1/K) Σ_k ŷ_{k,h}.</summary>
public sealed class MeanCombination(IReadOnlyList<IFittedForecaster> members) : IFittedForecaster
{
    /// <summary>The forecasters averaged.</summary>
    public IReadOnlyList<IFittedForecaster> Members { get; } = members.Count > 0 ? members : throw new ArgumentException("A combination needs at least one member.", nameof(members));

    /// <inheritdoc/>
    public string Description => "mean of " + string.Join("; ", Members.Select(m => m.Description));

    /// <inheritdoc/>
    public double[] Forecast(ReadOnlySpan<double> history, int horizon)
    {
        var path = new double[horizon];
        foreach (var member in Members)
        {
            var p = member.Forecast(history, horizon);
            for (int h = 0; h < horizon; h++) path[h] += p[h] / Members.Count;
        }
        return path;
    }
}
