using System.Globalization;

namespace RnnLstm.Forecasting.Models;

/// <summary>
/// A fitted ETS model: the spec, the smoothing parameters and the initial state x₀, with the fit's likelihood and
/// information criteria. Internally the series is divided by <see cref="Scale"/> (the mean |y| of the values fitted on)
/// so that magnitudes from 1e-300 to 1e300 run in the same floating-point range; every public number is in the units of
/// the data.
/// </summary>
/// <param name="Spec">Which member of the family.</param>
/// <param name="Parameters">α, β, γ, φ.</param>
/// <param name="ScaledInitial">x₀ in units of y / <see cref="Scale"/> (multiplicative seasons are unitless).</param>
/// <param name="Scale">c: the recursions run on y / c.</param>
/// <param name="Count">n: how many values were fitted on.</param>
/// <param name="Likelihood">L = n·log(Σe²) (+ 2Σlog|ŷ| for M errors), in the units of the data (as forecast reports it); -∞ for the
/// exact fit of a constant series or a single value, +∞ when no fit was possible (then the forecast is persistence).</param>
/// <param name="SumSquaredErrors">Σe² of the fit in units of y / c (A errors) or relative (M errors).</param>
/// <param name="Note">Why a simpler model than asked was used, if one was (empty otherwise).</param>
public sealed record EtsModel(EtsSpec Spec, EtsParameters Parameters, EtsState ScaledInitial, double Scale, int Count,
    double Likelihood, double SumSquaredErrors, string Note = "") : IFittedForecaster
{
    /// <summary>k + 1: the free parameters and initial states, plus σ (forecast's <c>np</c>).</summary>
    public int ParameterCount => Spec.FreeParameterCount + 1;

    /// <summary>AIC = L + 2k (with k = <see cref="ParameterCount"/>).</summary>
    public double Aic => Likelihood + 2 * ParameterCount;

    /// <summary>AICc = AIC + 2k(k + 1)/(n - k - 1); +∞ when n ≤ k + 1.</summary>
    public double Aicc => Count - ParameterCount - 1 > 0 ? Aic + 2.0 * ParameterCount * (ParameterCount + 1) / (Count - ParameterCount - 1) : double.PositiveInfinity;

    /// <summary>BIC = L + k·log n.</summary>
    public double Bic => Likelihood + ParameterCount * Math.Log(Count);

    /// <summary>σ² = Σe²/(n - k) of the one-step errors, in the units of the data for A errors (relative for M errors).</summary>
    public double Sigma2 => SumSquaredErrors / Math.Max(1, Count - ParameterCount) * (Spec.Error == EtsError.Additive ? Scale * Scale : 1);

    /// <summary>x₀ in the units of the data: l₀, b₀ and additive seasons times the scale; multiplicative seasons as they are.</summary>
    public EtsState Initial => new(ScaledInitial.Level * Scale, ScaledInitial.Trend * Scale,
        Spec.Season == EtsSeason.Multiplicative ? (double[])ScaledInitial.Season.Clone() : Array.ConvertAll(ScaledInitial.Season, s => s * Scale));

    /// <summary>
    /// True for the models with additive errors, additive or no trend and additive or no season: class 1 of Hyndman et
    /// al. (2008, ch. 6), whose h-step forecast variance has the closed form of <see cref="ForecastVariance"/>.
    /// </summary>
    public bool IsClassOne => Spec.Error == EtsError.Additive && Spec.Season != EtsSeason.Multiplicative;

    /// <summary>
    /// The variance of the h-step forecast error for h = 1..<paramref name="horizon"/> (index h - 1), in squared units
    /// of the data, for class-1 models (<see cref="IsClassOne"/>); null for the others. Hyndman et al. (2008), table 6.1:
    /// <code>
    /// v_h = σ² (1 + Σ_{j=1}^{h-1} c_j²),   c_j = α + β (φ + φ² + … + φ^j) + γ [j mod m = 0]
    /// </code>
    /// (φ = 1 without damping, β = 0 without a trend, γ = 0 without a season).
    /// </summary>
    public double[]? ForecastVariance(int horizon)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(horizon);
        if (!IsClassOne) return null;
        var p = Parameters;
        double phi = Spec.Trend == EtsTrend.Damped ? p.Phi : 1, beta = Spec.HasTrend ? p.Beta : 0, gamma = Spec.HasSeason ? p.Gamma : 0;
        var v = new double[horizon];
        double sum = 1, phiSum = 0, phiPower = 1;
        for (int h = 1; h <= horizon; h++)
        {
            v[h - 1] = Sigma2 * sum;
            phiPower *= phi;
            phiSum += phiPower; // φ + … + φ^h, the c_h of the next step
            double c = p.Alpha + beta * phiSum + (Spec.HasSeason && h % Spec.M == 0 ? gamma : 0);
            sum += c * c;
        }
        return v;
    }

    /// <inheritdoc/>
    public string Description
    {
        get
        {
            string text = string.Create(CultureInfo.InvariantCulture, $"{Spec} ({Parameters.Describe(Spec)}; AICc {Aicc:0.##})");
            return Note.Length == 0 ? text : $"{text}; {Note}";
        }
    }

    /// <summary>
    /// The state after running the fitted recursions from x₀ over <paramref name="history"/> (in units of y / c), or
    /// null when the recursions leave the model's region (e.g. a multiplicative model meets a non-positive value).
    /// </summary>
    public EtsState? ScaledStateAfter(ReadOnlySpan<double> history)
    {
        var scaled = new double[history.Length];
        for (int t = 0; t < history.Length; t++) scaled[t] = history[t] / Scale;
        var pass = EtsRecursions.Run(Spec, Parameters, ScaledInitial, scaled);
        return pass.Valid ? pass.Final : null;
    }

    /// <summary>
    /// The h-step mean forecasts after <paramref name="history"/> (the series from its first value, which may end
    /// before or after the values fitted on), parameters and x₀ fixed as forecast's <c>ets(y, model = fit,
    /// use.initial.values = TRUE)</c>. Where the recursions cannot run over <paramref name="history"/> or give a
    /// non-finite number, the forecast is the last value (persistence), never NaN.
    /// </summary>
    public double[] Forecast(ReadOnlySpan<double> history, int horizon)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(horizon);
        if (history.IsEmpty) throw new ArgumentException("An ETS forecast needs at least one value of history.", nameof(history));
        var state = ScaledStateAfter(history);
        double[] f = state is null ? [] : EtsRecursions.Forecast(Spec, Parameters, state, history.Length, horizon);
        for (int h = 0; h < f.Length; h++) f[h] *= Scale;
        if (state is null || f.Any(v => !double.IsFinite(v)))
        {
            f = new double[horizon];
            Array.Fill(f, history[^1]);
        }
        return f;
    }

    /// <inheritdoc/>
    public override string ToString() => Description;
}
