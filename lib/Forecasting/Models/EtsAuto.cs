using System.Globalization;

namespace RnnLstm.Forecasting.Models;

/// <summary>
/// Automatic ETS, as forecast's <c>ets(y)</c> with its defaults (<c>model = "ZZZ"</c>, <c>restrict = TRUE</c>, no
/// multiplicative trend, <c>ic = "aicc"</c>): fits every admissible member of the family and keeps the one with the
/// smallest AICc.
/// </summary>
/// <remarks>
/// Candidates: error A or M, trend N, A or Ad, season N, A or M, less those <see cref="EtsSpec.IsStable"/> rules out,
/// those that need positive data when the data are not all positive, and those with too few values
/// (<see cref="EtsFit.MinimumLength"/>). Seasonal models are tried only for 2 ≤ m ≤ 24 (forecast: "I can't handle
/// data with frequency greater than 24"), which also keeps the fit on long series with m = 48 fast. A constant series
/// gets ETS(A,N,N) at its value; a series too short for any candidate gets ETS(A,N,N) fitted without selection (one
/// value: that value). The reason for each simplification is in the model's <see cref="EtsModel.Note"/>.
/// </remarks>
public static class EtsAuto
{
    /// <summary>The largest season length with seasonal candidates (forecast's limit).</summary>
    public const int MaxSeasonLength = 24;

    /// <summary>The candidates for <paramref name="n"/> values with season length <paramref name="m"/>, and notes on what was left out.</summary>
    public static (IReadOnlyList<EtsSpec> Candidates, IReadOnlyList<string> Notes) Candidates(int n, int m, bool positive)
    {
        var notes = new List<string>();
        bool seasonal = m >= 2;
        if (m > MaxSeasonLength) { seasonal = false; notes.Add($"no seasonal models: m = {m} > {MaxSeasonLength}, as forecast's ets does"); }
        else if (seasonal && n < 2 * m + 1) { seasonal = false; notes.Add($"no seasonal models: {n} values are fewer than two seasons of {m} plus one"); }
        if (!positive) notes.Add("no multiplicative models: the data are not all positive");
        var list = new List<EtsSpec>();
        foreach (var error in new[] { EtsError.Additive, EtsError.Multiplicative })
            foreach (var trend in new[] { EtsTrend.None, EtsTrend.Additive, EtsTrend.Damped })
                foreach (var season in seasonal ? new[] { EtsSeason.None, EtsSeason.Additive, EtsSeason.Multiplicative } : [EtsSeason.None])
                {
                    var spec = new EtsSpec(error, trend, season, season == EtsSeason.None ? 1 : m);
                    if (!spec.IsStable || (spec.NeedsPositiveData && !positive) || n < EtsFit.MinimumLength(spec)) continue;
                    list.Add(spec);
                }
        return (list, notes);
    }

    /// <summary>
    /// Every candidate fitted, best AICc first (those that failed to fit left out; ties keep the candidate order). The
    /// candidates are fitted in parallel; each fit is independent and deterministic, so the result does not depend on
    /// the number of cores.
    /// </summary>
    public static IReadOnlyList<EtsModel> FitAll(ReadOnlySpan<double> y, int m)
    {
        var (candidates, _) = Candidates(y.Length, m, Positive(y));
        var data = y.ToArray();
        var fitted = new EtsModel?[candidates.Count];
        Parallel.For(0, candidates.Count, i =>
        {
            try { fitted[i] = EtsFit.Fit(candidates[i], data); }
            catch (ArgumentException) { fitted[i] = null; }
        });
        return [.. fitted.OfType<EtsModel>().Where(f => double.IsFinite(f.Aicc)).OrderBy(f => f.Aicc)];
    }

