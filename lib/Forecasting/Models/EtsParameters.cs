using System.Globalization;

namespace RnnLstm.Forecasting.Models;

/// <summary>
/// The smoothing parameters of an ETS model, in the parameterisation of Hyndman et al. (2008) and R's forecast:
/// α for the level, β for the trend (β ≤ α: forecast's β is α·β* of Holt's form), γ for the season, φ the damping.
/// Unused ones are 0 (β, γ) or 1 (φ without damping).
/// </summary>
public sealed record EtsParameters(double Alpha, double Beta = 0, double Gamma = 0, double Phi = 1)
{
    /// <summary>Lower bound of α, β, γ (forecast's <c>lower</c>).</summary>
    public const double Lower = 1e-4;

    /// <summary>Upper bound of α, β, γ (forecast's <c>upper</c>).</summary>
    public const double Upper = 0.9999;

    /// <summary>Bounds of φ for a damped trend.</summary>
    public const double PhiLower = 0.8, PhiUpper = 0.98;

    /// <summary>
    /// The "usual" region of forecast's <c>bounds = "usual"</c>: 1e-4 ≤ α ≤ 0.9999, 1e-4 ≤ β ≤ α, 1e-4 ≤ γ ≤ 1 - α,
    /// 0.8 ≤ φ ≤ 0.98 (each only where <paramref name="spec"/> uses it).
    /// </summary>
    public bool IsUsual(EtsSpec spec) =>
        Alpha >= Lower && Alpha <= Upper
        && (!spec.HasTrend || (Beta >= Lower && Beta <= Alpha))
        && (!spec.HasSeason || (Gamma >= Lower && Gamma <= 1 - Alpha))
        && (spec.Trend != EtsTrend.Damped || (Phi >= PhiLower && Phi <= PhiUpper));

    /// <summary>e.g. "α 0.7512, β 0.0001, γ 0.0020, φ 0.9800" (only the ones used).</summary>
    public string Describe(EtsSpec spec)
    {
        var c = CultureInfo.InvariantCulture;
        var parts = new List<string> { string.Create(c, $"α {Alpha:0.0000}") };
        if (spec.HasTrend) parts.Add(string.Create(c, $"β {Beta:0.0000}"));
        if (spec.HasSeason) parts.Add(string.Create(c, $"γ {Gamma:0.0000}"));
        if (spec.Trend == EtsTrend.Damped) parts.Add(string.Create(c, $"φ {Phi:0.0000}"));
        return string.Join(", ", parts);
    }
}

/// <summary>
/// The state of an ETS model after some values: level l, trend b (0 without a trend) and the m season states, where
/// <c>Season[t % m]</c> is the state the value y_t (0-based t from the start of the series) uses and then updates.
/// The initial state x₀ is the state before y₀; its seasons are s_{1-m}..s₀ in that indexing.
/// </summary>
public sealed record EtsState(double Level, double Trend, double[] Season)
{
    /// <summary>A copy whose season array can be updated without changing this one.</summary>
    public EtsState Copy() => this with { Season = (double[])Season.Clone() };
}
