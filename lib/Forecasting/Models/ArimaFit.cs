namespace RnnLstm.Forecasting.Models;

/// <summary>
/// Fits one <see cref="ArimaOrder"/> to a series by conditional sum of squares (<see cref="ArimaCss"/>) and scores it
/// as forecast's auto.arima does:
/// <code>
/// y' = y / s                       s = max|y| · (mean |w - mean w| of y / max|y|), so w has unit spread
/// σ² = SSE / n_used,   n* = n - d - D·m,   k = p + q + P + Q + [μ] + 1   (σ² counted)
/// -2 log L ≈ n* (log(2π σ²) + 1)   (in the series' units: σ² · s²)
/// AIC = -2 log L + 2k,   AICc = AIC + 2k(k + 1) / (n* - k - 1)   (∞ when n* - k - 1 ≤ 0)
/// </code>
/// The n* (not n_used) in the likelihood is the approximation forecast applies to CSS fits (its <c>offset</c>), so
/// that models with different AR lags compare on the same number of values. A fit whose AR or MA roots are inside
/// |z| = 1.01 gets AICc = ∞ (rejected), as in auto.arima.
/// </summary>
public static class ArimaFit
{
    /// <summary>The fitted model; its <see cref="ArimaModel.Aicc"/> is ∞ when the fit is rejected or there are too few values.</summary>
    public static ArimaModel Fit(ArimaOrder order, ReadOnlySpan<double> y)
    {
        ArgumentNullException.ThrowIfNull(order);
        order.Validate();
        if (y.IsEmpty) throw new ArgumentException("ARIMA needs at least one value.", nameof(y));
        for (int t = 0; t < y.Length; t++)
            if (!double.IsFinite(y[t])) throw new ArgumentException($"Value {t} is {y[t]}; ARIMA needs finite values (fill missing values first).", nameof(y));
        double scale = ScaleOf(y, order);
        var scaled = new double[y.Length];
        for (int t = 0; t < y.Length; t++) scaled[t] = y[t] / scale;
        var delta = ArimaPolynomial.Differencing(order.d, order.D, order.SeasonLength);
        var w = ArimaPolynomial.Difference(scaled, delta, order.DifferencingLag);
        int used = ArimaCss.UsedCount(order, w.Length);
        if (used < 1)
            return new ArimaModel(order, new ArimaCoefficients(order, new double[order.CoefficientCount]), scale, double.NaN,
                double.PositiveInfinity, y.Length, $"{y.Length} values leave no residuals for {order}");
        var (coefficients, sse) = ArimaCss.Fit(order, w);
        double sigma2 = Math.Max(sse / used, 1e-24);
        int nStar = w.Length, k = order.CoefficientCount + 1;
        double minus2LogL = nStar * (Math.Log(2 * Math.PI * sigma2) + 1) + 2 * nStar * Math.Log(scale);
        double aicc = nStar - k - 1 > 0 ? minus2LogL + 2 * k + 2.0 * k * (k + 1) / (nStar - k - 1) : double.PositiveInfinity;
        string note = "";
        if (!double.IsFinite(sse)) { aicc = double.PositiveInfinity; note = "the CSS recursion overflowed"; }
        else if (!coefficients.IsStationaryAndInvertible()) { aicc = double.PositiveInfinity; note = "rejected: an AR or MA root is inside |z| = 1.01"; }
        return new ArimaModel(order, coefficients, scale, sigma2 * scale * scale, double.IsNaN(aicc) ? double.PositiveInfinity : aicc, y.Length, note);
    }

    /// <summary>
    /// <paramref name="css"/> refined by exact likelihood (<see cref="ArimaLikelihood"/>): Nelder-Mead from the CSS
    /// coefficients over the stationary and invertible region (roots outside |z| = 1.01), AICc from the exact
    /// -2 log L over the n* differenced values. Returns <paramref name="css"/> unchanged when the refinement fails.
    /// Also polishes a model already refined (its coefficients are the start). At most
    /// <paramref name="iterationsPerCoefficient"/> Nelder-Mead iterations per coefficient.
    /// </summary>
    public static ArimaModel Refine(ArimaModel css, ReadOnlySpan<double> y, int iterationsPerCoefficient = 200)
    {
        ArgumentNullException.ThrowIfNull(css);
        var order = css.Order;
        int k = order.CoefficientCount + 1;
        var scaled = new double[y.Length];
        for (int t = 0; t < y.Length; t++) scaled[t] = y[t] / css.Scale;
        var w = ArimaPolynomial.Difference(scaled, ArimaPolynomial.Differencing(order.d, order.D, order.SeasonLength), order.DifferencingLag);
        int nStar = w.Length;
        if (!double.IsFinite(css.Aicc) || nStar - k - 1 <= 0) return css;
        double Objective(double[] beta)
        {
            var c = new ArimaCoefficients(order, beta);
            return c.IsStationaryAndInvertible() ? ArimaLikelihood.Evaluate(c, w).Minus2LogL : double.PositiveInfinity;
        }
        double start = Objective(css.Coefficients.Values);
        if (!double.IsFinite(start)) return css;
        var (best, value) = order.CoefficientCount == 0
            ? (css.Coefficients.Values, start)
            : NelderMead.Minimize(Objective, (double[])css.Coefficients.Values.Clone(), 0.1, iterationsPerCoefficient * order.CoefficientCount, 1e-9);
        var coefficients = new ArimaCoefficients(order, best);
        var (minus2LogL, sigma2) = ArimaLikelihood.Evaluate(coefficients, w);
        if (!double.IsFinite(value) || !double.IsFinite(minus2LogL)) return css;
        minus2LogL += 2 * nStar * Math.Log(css.Scale);
        double aicc = minus2LogL + 2 * k + 2.0 * k * (k + 1) / (nStar - k - 1);
        return double.IsFinite(aicc)
            ? css with { Coefficients = coefficients, Sigma2 = sigma2 * css.Scale * css.Scale, Aicc = aicc, Method = "CSS-ML" }
            : css;
    }

    /// <summary>The internal scale s: max|y| times the mean absolute deviation of the differenced y / max|y| (1 where either is 0).</summary>
    public static double ScaleOf(ReadOnlySpan<double> y, ArimaOrder order)
    {
        double max = 0;
        foreach (double v in y) max = Math.Max(max, Math.Abs(v));
        if (!(max > 0)) return 1;
        var unit = new double[y.Length];
        for (int t = 0; t < y.Length; t++) unit[t] = y[t] / max;
        var w = ArimaPolynomial.Difference(unit, ArimaPolynomial.Differencing(order.d, order.D, order.SeasonLength), order.DifferencingLag);
        if (w.Length == 0) return max;
        double mean = w.Average(), spread = w.Average(v => Math.Abs(v - mean));
        return spread > 1e-12 ? max * spread : max;
    }
}