    /// <summary>The candidate with the smallest AICc whose forecasts from the fitted values are finite.</summary>
    public static EtsModel Select(ReadOnlySpan<double> y, int m)
    {
        if (y.IsEmpty) throw new ArgumentException("ETS needs at least one value.", nameof(y));
        ArgumentOutOfRangeException.ThrowIfLessThan(m, 1);
        for (int t = 0; t < y.Length; t++)
            if (!double.IsFinite(y[t])) throw new ArgumentException($"Value {t} is {y[t]}; ETS needs finite values (fill missing values first).", nameof(y));
        var ann = new EtsSpec(EtsError.Additive, EtsTrend.None, EtsSeason.None);
        if (IsConstant(y) || y.Length == 1)
        {
            double scale = EtsFit.ScaleOf(y);
            string why = y.Length == 1 ? "one value: the forecast is that value" : "constant series: the forecast is its value";
            return new EtsModel(ann, new EtsParameters(EtsParameters.Upper), new EtsState(y[^1] / scale, 0, [0]), scale, y.Length,
                double.NegativeInfinity, 0, why);
        }
        var (_, notes) = Candidates(y.Length, m, Positive(y));
        string note = string.Join("; ", notes);
        var ranked = FitAll(y, m);
        foreach (var (model, rank) in ranked.Select((f, i) => (f, i)))
        {
            if (model.Forecast(y, 2 * Math.Max(m, 1)).All(double.IsFinite) && model.ScaledStateAfter(y) is not null)
            {
                string fellBack = rank == 0 ? "" : string.Create(CultureInfo.InvariantCulture, $"the {rank} model(s) with smaller AICc gave non-finite forecasts");
                return model with { Note = string.Join("; ", new[] { note, fellBack }.Where(s => s.Length > 0)) };
            }
        }
        // Too short for any candidate with a finite AICc (n < 5): simple exponential smoothing without selection.
        string shortNote = string.Create(CultureInfo.InvariantCulture, $"{y.Length} values are too few to choose a model: ETS(A,N,N) without selection");
        try
        {
            var fit = FitWithoutMinimum(ann, y);
            if (fit is not null) return fit with { Note = shortNote };
        }
        catch (ArgumentException) { }
        double c = EtsFit.ScaleOf(y);
        return new EtsModel(ann, new EtsParameters(EtsParameters.Upper), new EtsState(y[^1] / c, 0, [0]), c, y.Length, double.PositiveInfinity, 0,
            shortNote + " (persistence: the fit failed)");
    }

    private static EtsModel? FitWithoutMinimum(EtsSpec ann, ReadOnlySpan<double> y)
    {
        // EtsFit refuses n < k + 3 because the AICc is then infinite; without selection the likelihood alone is fine.
        double scale = EtsFit.ScaleOf(y);
        var data = y.ToArray().Select(v => v / scale).ToArray();
        var (best, _) = NelderMead.Minimize(theta =>
        {
            var p = new EtsParameters(theta[0]);
            return p.IsUsual(ann) ? EtsRecursions.Run(ann, p, new EtsState(theta[1], 0, [0]), data).Likelihood(ann.Error) : double.PositiveInfinity;
        }, [0.5, data[0]], 0.1, EtsFit.MaxIterations, 1e-8);
        var parameters = new EtsParameters(best[0]);
        var pass = EtsRecursions.Run(ann, parameters, new EtsState(best[1], 0, [0]), data);
        return pass.Valid ? new EtsModel(ann, parameters, new EtsState(best[1], 0, [0]), scale, y.Length,
            pass.Likelihood(ann.Error) + 2 * y.Length * Math.Log(scale), pass.SumSquaredErrors) : null;
    }

    internal static bool Positive(ReadOnlySpan<double> y)
    {
        foreach (double v in y) if (!(v > 0)) return false;
        return true;
    }

    /// <summary>True when every value equals the first (forecast's <c>is.constant</c>).</summary>
    internal static bool IsConstant(ReadOnlySpan<double> y)
    {
        foreach (double v in y) if (v != y[0]) return false;
        return true;
    }
}
