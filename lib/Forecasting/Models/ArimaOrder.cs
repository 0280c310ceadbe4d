using System.Globalization;

namespace RnnLstm.Forecasting.Models;

/// <summary>
/// The order of a seasonal ARIMA(p,d,q)(P,D,Q)_m model with an optional constant:
/// <code>
/// φ(B) Φ(B^m) (w_t - μ) = θ(B) Θ(B^m) e_t,     w_t = (1 - B)^d (1 - B^m)^D y_t
/// φ(z) = 1 - φ₁z - … - φ_p z^p,   Φ(z) = 1 - Φ₁z - … - Φ_P z^P,   θ(z) = 1 + θ₁z + … + θ_q z^q,   Θ likewise
/// </code>
/// (R's sign convention). The constant μ is the mean of w: with d + D = 0 it is the mean of y, with d + D = 1 it is
/// the drift per step (times m when D = 1), as forecast's <c>Arima(include.drift = TRUE)</c>. With d + D ≥ 2 no
/// constant is allowed (it would be a quadratic or higher trend).
/// </summary>
/// <param name="P">Seasonal AR order (the "P" of (P,D,Q)).</param>
/// <param name="D">Seasonal differences.</param>
/// <param name="Q">Seasonal MA order.</param>
/// <param name="SeasonLength">m; 1 when the model has no seasonal part.</param>
/// <param name="Constant">Whether μ is estimated (else μ = 0).</param>
public sealed record ArimaOrder(int p, int d, int q, int P = 0, int D = 0, int Q = 0, int SeasonLength = 1, bool Constant = false)
{
    /// <summary>True when the model has a seasonal part (P, D or Q &gt; 0 with m &gt; 1).</summary>
    public bool IsSeasonal => SeasonLength > 1 && (P > 0 || D > 0 || Q > 0);

    /// <summary>Number of ARMA coefficients and the constant: p + q + P + Q + [μ] (forecast's <c>npar</c> less σ²).</summary>
    public int CoefficientCount => p + q + P + Q + (Constant ? 1 : 0);

    /// <summary>Values lost to differencing: d + D·m.</summary>
    public int DifferencingLag => d + D * SeasonLength;

    /// <summary>Largest lag of the expanded AR polynomial φ(B)Φ(B^m): p + P·m.</summary>
    public int ExpandedAr => p + P * SeasonLength;

    /// <summary>Largest lag of the expanded MA polynomial: q + Q·m.</summary>
    public int ExpandedMa => q + Q * SeasonLength;

    /// <summary>Throws when an order is negative, m &lt; 1, a seasonal term is set with m = 1, or a constant is asked with d + D ≥ 2.</summary>
    public void Validate()
    {
        if (p < 0 || d < 0 || q < 0 || P < 0 || D < 0 || Q < 0)
            throw new ArgumentException($"ARIMA orders must be ≥ 0; got {this}.");
        if (SeasonLength < 1) throw new ArgumentException($"The season length must be ≥ 1; got {SeasonLength}.");
        if (SeasonLength == 1 && (P > 0 || D > 0 || Q > 0))
            throw new ArgumentException($"A seasonal part (P, D, Q) = ({P}, {D}, {Q}) needs a season length m > 1.");
        if (Constant && d + D >= 2)
            throw new ArgumentException($"A constant with d + D = {d + D} ≥ 2 is not allowed (it would be a polynomial trend of degree {d + D}).");
    }

    /// <summary>As forecast prints it, e.g. "ARIMA(0,1,1)(0,1,1)[12]" or "ARIMA(1,1,0) with drift".</summary>
    public override string ToString()
    {
        var s = string.Create(CultureInfo.InvariantCulture, $"ARIMA({p},{d},{q})");
        if (IsSeasonal) s += string.Create(CultureInfo.InvariantCulture, $"({P},{D},{Q})[{SeasonLength}]");
        if (Constant) s += d + D == 0 ? " with non-zero mean" : " with drift";
        return s;
    }
}
