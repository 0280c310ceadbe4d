using RnnLstm.Forecasting.Models;

namespace RnnLstm.Forecasting;

/// <summary>One statistical candidate of the selection: a method and the season length it is fitted with.</summary>
public sealed record CandidateSpec(string Name, IForecastMethod Method, int Season);

/// <summary>
/// The statistical candidates the selection scores, as a table: the naive rules, Holt-Winters on the values and (when
/// every training value is positive) on their log, automatic ETS (chosen by AICc), automatic ARIMA (forecast's stepwise
/// auto.arima, chosen by AICc) and Theta. With a season the test was unsure about, the seasonal candidates
/// are added at that season too, so that cross-validation decides between seasonal and non-seasonal.
/// </summary>
public static class CandidateTable
{
    /// <summary>The candidates for season <paramref name="m"/> (and the unsure <paramref name="alternative"/>, if any).</summary>
    public static IReadOnlyList<CandidateSpec> For(int m, int? alternative, bool logAllowed)
    {
        var table = new List<CandidateSpec>();
        Add(table, m, "", logAllowed);
        if (alternative is int a && a != m) Add(table, a, a > 1 ? $" (m = {a})" : " (no season)", logAllowed);
        return table;
    }

    private static void Add(List<CandidateSpec> table, int m, string suffix, bool logAllowed)
    {
        var rules = m > 1 ? new[] { NaiveRule.Persistence, NaiveRule.SeasonalNaive, NaiveRule.SeasonalNaiveWithDrift } : [NaiveRule.Persistence];
        foreach (var rule in rules)
        {
            if (suffix != "" && rule == NaiveRule.Persistence) continue; // the same rule at every season
            var naive = new NaiveMethod(rule);
            table.Add(new CandidateSpec(naive.Name + suffix, naive, m));
        }
        var holtWinters = new BaseMethod(BaseKind.HoltWinters);
        table.Add(new CandidateSpec(holtWinters.Name + suffix, holtWinters, m));
        if (logAllowed)
        {
            var log = new LogMethod(new BaseMethod(BaseKind.HoltWinters));
            table.Add(new CandidateSpec(log.Name + suffix, log, m));
        }
        foreach (var extra in ExtraMethods)
            table.Add(new CandidateSpec(extra.Name + suffix, extra, m));
    }

    /// <summary>The standard automatic methods of Hyndman and Khandakar's forecast package: the state-space exponential
    /// smoothing family and ARIMA, each chosen by AICc, and the Theta method.</summary>
    public static IReadOnlyList<IForecastMethod> ExtraMethods { get; } = [Ets.Auto(), Arima.Auto(), new Theta()];
}
