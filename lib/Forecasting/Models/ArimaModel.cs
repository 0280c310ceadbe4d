using System.Globalization;

namespace RnnLstm.Forecasting.Models;

/// <summary>
/// A fitted seasonal ARIMA: order, coefficients (for the series divided by <see cref="Scale"/>), σ², AICc.
/// Forecasts are the recursive conditional means of the ARMA on the differenced series, integrated back:
/// <code>
/// ŵ_{n+h} = μ + Σ_k a_k (w̃_{n+h-k} - μ) + Σ_k b_k ẽ_{n+h-k}     (w̃ = w or its forecast, ẽ = e up to n, 0 after)
/// ŷ_{n+h} = Σ_k δ_k ỹ_{n+h-k} + ŵ_{n+h}                          (δ: the terms of (1 - B)^d (1 - B^m)^D)
/// </code>
/// with the residuals e re-run by the CSS recursion (<see cref="ArimaCss.Residuals"/>) over the given history; for a
/// model fitted by exact likelihood (<see cref="Method"/> "CSS-ML") ŵ comes from the Kalman filter's state after the
/// history instead (<see cref="ArimaLikelihood.Forecast"/>), which is what R's forecast gives.
/// </summary>
/// <param name="Order">The model's order.</param>
/// <param name="Coefficients">φ, Φ, θ, Θ, μ (μ in scaled units).</param>
/// <param name="Scale">The series is divided by this before the recursions (keeps 1e-300..1e300 in range).</param>
/// <param name="Sigma2">σ² of the innovations in the series' own units (SSE / n_used · Scale²).</param>
/// <param name="Aicc">AICc as forecast computes it (∞ when too few values for the parameters).</param>
/// <param name="Count">n, the number of values fitted on.</param>
/// <param name="Note">Why the model was chosen or simplified; empty when nothing to say.</param>
/// <param name="Method">How the coefficients were estimated: "CSS", or "CSS-ML" when refined by exact likelihood (<see cref="ArimaLikelihood"/>).</param>
public sealed record ArimaModel(ArimaOrder Order, ArimaCoefficients Coefficients, double Scale, double Sigma2, double Aicc, int Count, string Note = "", string Method = "CSS")
    : IFittedForecaster
{
    /// <summary>The drift per step in the series' units (μ / m when D = 1), or the mean when d + D = 0; 0 without a constant.</summary>
    public double ConstantInSeriesUnits => Coefficients.Mean * Scale / (Order.D == 1 ? Order.SeasonLength : 1);

    /// <inheritdoc/>
    public string Description
    {
        get
        {
            var c = CultureInfo.InvariantCulture;
            var parts = new List<string>();
            void Add(string name, ReadOnlySpan<double> v) { for (int i = 0; i < v.Length; i++) parts.Add(string.Create(c, $"{name}{i + 1} {v[i]:0.0000}")); }
            Add("ar", Coefficients.Ar); Add("ma", Coefficients.Ma); Add("sar", Coefficients.SeasonalAr); Add("sma", Coefficients.SeasonalMa);
            if (Order.Constant) parts.Add(string.Create(c, $"{(Order.d + Order.D == 0 ? "mean" : "drift")} {ConstantInSeriesUnits:G5}"));
            string aicc = double.IsFinite(Aicc) ? string.Create(c, $"AICc {Aicc:0.00}") : "AICc undefined";
            string text = string.Create(c, $"{Order} fitted by {Method} ({string.Join(", ", parts)}; {aicc})");
            return Note.Length > 0 ? $"{text}; {Note}" : text;
        }
    }

    /// <inheritdoc/>
    public double[] Forecast(ReadOnlySpan<double> history, int horizon)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(horizon);
        if (history.IsEmpty) throw new ArgumentException("An ARIMA forecast needs at least one value of history.", nameof(history));
        for (int t = 0; t < history.Length; t++)
            if (!double.IsFinite(history[t])) throw new ArgumentException($"History value {t} is {history[t]}; ARIMA needs finite values.", nameof(history));
        int lag = Order.DifferencingLag;
        if (history.Length <= lag + Order.ExpandedAr) return Persistence(history, horizon);
        var y = new double[history.Length + horizon];
        for (int t = 0; t < history.Length; t++) y[t] = history[t] / Scale;
        var delta = ArimaPolynomial.Differencing(Order.d, Order.D, Order.SeasonLength);
        var w = ArimaPolynomial.Difference(y.AsSpan(0, history.Length), delta, lag);
        int nw = w.Length;
        // ŵ: the Kalman filter's conditional means for an exact-likelihood fit (as R), else the CSS recursion.
        var wHat = (Method == "CSS-ML" ? ArimaLikelihood.Forecast(Coefficients, w, horizon) : null) ?? CssForecast(w, horizon);
        var f = new double[horizon];
        for (int h = 0; h < horizon; h++)
        {
            int ty = history.Length + h;
            double yv = wHat[h];
            foreach (var term in delta) yv += term.Coefficient * y[ty - term.Lag];
            y[ty] = yv;
            f[h] = yv * Scale;
        }
        return f.All(double.IsFinite) ? f : Persistence(history, horizon);
    }

    /// <summary>ŵ_{n+h} = μ + Σ_k a_k (w̃_{n+h-k} - μ) + Σ_k b_k ẽ_{n+h-k}, with the residuals of the CSS recursion. Result [horizon].</summary>
    private double[] CssForecast(double[] w, int horizon)
    {
        int nw = w.Length;
        var wx = new double[nw + horizon];
        var e = new double[nw + horizon];
        w.CopyTo(wx, 0);
        ArimaCss.Residuals(Coefficients, w, e);
        var ar = Coefficients.ExpandedAr();
        var ma = Coefficients.ExpandedMa();
        double mu = Coefficients.Mean;
        var f = new double[horizon];
        for (int h = 0; h < horizon; h++)
        {
            int t = nw + h;
            double v = mu;
            foreach (var term in ar) v += term.Coefficient * (wx[t - term.Lag] - mu);
            foreach (var term in ma) if (t - term.Lag >= 0) v += term.Coefficient * e[t - term.Lag];
            wx[t] = f[h] = v;
        }
        return f;
    }

    private static double[] Persistence(ReadOnlySpan<double> history, int horizon)
    {
        var f = new double[horizon];
        Array.Fill(f, history[^1]);
        return f;
    }
}
