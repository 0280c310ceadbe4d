namespace RnnLstm.Forecasting.Models;

/// <summary>How the one-step error enters an ETS model: added to the forecast (A) or proportional to it (M).</summary>
public enum EtsError { Additive, Multiplicative }

/// <summary>The trend of an ETS model: none (N), additive (A), or additive damped by φ (Ad).</summary>
public enum EtsTrend { None, Additive, Damped }

/// <summary>The season of an ETS model: none (N), added to the level (A), or multiplying it (M).</summary>
public enum EtsSeason { None, Additive, Multiplicative }

/// <summary>
/// One member of the exponential-smoothing state-space family of Hyndman, Koehler, Snyder and Grose (2002), named
/// ETS(error, trend, season) as in Hyndman et al. (2008) and R's <c>forecast::ets</c>, e.g. ETS(M,Ad,M).
/// </summary>
/// <param name="SeasonLength">m: the season length (1 when <paramref name="Season"/> is None).</param>
public sealed record EtsSpec(EtsError Error, EtsTrend Trend, EtsSeason Season, int SeasonLength = 1)
{
    /// <summary>True when the model has a trend state b.</summary>
    public bool HasTrend => Trend != EtsTrend.None;

    /// <summary>True when the model has m season states s.</summary>
    public bool HasSeason => Season != EtsSeason.None;

    /// <summary>m as the recursions use it: the season length with a season, 1 without.</summary>
    public int M => HasSeason ? SeasonLength : 1;

    /// <summary>
    /// How many values the optimiser chooses: the smoothing parameters α (β, γ, φ where used) and the free initial
    /// states l₀ (b₀) and m - 1 seasons (the m-th season is fixed by Σs = 0 for A, Σs = m for M).
    /// </summary>
    public int FreeParameterCount => 1 + (HasTrend ? 1 : 0) + (HasSeason ? 1 : 0) + (Trend == EtsTrend.Damped ? 1 : 0)
        + 1 + (HasTrend ? 1 : 0) + (HasSeason ? SeasonLength - 1 : 0);

    /// <summary>
    /// The combinations forecast's <c>ets(restrict = TRUE)</c> leaves out because their forecast variance can be
    /// infinite: an additive error with a multiplicative season. (A multiplicative trend is not in this family.)
    /// </summary>
    public bool IsStable => !(Error == EtsError.Additive && Season == EtsSeason.Multiplicative);

    /// <summary>True when the model divides by a state or the forecast, so it needs strictly positive data.</summary>
    public bool NeedsPositiveData => Error == EtsError.Multiplicative || Season == EtsSeason.Multiplicative;

    /// <summary>e.g. "ETS(M,Ad,M)".</summary>
    public override string ToString()
    {
        string e = Error == EtsError.Additive ? "A" : "M";
        string t = Trend switch { EtsTrend.None => "N", EtsTrend.Additive => "A", _ => "Ad" };
        string s = Season switch { EtsSeason.None => "N", EtsSeason.Additive => "A", _ => "M" };
        return $"ETS({e},{t},{s})";
    }

    /// <summary>Parses "ETS(M,Ad,M)" or "MAdM" (the short form R prints without "ETS"); <paramref name="seasonLength"/> is m.</summary>
    public static EtsSpec Parse(string text, int seasonLength = 1)
    {
        ArgumentNullException.ThrowIfNull(text);
        string s = text.Replace("ETS", "", StringComparison.OrdinalIgnoreCase).Replace("(", "").Replace(")", "").Replace(",", "").Trim().ToUpperInvariant();
        bool damped = s.Contains('D');
        s = s.Replace("D", "");
        if (s.Length != 3 || "AM".IndexOf(s[0]) < 0 || "NA".IndexOf(s[1]) < 0 || "NAM".IndexOf(s[2]) < 0 || (damped && s[1] != 'A'))
            throw new FormatException($"'{text}' is not an ETS model name such as ETS(A,N,N), ETS(M,Ad,M) or MAdM (error A/M, trend N/A/Ad, season N/A/M).");
        var season = s[2] switch { 'N' => EtsSeason.None, 'A' => EtsSeason.Additive, _ => EtsSeason.Multiplicative };
        return new EtsSpec(s[0] == 'A' ? EtsError.Additive : EtsError.Multiplicative,
            s[1] == 'N' ? EtsTrend.None : damped ? EtsTrend.Damped : EtsTrend.Additive,
            season, season == EtsSeason.None ? 1 : seasonLength);
    }
}
