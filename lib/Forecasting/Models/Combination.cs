using System.Globalization;
using RnnLstm.Numerics;

namespace RnnLstm.Forecasting.Models;

/// <summary>How a <see cref="Combination"/> joins its members' forecasts at each step.</summary>
public enum CombinationRule { Mean, Median }

/// <summary>
/// A combination of methods: each member fitted on the same values, the forecast at each step the mean (or median) of
/// the members' forecasts at that step. Equal weights, as the combinations that did well in the M3 and M4 competitions
/// (e.g. the mean of SES, Holt and damped Holt). A member that cannot be fitted on the values (too short, not
/// positive) is left out and named in the description; if none can, fitting throws.
/// </summary>
public sealed class Combination : IForecastMethod
{
    private readonly IForecastMethod[] _members;

    /// <summary>The mean of <paramref name="members"/>.</summary>
    public Combination(params IForecastMethod[] members) : this(CombinationRule.Mean, members) { }

    /// <summary>The mean or median of <paramref name="members"/>.</summary>
    public Combination(CombinationRule rule, params IForecastMethod[] members)
    {
        ArgumentNullException.ThrowIfNull(members);
        if (members.Length == 0) throw new ArgumentException("A combination needs at least one member.", nameof(members));
        for (int i = 0; i < members.Length; i++)
            if (members[i] is null) throw new ArgumentNullException(nameof(members), $"Member {i} of the combination is null.");
        Rule = rule;
        _members = (IForecastMethod[])members.Clone();
    }

    /// <summary>Mean or median.</summary>
    public CombinationRule Rule { get; }

    /// <summary>The methods combined.</summary>
    public IReadOnlyList<IForecastMethod> Members => _members;

    /// <inheritdoc/>
    public string Name => $"{(Rule == CombinationRule.Mean ? "mean" : "median")} of {string.Join(", ", _members.Select(m => m.Name))}";

    /// <inheritdoc/>
    public IFittedForecaster Fit(ReadOnlySpan<double> y, int seasonLength)
    {
        var fitted = new List<IFittedForecaster>();
        var skipped = new List<string>();
        foreach (var member in _members)
        {
            try { fitted.Add(member.Fit(y, seasonLength)); }
            catch (ArgumentException e) { skipped.Add($"{member.Name}: {e.Message}"); }
        }
        if (fitted.Count == 0) throw new ArgumentException($"No member of the combination could be fitted on these {y.Length} values: {string.Join(" | ", skipped)}", nameof(y));
        return new Fitted(Rule, [.. fitted], skipped);
    }

    /// <summary>The mean or median of <paramref name="values"/> (not modified).</summary>
    public static double Join(CombinationRule rule, ReadOnlySpan<double> values)
    {
        if (values.IsEmpty) throw new ArgumentException("Nothing to combine.", nameof(values));
        if (rule == CombinationRule.Mean)
        {
            double sum = 0;
            foreach (double v in values) sum += v;
            return sum / values.Length;
        }
        return Statistics.Median(values);
    }

    private sealed record Fitted(CombinationRule Rule, IFittedForecaster[] Members, IReadOnlyList<string> Skipped) : IFittedForecaster
    {
        public string Description => string.Create(CultureInfo.InvariantCulture,
            $"{(Rule == CombinationRule.Mean ? "mean" : "median")} of {Members.Length}: {string.Join("; ", Members.Select(m => m.Description))}")
            + (Skipped.Count > 0 ? $" (left out: {string.Join(" | ", Skipped)})" : "");

        public double[] Forecast(ReadOnlySpan<double> history, int horizon)
        {
            var all = new double[Members.Length][];
            for (int i = 0; i < Members.Length; i++) all[i] = Members[i].Forecast(history, horizon);
            var f = new double[horizon];
            var column = new double[Members.Length];
            for (int h = 0; h < horizon; h++)
            {
                for (int i = 0; i < Members.Length; i++) column[i] = all[i][h];
                f[h] = Join(Rule, column);
            }
            return f;
        }
    }
}
