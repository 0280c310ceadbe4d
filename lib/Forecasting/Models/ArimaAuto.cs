using System.Globalization;

namespace RnnLstm.Forecasting.Models;

/// <summary>
/// Automatic ARIMA as forecast's <c>auto.arima(y)</c> with its defaults (Hyndman and Khandakar 2008, stepwise):
/// D from the seasonal strength, d from repeated KPSS tests (<see cref="ArimaDifferencing"/>), then a stepwise
/// search over (p, q, P, Q) and the constant by AICc.
/// </summary>
/// <remarks>
/// <code>
/// limits:  p, q ≤ min(5, ⌊n/3⌋),  P, Q ≤ min(2, ⌊n/3m⌋),  p + q + P + Q ≤ 5,  p, q ≤ m - 1 when seasonal
/// start:   (2,d,2)(1,D,1), (0,d,0)(0,D,0), (1,d,0)(1,D,0), (0,d,1)(0,D,1) with the constant when d + D ≤ 1,
///          then (0,d,0)(0,D,0) without it;   (start orders ≤ 1 and no seasonal terms when n &lt; 10)
/// step:    from the best model try P±1, Q±1, (P,Q)±(1,1) in the four combinations, the same for (p, q),
///          and the constant toggled; move to the first that lowers AICc and start again; at most 94 models
/// </code>
/// No seasonal part when m = 1 or n ≤ 2m. Fits as forecast: for n ≤ 150 and m ≤ 12 every candidate is fitted by CSS
/// then exact likelihood (<see cref="ArimaFit.Refine"/>, Kalman filter) and compared by that AICc; otherwise (its
/// <c>approximation</c>) the search compares CSS AICc values and only the winner is refitted by exact likelihood, and
/// for n &gt; 2000 not even that (the winner stays CSS). A constant series gets its mean; when every candidate is
/// rejected the model falls back to (0,1,0) with drift, then to the mean, and the Note says so.
/// </remarks>
public sealed class ArimaAuto : IForecastMethod
{
    /// <summary>Largest non-seasonal AR and MA orders.</summary>
    public const int MaxP = 5;
    /// <summary>Largest seasonal AR and MA orders.</summary>
    public const int MaxSeasonalP = 2;
    /// <summary>Largest p + q + P + Q.</summary>
    public const int MaxOrder = 5;
    /// <summary>Most models the stepwise search fits (forecast's <c>nmodels</c>).</summary>
    public const int MaxModels = 94;

    /// <inheritdoc/>
    public string Name => "ARIMA";

    /// <inheritdoc/>
    public IFittedForecaster Fit(ReadOnlySpan<double> y, int seasonLength) => Select(y, seasonLength);

