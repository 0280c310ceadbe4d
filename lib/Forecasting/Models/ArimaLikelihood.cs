namespace RnnLstm.Forecasting.Models;

/// <summary>
/// The exact Gaussian likelihood of an ARMA on the differenced series by the Kalman filter (Gardner, Harvey and
/// Phillips 1980, as R's <c>arima(method = "ML")</c>), with σ² concentrated out.
/// </summary>
/// <remarks>
/// State α_t [r], r = max(p', q' + 1), p' and q' the expanded AR and MA orders (a_k, b_k as in <see cref="ArimaCss"/>):
/// <code>
/// x_t = w_t - μ = Z α_t,   Z = (1, 0, …, 0)
/// α_{t+1} = T α_t + R e_{t+1},   T = [a | I_{r-1}; a_r 0]  (first column a_1..a_r, identity above the diagonal),   R = (1, b_1, …, b_{r-1})ᵀ
/// P_0 = T P_0 Tᵀ + R Rᵀ         (the stationary state variance, σ² = 1; closed form without AR terms, else by doubling)
/// v_t = x_t - Z a_t,  F_t = Z P_t Zᵀ,  a ← T (a + P Zᵀ v / F),  P ← T (P - P Zᵀ Z P / F) Tᵀ + R Rᵀ
///                                                    = (P - P Zᵀ Z P / F) shifted up and left by one + R Rᵀ
/// σ̂² = (1/n) Σ v_t² / F_t,    -2 log L = n (log(2π σ̂²) + 1) + Σ log F_t
/// </code>
/// n is the number of differenced values. The cost is O(n r²) per evaluation: meant for refining one model, not
/// for the search on long seasonal series.
/// </remarks>
public static class ArimaLikelihood
{
    /// <summary>Largest change of P between steps below which the filter is taken as steady.</summary>
    public const double SteadyTolerance = 1e-10;

    /// <summary>-2 log L of <paramref name="w"/> (differenced, scaled) and σ̂²; (∞, NaN) when not stationary or the filter fails.</summary>
    public static (double Minus2LogL, double Sigma2) Evaluate(ArimaCoefficients coefficients, ReadOnlySpan<double> w)
    {
        var (minus2LogL, sigma2, _) = Filter(coefficients, w);
        return (minus2LogL, sigma2);
    }

    /// <summary>
    /// The forecasts x̂_{n+h} + μ [horizon] of the differenced series from the filtered state a_{n+1}: x̂_{n+h} = Z T^{h-1} a_{n+1}
    /// (the exact conditional means, as R's predict.Arima); null when the filter fails.
    /// </summary>
    public static double[]? Forecast(ArimaCoefficients coefficients, ReadOnlySpan<double> w, int horizon)
    {
        var (_, _, state) = Filter(coefficients, w);
        if (state is null) return null;
        var a = FirstColumn(coefficients, state.Length);
        var f = new double[horizon];
        for (int h = 0; h < horizon; h++)
        {
            f[h] = state[0] + coefficients.Mean;
            double s0 = state[0];
            for (int i = 0; i < state.Length; i++) state[i] = a[i] * s0 + (i + 1 < state.Length ? state[i + 1] : 0);
        }
        return f;
    }

    private static double[] FirstColumn(ArimaCoefficients coefficients, int r)
    {
        var a = new double[r];
        foreach (var term in coefficients.ExpandedAr()) a[term.Lag - 1] = term.Coefficient;
        return a;
    }

