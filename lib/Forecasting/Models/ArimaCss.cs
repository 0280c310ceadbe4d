namespace RnnLstm.Forecasting.Models;

/// <summary>
/// Conditional sum of squares (CSS) for an ARMA on the differenced series, as R's <c>arima(method = "CSS")</c>:
/// <code>
/// e_t = (w_t - μ) - Σ_k a_k (w_{t-k} - μ) - Σ_k b_k e_{t-k},    t = c … n_w - 1,   c = p + P·m,   e_t = 0 for t &lt; c
/// SSE = Σ_t e_t²,   σ² = SSE / n_used,   n_used = n_w - c
/// -2 log L = n_used (log(2π σ²) + 1)
/// </code>
/// a = the expanded AR terms, b = the expanded MA terms (<see cref="ArimaCoefficients"/>); w [n_w] the differenced series.
/// The coefficients minimise SSE by Levenberg-Marquardt with a forward-difference Jacobian, started from zero ARMA
/// coefficients and μ = mean(w) as R starts them.
/// </summary>
public static class ArimaCss
{
    /// <summary>Levenberg-Marquardt iterations at most.</summary>
    public const int MaxIterations = 100;

    /// <summary>Writes the residuals e [n_w] (zeros before the conditioning point) and returns SSE (∞ when the recursion overflows).</summary>
    public static double Residuals(ArimaCoefficients coefficients, ReadOnlySpan<double> w, Span<double> e)
    {
        var ar = coefficients.ExpandedAr();
        var ma = coefficients.ExpandedMa();
        double mu = coefficients.Mean;
        int start = coefficients.Order.ExpandedAr;
        double sse = 0;
        for (int t = 0; t < w.Length; t++)
        {
            if (t < start) { e[t] = 0; continue; }
            double v = w[t] - mu;
            foreach (var term in ar) v -= term.Coefficient * (w[t - term.Lag] - mu);
            foreach (var term in ma) if (t - term.Lag >= 0) v -= term.Coefficient * e[t - term.Lag];
            e[t] = v;
            sse += v * v;
        }
        return double.IsFinite(sse) ? sse : double.PositiveInfinity;
    }

    /// <summary>Residuals used in the sum: n_w - (p + P·m).</summary>
    public static int UsedCount(ArimaOrder order, int differencedLength) => differencedLength - order.ExpandedAr;

    /// <summary>Fits the coefficients of <paramref name="order"/> to <paramref name="w"/> by minimising the CSS.</summary>
    /// <returns>The coefficients and their SSE (∞ when no finite fit was found).</returns>
    public static (ArimaCoefficients Coefficients, double Sse) Fit(ArimaOrder order, ReadOnlySpan<double> w)
    {
        int k = order.CoefficientCount, n = w.Length;
        var beta = new double[k];
        if (order.Constant && n > 0)
        {
            double s = 0;
            foreach (double v in w) s += v;
            beta[k - 1] = s / n;
        }
        var e = new double[n];
        double sse = Residuals(new ArimaCoefficients(order, beta), w, e);
        if (k == 0 || !double.IsFinite(sse)) return (new ArimaCoefficients(order, beta), sse);

        var columns = new double[k][];
        for (int i = 0; i < k; i++) columns[i] = new double[n];
        var trial = new double[n];
        double lambda = 1e-3;
        const double h = 1e-7;
        for (int iteration = 0; iteration < MaxIterations; iteration++)
        {
            // Jacobian of e with respect to each coefficient, by forward differences: J_i = (e(β + h u_i) - e(β)) / h.
            for (int i = 0; i < k; i++)
            {
                var shifted = (double[])beta.Clone();
                shifted[i] += h;
                Residuals(new ArimaCoefficients(order, shifted), w, columns[i]);
                for (int t = 0; t < n; t++) columns[i][t] = (columns[i][t] - e[t]) / h;
            }
            var jtj = new double[k, k];
            var jte = new double[k];
            for (int i = 0; i < k; i++)
            {
                for (int t = 0; t < n; t++) jte[i] += columns[i][t] * e[t];
                for (int j = 0; j <= i; j++)
                {
                    double s = 0;
                    for (int t = 0; t < n; t++) s += columns[i][t] * columns[j][t];
                    jtj[i, j] = jtj[j, i] = s;
                }
            }
            if (!jte.All(double.IsFinite) || !jtj.Cast<double>().All(double.IsFinite)) break;
            bool improved = false;
            while (lambda < 1e12)
            {
                var a = new double[k, k];
                for (int i = 0; i < k; i++)
                    for (int j = 0; j < k; j++) a[i, j] = jtj[i, j] + (i == j ? lambda * (jtj[i, i] + 1e-12) : 0);
                var step = Solve(a, jte.Select(v => -v).ToArray());
                if (step is null) { lambda *= 10; continue; }
                var candidate = beta.Zip(step, (b, s) => b + s).ToArray();
                double candidateSse = Residuals(new ArimaCoefficients(order, candidate), w, trial);
                if (candidateSse < sse)
                {
                    double change = (sse - candidateSse) / Math.Max(sse, 1e-300);
                    beta = candidate;
                    sse = candidateSse;
                    trial.CopyTo(e, 0);
                    lambda = Math.Max(lambda / 10, 1e-12);
                    improved = true;
                    if (change < 1e-10) iteration = MaxIterations;
                    break;
                }
                lambda *= 10;
            }
            if (!improved) break;
        }
        return (new ArimaCoefficients(order, beta), sse);
    }

    /// <summary>Solves a x = b [k] by Gaussian elimination with partial pivoting; null when a is singular.</summary>
    private static double[]? Solve(double[,] a, double[] b)
    {
        int k = b.Length;
        for (int col = 0; col < k; col++)
        {
            int pivot = col;
            for (int r = col + 1; r < k; r++) if (Math.Abs(a[r, col]) > Math.Abs(a[pivot, col])) pivot = r;
            if (!(Math.Abs(a[pivot, col]) > 1e-300)) return null;
            if (pivot != col)
            {
                for (int c = 0; c < k; c++) (a[col, c], a[pivot, c]) = (a[pivot, c], a[col, c]);
                (b[col], b[pivot]) = (b[pivot], b[col]);
            }
            for (int r = col + 1; r < k; r++)
            {
                double f = a[r, col] / a[col, col];
                for (int c = col; c < k; c++) a[r, c] -= f * a[col, c];
                b[r] -= f * b[col];
            }
        }
        var x = new double[k];
        for (int r = k - 1; r >= 0; r--)
        {
            double s = b[r];
            for (int c = r + 1; c < k; c++) s -= a[r, c] * x[c];
            x[r] = s / a[r, r];
        }
        return x.All(double.IsFinite) ? x : null;
    }
}