    /// <summary>The model auto.arima's stepwise search chooses for <paramref name="y"/> with season length <paramref name="m"/>.</summary>
    public static ArimaModel Select(ReadOnlySpan<double> y, int m)
    {
        if (y.IsEmpty) throw new ArgumentException("ARIMA needs at least one value.", nameof(y));
        ArgumentOutOfRangeException.ThrowIfLessThan(m, 1);
        for (int t = 0; t < y.Length; t++)
            if (!double.IsFinite(y[t])) throw new ArgumentException($"Value {t} is {y[t]}; ARIMA needs finite values (fill missing values first).", nameof(y));
        int n = y.Length;
        var values = y.ToArray();
        var c = CultureInfo.InvariantCulture;
        if (EtsAuto.IsConstant(y) || n == 1)
            return ArimaFit.Fit(new ArimaOrder(0, 0, 0, Constant: true), y) with
            { Note = n == 1 ? "one value: the forecast is that value" : "constant series: the forecast is its value" };

        var notes = new List<string>();
        int maxP = Math.Min(MaxSeasonalP, n / (3 * m)), maxQ = maxP;
        bool seasonal = m > 1 && n > 2 * m && maxP + maxQ > 0;
        if (m > 1 && !seasonal) notes.Add(string.Create(c, $"no seasonal part: {n} values are too few for m = {m}"));
        int D = seasonal ? ArimaDifferencing.Nsdiffs(y, m) : 0;
        var dx = D > 0 ? ArimaDifferencing.Diff(y, m) : y.ToArray();
        int d = ArimaDifferencing.Ndiffs(dx);
        for (int i = 0; i < d; i++) dx = ArimaDifferencing.Diff(dx, 1);
        int season = seasonal ? m : 1;
        if (!seasonal) { maxP = maxQ = 0; D = 0; }
        bool constant = d + D <= 1;

        if (dx.Length == 0 || EtsAuto.IsConstant(dx))
        {
            var exact = ArimaFit.Fit(new ArimaOrder(0, d, 0, 0, D, 0, season, constant), y);
            return exact with { Note = Join(notes, "the differenced series is constant: no ARMA terms") };
        }

        int maxp = Math.Min(MaxP, n / 3), maxq = maxp;
        if (seasonal && maxP > 0) maxp = Math.Min(maxp, m - 1);
        if (seasonal && maxQ > 0) maxq = Math.Min(maxq, m - 1);
        // forecast's approximation: CSS fits in the search for n > 150 or m > 12; otherwise every fit is CSS-ML.
        bool approximation = n > ApproximationLength || m > ApproximationSeason;
        var fitted = new Dictionary<ArimaOrder, ArimaModel>();
        ArimaModel? best = null;
        bool Try(int p, int q, int sp, int sq, bool withConstant)
        {
            if (p < 0 || q < 0 || sp < 0 || sq < 0 || p > maxp || q > maxq || sp > maxP || sq > maxQ || p + q + sp + sq > MaxOrder) return false;
            if (fitted.Count >= MaxModels) return false;
            var order = new ArimaOrder(p, d, q, sp, D, sq, season, withConstant && constant);
            if (fitted.ContainsKey(order)) return false;
            var model = ArimaFit.Fit(order, values);
            if (!approximation) model = ArimaFit.Refine(model, values, SearchIterationsPerCoefficient);
            fitted[order] = model;
            if (best is null || model.Aicc < best.Aicc) { best = model; return true; }
            return false;
        }

        int start = n < 10 ? 1 : 2, startSeasonal = n < 10 ? 0 : 1;
        Try(Math.Min(start, maxp), Math.Min(start, maxq), Math.Min(startSeasonal, maxP), Math.Min(startSeasonal, maxQ), true);
        Try(0, 0, 0, 0, true);
        if (maxp > 0 || maxP > 0) Try(maxp > 0 ? 1 : 0, 0, maxP > 0 ? 1 : 0, 0, true);
        if (maxq > 0 || maxQ > 0) Try(0, maxq > 0 ? 1 : 0, 0, maxQ > 0 ? 1 : 0, true);
        if (constant) Try(0, 0, 0, 0, false);

        (int dp, int dq, int dP, int dQ)[] moves =
        [
            (0, 0, -1, 0), (0, 0, 0, -1), (0, 0, 1, 0), (0, 0, 0, 1),
            (0, 0, -1, -1), (0, 0, -1, 1), (0, 0, 1, -1), (0, 0, 1, 1),
            (-1, 0, 0, 0), (0, -1, 0, 0), (1, 0, 0, 0), (0, 1, 0, 0),
            (-1, -1, 0, 0), (-1, 1, 0, 0), (1, -1, 0, 0), (1, 1, 0, 0),
        ];
        bool moved = true;
        while (moved && fitted.Count < MaxModels && best is not null)
        {
            moved = false;
            var o = best.Order;
            foreach (var (dp, dq, dP, dQ) in moves)
                if (Try(o.p + dp, o.q + dq, o.P + dP, o.Q + dQ, o.Constant)) { moved = true; break; }
            if (!moved && constant && Try(o.p, o.q, o.P, o.Q, !o.Constant)) moved = true;
        }

        string searched = string.Create(c, $"stepwise search over {fitted.Count} models (d = {d} by KPSS, D = {D} by seasonal strength)");
        if (best is not null && double.IsFinite(best.Aicc))
        {
            var refined = approximation ? RefineIfShort(best, values) : ArimaFit.Refine(best, values);
            string how = refined.Method != "CSS-ML" ? "CSS only" + (best.Note.Length > 0 ? $" ({best.Note})" : "")
                : approximation ? "chosen by CSS AICc, refitted by exact likelihood" : "every candidate fitted by exact likelihood";
            return refined with { Note = Join(notes, searched, how) };
        }

        // Every candidate rejected (too few values, or roots on the unit circle): the simplest usable models.
        foreach (var fallback in new[] { new ArimaOrder(0, 1, 0, Constant: true), new ArimaOrder(0, 1, 0), new ArimaOrder(0, 0, 0, Constant: true) })
        {
            if (n <= fallback.DifferencingLag) continue;
            var model = ArimaFit.Fit(fallback, y);
            if (model.Forecast(y, 1).All(double.IsFinite))
                return model with { Note = Join(notes, searched, $"no candidate had a finite AICc: fell back to {fallback}") };
        }
        return ArimaFit.Fit(new ArimaOrder(0, 0, 0, Constant: true), y) with { Note = Join(notes, searched, "no candidate had a finite AICc: the mean") };
    }

    /// <summary>Nelder-Mead iterations per coefficient for the exact-likelihood fits inside the search (the winner is then polished with the full count).</summary>
    public const int SearchIterationsPerCoefficient = 60;

    /// <summary>Longer series are searched by CSS alone (forecast's <c>approximation</c>).</summary>
    public const int ApproximationLength = 150;

    /// <summary>Season lengths above this are searched by CSS alone (forecast's <c>approximation</c>).</summary>
    public const int ApproximationSeason = 12;

    /// <summary>Series up to this length get their chosen model refitted by exact likelihood (the filter costs O(n r²)).</summary>
    public const int MaxLengthForLikelihood = 2000;

    private static ArimaModel RefineIfShort(ArimaModel model, double[] y) =>
        y.Length <= MaxLengthForLikelihood && model.Order.ExpandedAr + model.Order.ExpandedMa <= 60 ? ArimaFit.Refine(model, y) : model;

    private static string Join(List<string> notes, params string[] more) =>
        string.Join("; ", notes.Concat(more).Where(s => s.Length > 0));
}