    /// <summary>-2 log L, σ̂² and the predicted state a_{n+1} [r] after the last value; (∞, NaN, null) on failure.</summary>
    private static (double Minus2LogL, double Sigma2, double[]? State) Filter(ArimaCoefficients coefficients, ReadOnlySpan<double> w)
    {
        int r = Math.Max(coefficients.Order.ExpandedAr, coefficients.Order.ExpandedMa + 1);
        var a = new double[r];   // T's first column a_1..a_r
        var b = new double[r];   // R = (1, b_1, …, b_{r-1})
        foreach (var term in coefficients.ExpandedAr()) a[term.Lag - 1] = term.Coefficient;
        b[0] = 1;
        foreach (var term in coefficients.ExpandedMa()) b[term.Lag] = term.Coefficient;
        var p = StationaryVariance(a, b);   // [r, r] row-major, symmetric
        if (p is null) return (double.PositiveInfinity, double.NaN, null);
        double mu = coefficients.Mean;
        var state = new double[r];
        var row0 = new double[r];
        double sumSquares = 0, sumLogF = 0, gainF = 0;
        int n = w.Length;
        bool steady = false;
        for (int t = 0; t < n; t++)
        {
            double f = steady ? gainF : p[0];
            if (!(f > 1e-300) || !double.IsFinite(f)) return (double.PositiveInfinity, double.NaN, null);
            double v = w[t] - mu - state[0];
            sumSquares += v * v / f;
            sumLogF += Math.Log(f);
            // Update a + P Zᵀ v / F (P Zᵀ is P's first column, = its first row), then predict T a ((T x)_i = a_i x_0 + x_{i+1}).
            if (!steady) Array.Copy(p, row0, r);
            for (int i = 0; i < r; i++) state[i] += row0[i] / f * v;
            double s0 = state[0];
            for (int i = 0; i < r; i++) state[i] = a[i] * s0 + (i + 1 < r ? state[i + 1] : 0);
            if (steady) continue;
            // P ← T (P - P Zᵀ Z P / F) Tᵀ + R Rᵀ. The update zeroes the first row and column (x_t is observed exactly),
            // so T's first column drops out: P'_ij = P_{i+1,j+1} - P_{0,i+1} P_{0,j+1} / F + b_i b_j. Upper triangle,
            // mirrored; in place, since entry (i, j) reads only entries of later rows.
            double change = 0;
            for (int i = 0; i < r; i++)
            {
                double gi = i + 1 < r ? row0[i + 1] / f : 0;
                for (int j = i; j < r; j++)
                {
                    double next = (j + 1 < r ? p[(i + 1) * r + j + 1] - gi * row0[j + 1] : 0) + b[i] * b[j];
                    change = Math.Max(change, Math.Abs(next - p[i * r + j]));
                    p[i * r + j] = next;
                    p[j * r + i] = next;
                }
            }
            // Once P repeats itself (the filter's steady state, as R's arima switches to its fast recursions),
            // F and the gain stay fixed: only the state is updated from then on.
            if (change < SteadyTolerance)
            {
                steady = true;
                gainF = p[0];
                Array.Copy(p, row0, r);
            }
        }
        double sigma2 = sumSquares / n;
        if (!(sigma2 > 0) || !double.IsFinite(sigma2)) return (double.PositiveInfinity, double.NaN, null);
        return (n * (Math.Log(2 * Math.PI * sigma2) + 1) + sumLogF, sigma2, state);
    }

    /// <summary>
    /// The stationary state variance P = T P Tᵀ + R Rᵀ [r, r] (row-major); null when it does not converge. Without AR
    /// terms T only shifts, so P_ij = Σ_k b_{i+k} b_{j+k} directly (the seasonal MA models auto.arima often picks);
    /// otherwise by doubling (P ← P + A P Aᵀ, A ← A², from P = R Rᵀ, A = T).
    /// </summary>
    private static double[]? StationaryVariance(double[] a, double[] b)
    {
        int r = a.Length;
        var p = new double[r * r];
        if (Array.TrueForAll(a, v => v == 0))
        {
            for (int i = 0; i < r; i++)
                for (int j = i; j < r; j++)
                {
                    double sum = 0;
                    for (int k = 0; j + k < r; k++) sum += b[i + k] * b[j + k];
                    p[i * r + j] = p[j * r + i] = sum;
                }
            return p;
        }
        var q = new double[r, r];
        for (int i = 0; i < r; i++) for (int j = 0; j < r; j++) q[i, j] = b[i] * b[j];
        var t = new double[r, r];
        for (int i = 0; i < r; i++) { t[i, 0] = a[i]; if (i + 1 < r) t[i, i + 1] = 1; }
        for (int iteration = 0; iteration < 60; iteration++)
        {
            var ap = Multiply(t, q, false);
            var apat = Multiply(ap, t, true);
            double change = 0, size = 0;
            for (int i = 0; i < r; i++)
                for (int j = 0; j < r; j++) { q[i, j] += apat[i, j]; change = Math.Max(change, Math.Abs(apat[i, j])); size = Math.Max(size, Math.Abs(q[i, j])); }
            if (!double.IsFinite(size)) return null;
            if (change <= 1e-13 * size)
            {
                for (int i = 0; i < r; i++) for (int j = 0; j < r; j++) p[i * r + j] = q[i, j];
                return p;
            }
            t = Multiply(t, t, false);
        }
        return null;
    }

    /// <summary>x y, or x yᵀ when <paramref name="transposeSecond"/>.</summary>
    private static double[,] Multiply(double[,] x, double[,] y, bool transposeSecond)
    {
        int r = x.GetLength(0);
        var z = new double[r, r];
        for (int i = 0; i < r; i++)
            for (int k = 0; k < r; k++)
            {
                double xik = x[i, k];
                if (xik == 0) continue;
                for (int j = 0; j < r; j++) z[i, j] += xik * (transposeSecond ? y[j, k] : y[k, j]);
            }
        return z;
    }
}
