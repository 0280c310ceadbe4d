namespace RnnLstm.Forecasting.Models;

/// <summary>One non-zero term c·B^lag of a lag polynomial.</summary>
public readonly record struct LagTerm(int Lag, double Coefficient);

/// <summary>
/// The lag polynomials of an ARIMA model: the product of a non-seasonal and a seasonal factor, kept sparse (only the
/// non-zero lags), the differencing operator (1 - B)^d (1 - B^m)^D, and the root test for stationarity and invertibility.
/// </summary>
public static class ArimaPolynomial
{
    /// <summary>
    /// The terms a_k of a(B) = a(B)·A(B^m) written as Σ_k a_k B^k for k ≥ 1, with
    /// a(z) = 1 + s Σ_i c_i z^i and A(z) = 1 + s Σ_j C_j z^j, s = <paramref name="sign"/>; the returned coefficients
    /// are divided by s again, so that for the AR side (s = -1) the recursion reads w_t = Σ_k a_k w_{t-k} + …,
    /// and for the MA side (s = +1) it reads … + Σ_k a_k e_{t-k}.
    /// </summary>
    /// <param name="c">Non-seasonal coefficients [p].</param>
    /// <param name="seasonal">Seasonal coefficients [P].</param>
    /// <param name="m">Season length.</param>
    /// <param name="sign">-1 for AR (1 - φ₁z - …), +1 for MA (1 + θ₁z + …).</param>
    public static LagTerm[] Expand(ReadOnlySpan<double> c, ReadOnlySpan<double> seasonal, int m, double sign)
    {
        var full = new double[c.Length + seasonal.Length * m + 1];
        for (int j = 0; j <= seasonal.Length; j++)
        {
            double a = j == 0 ? 1 : sign * seasonal[j - 1];
            for (int i = 0; i <= c.Length; i++)
            {
                double b = i == 0 ? 1 : sign * c[i - 1];
                full[i + j * m] += a * b;
            }
        }
        var terms = new List<LagTerm>();
        for (int k = 1; k < full.Length; k++)
            if (full[k] != 0) terms.Add(new LagTerm(k, full[k] * sign));
        return [.. terms];
    }

    /// <summary>The differencing operator (1 - B)^d (1 - B^m)^D as terms δ_k with y_t - Σ_k δ_k y_{t-k} = w_t.</summary>
    public static LagTerm[] Differencing(int d, int seasonalD, int m)
    {
        var poly = new double[] { 1 };
        for (int i = 0; i < d; i++) poly = Multiply(poly, 1);
        for (int i = 0; i < seasonalD; i++) poly = Multiply(poly, m);
        var terms = new List<LagTerm>();
        for (int k = 1; k < poly.Length; k++)
            if (poly[k] != 0) terms.Add(new LagTerm(k, -poly[k]));
        return [.. terms];

        static double[] Multiply(double[] a, int lag)
        {
            var r = new double[a.Length + lag];
            for (int i = 0; i < a.Length; i++) { r[i] += a[i]; r[i + lag] -= a[i]; }
            return r;
        }
    }

    /// <summary>w = the differenced y: w_i = y_{i+L} - Σ_k δ_k y_{i+L-k}, L = d + D·m. Result [n - L].</summary>
    public static double[] Difference(ReadOnlySpan<double> y, LagTerm[] delta, int lag)
    {
        int n = y.Length - lag;
        if (n <= 0) return [];
        var w = new double[n];
        for (int i = 0; i < n; i++)
        {
            double v = y[i + lag];
            foreach (var term in delta) v -= term.Coefficient * y[i + lag - term.Lag];
            w[i] = v;
        }
        return w;
    }

    /// <summary>
    /// True when every root of 1 - a₁z - … - a_k z^k lies outside the circle |z| = <paramref name="radius"/>
    /// (forecast's auto.arima rejects a fit whose smallest AR or MA root has modulus below 1.01). Tested by the
    /// Schur-Cohn step-down (reverse Levinson) recursion on the coefficients a_i·radius^i: every partial
    /// autocorrelation |κ_j| must be below 1. For an MA polynomial 1 + θ₁z + … pass -θ.
    /// </summary>
    public static bool RootsOutside(ReadOnlySpan<double> a, double radius = 1.01)
    {
        int k = a.Length;
        while (k > 0 && a[k - 1] == 0) k--;
        if (k == 0) return true;
        var c = new double[k];
        double r = 1;
        for (int i = 0; i < k; i++) { r *= radius; c[i] = a[i] * r; }
        for (int j = k - 1; j >= 0; j--)
        {
            double kappa = c[j];
            if (!(Math.Abs(kappa) < 1)) return false;
            double denominator = 1 - kappa * kappa;
            var next = new double[j];
            for (int i = 0; i < j; i++) next[i] = (c[i] + kappa * c[j - 1 - i]) / denominator;
            c = next;
        }
        return true;
    }
}
