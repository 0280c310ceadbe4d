namespace RnnLstm.Forecasting.Models;

/// <summary>What one pass of the ETS recursions over a series gives.</summary>
/// <param name="Final">The state after the last value.</param>
/// <param name="SumSquaredErrors">Σ e_t² with e_t = y_t - ŷ_t (A errors) or (y_t - ŷ_t)/ŷ_t (M errors).</param>
/// <param name="SumLogAbsForecast">Σ log|ŷ_t| (used by the likelihood of M errors).</param>
/// <param name="Count">n: how many values were run.</param>
/// <param name="Valid">False when a forecast or a state left the region the model is defined on (a non-positive level
/// or forecast of a multiplicative model, a non-finite number); the other members are then meaningless.</param>
public readonly record struct EtsPass(EtsState Final, double SumSquaredErrors, double SumLogAbsForecast, int Count, bool Valid)
{
    /// <summary>
    /// The ETS "likelihood" forecast minimises: L = n·log(Σe²) + 2·Σlog|ŷ| for M errors (the last term 0 for A errors);
    /// -2 log-likelihood is L plus a constant that depends on n only. +∞ when <see cref="Valid"/> is false.
    /// </summary>
    public double Likelihood(EtsError error)
    {
        if (!Valid) return double.PositiveInfinity;
        double sse = Math.Max(SumSquaredErrors, 1e-300 * Count); // a perfect fit would give log 0
        double l = Count * Math.Log(sse) + (error == EtsError.Multiplicative ? 2 * SumLogAbsForecast : 0);
        return double.IsFinite(l) ? l : double.PositiveInfinity;
    }
}

/// <summary>
/// The recursions of the ETS family in error-correction form (Hyndman et al. 2008, table 2.3; forecast's
/// <c>etscalc</c>). With q = l + φb (damped; φ = 1 undamped, φb = 0 without a trend) and s the season state of y_t:
/// <code>
/// ŷ_t   = q + s          (A season)       ŷ_t = q · s          (M season)       ŷ_t = q (none)
/// l_t   = q + α (p - q),  p = y_t - s (A),  y_t / s (M),  y_t (none)
/// b_t   = φb + (β/α)(l_t - l_{t-1} - φb)
/// s_t   = s + γ (y_t - q - s)  (A)         s_t = s + γ (y_t / q - s)  (M)
/// </code>
/// The updates are the same for A and M errors; the error type only changes e_t and the likelihood. The h-step mean
/// forecast runs the recursions with e = 0: ŷ_{n+h} = (l_n + (φ + φ² + … + φ^h) b_n) ⊕ s_{n+h-m(k+1)}, which for these
/// models (class 1 and 2 of Hyndman et al.) is the conditional mean for additive seasons and forecast's point forecast
/// (the mean ignoring the O(σ²) correction) for multiplicative ones.
/// </summary>
public static class EtsRecursions
{
    /// <summary>Runs the recursions over <paramref name="y"/> from <paramref name="initial"/> (not modified).</summary>
    public static EtsPass Run(EtsSpec spec, EtsParameters p, EtsState initial, ReadOnlySpan<double> y)
    {
        var x = initial.Copy();
        double level = x.Level, trend = x.Trend;
        var season = x.Season;
        int m = spec.M;
        bool multiplicativeSeason = spec.Season == EtsSeason.Multiplicative, multiplicativeError = spec.Error == EtsError.Multiplicative;
        bool needsPositive = spec.NeedsPositiveData;
        double phi = spec.Trend == EtsTrend.Damped ? p.Phi : 1, betaOverAlpha = spec.HasTrend ? p.Beta / p.Alpha : 0;
        // Σlog|ŷ| as the log of a running product, taken only when the product leaves [1e-100, 1e100]: one Math.Log per
        // stretch instead of one per value (the data are scaled to about 1, so a stretch is usually the whole series).
        double sse = 0, sumLog = 0, product = 1;
        for (int t = 0; t < y.Length; t++)
        {
            double phib = spec.HasTrend ? phi * trend : 0, q = level + phib;
            int j = t % m;
            double s = spec.HasSeason ? season[j] : multiplicativeSeason ? 1 : 0;
            double f = spec.Season switch { EtsSeason.Additive => q + s, EtsSeason.Multiplicative => q * s, _ => q };
            if (needsPositive && !(f > 0 && q > 0)) return new EtsPass(x, double.NaN, double.NaN, y.Length, false);
            double e = multiplicativeError ? (y[t] - f) / f : y[t] - f;
            sse += e * e;
            if (multiplicativeError)
            {
                product *= Math.Abs(f);
                if (product > 1e100 || product < 1e-100) { sumLog += Math.Log(product); product = 1; }
            }
            double pt = spec.Season switch { EtsSeason.Additive => y[t] - s, EtsSeason.Multiplicative => y[t] / s, _ => y[t] };
            double newLevel = q + p.Alpha * (pt - q);
            if (spec.HasTrend) trend = phib + betaOverAlpha * (newLevel - level - phib);
            level = newLevel;
            if (spec.Season == EtsSeason.Additive) season[j] = s + p.Gamma * (y[t] - q - s);
            else if (multiplicativeSeason) season[j] = s + p.Gamma * (y[t] / q - s);
            if (!double.IsFinite(level) || !double.IsFinite(trend) || !double.IsFinite(sse)) return new EtsPass(x, double.NaN, double.NaN, y.Length, false);
        }
        return new EtsPass(new EtsState(level, trend, season), sse, sumLog + Math.Log(product), y.Length, true);
    }

    /// <summary>
    /// The h-step mean forecasts after a state: <paramref name="after"/> is the state following <paramref name="n"/>
    /// values (so the next value is y_n and uses <c>Season[n % m]</c>). Result [horizon].
    /// </summary>
    public static double[] Forecast(EtsSpec spec, EtsParameters p, EtsState after, int n, int horizon)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(horizon);
        var f = new double[horizon];
        double phi = spec.Trend == EtsTrend.Damped ? p.Phi : 1, phiStar = phi, phiPower = phi;
        for (int h = 0; h < horizon; h++)
        {
            double q = after.Level + (spec.HasTrend ? phiStar * after.Trend : 0);
            double s = spec.HasSeason ? after.Season[(n + h) % spec.M] : 0;
            f[h] = spec.Season switch { EtsSeason.Additive => q + s, EtsSeason.Multiplicative => q * s, _ => q };
            phiPower *= phi;
            phiStar += phiPower;
        }
        return f;
    }
}
