using RnnLstm.Series;

namespace RnnLstm.Forecasting.Models;

/// <summary>The naive rules of <see cref="Baselines"/>.</summary>
public enum NaiveRule { Persistence, SeasonalNaive, SeasonalNaiveWithDrift }

/// <summary>
/// A naive rule of <see cref="Baselines"/> as an <see cref="IForecastMethod"/>; nothing is fitted. The h-step forecast
/// feeds each step back as if it were the value, so seasonal naive repeats the last season and seasonal naive with
/// drift adds the latest one-season change once per season ahead. Where the history is shorter than the rule needs
/// (m, or m + 1 with drift) the forecast is persistence.
/// </summary>
public sealed class NaiveMethod(NaiveRule rule) : IForecastMethod
{
    /// <summary>The rule.</summary>
    public NaiveRule Rule { get; } = rule;

    /// <inheritdoc/>
    public string Name => Rule switch { NaiveRule.Persistence => "persistence", NaiveRule.SeasonalNaive => "seasonal naive", _ => "seasonal naive with drift" };

    /// <inheritdoc/>
    public IFittedForecaster Fit(ReadOnlySpan<double> y, int seasonLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(seasonLength, 1);
        return new Fitted(Rule, seasonLength, $"{Name} (m = {seasonLength})");
    }

    private sealed record Fitted(NaiveRule Rule, int M, string Description) : IFittedForecaster
    {
        public double[] Forecast(ReadOnlySpan<double> history, int horizon)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(horizon);
            if (history.IsEmpty) throw new ArgumentException("A naive forecast needs at least one value of history.", nameof(history));
            var extended = new double[history.Length + horizon];
            history.CopyTo(extended);
            int needed = Rule switch { NaiveRule.Persistence => 1, _ => Baselines.EarliestTarget(M, Rule == NaiveRule.SeasonalNaiveWithDrift) };
            var rule = history.Length < needed ? NaiveRule.Persistence : Rule;
            for (int t = history.Length; t < extended.Length; t++)
                extended[t] = rule switch
                {
                    NaiveRule.Persistence => Baselines.PersistenceAt(extended, t),
                    NaiveRule.SeasonalNaive => Baselines.SeasonalNaiveAt(extended, t, M),
                    _ => Baselines.SeasonalNaiveWithDriftAt(extended, t, M),
                };
            return extended[history.Length..];
        }
    }
}
