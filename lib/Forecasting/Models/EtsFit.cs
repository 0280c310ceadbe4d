namespace RnnLstm.Forecasting.Models;

/// <summary>
/// Fits one ETS model by maximum likelihood, as forecast's <c>etsmodel</c>: the smoothing parameters and the initial
/// state (l₀, b₀, s_{2-m}..s₀; the remaining season from Σs = 0 or m) together, by Nelder-Mead on the likelihood
/// L = n·log(Σe²) (+ 2Σlog|ŷ| for M errors), outside the usual bounds L = +∞.
/// </summary>
/// <remarks>
/// Starting point as forecast's <c>initparam</c>: α = 1e-4 + 0.2(1 - 2e-4)/m, β = 0.1 (at most α - 0.001),
/// γ = 0.05 (at most 1 - α - 0.001), φ = 0.978; the initial state from <see cref="EtsInitialState"/>. The simplex starts
/// 0.1·max|θ| wide and runs up to 2,000 iterations, as R's <c>optim</c> does for forecast, then restarts from its best
/// point while that helps (forecast does not restart). As forecast's default <c>bounds = "both"</c>, the parameters
/// must be both usual (<see cref="EtsParameters.IsUsual"/>) and admissible (<see cref="EtsAdmissibility"/>).
/// </remarks>
public static class EtsFit
{
    /// <summary>The most iterations the simplex runs (forecast's <c>maxit</c>).</summary>
    public const int MaxIterations = 2000;

    /// <summary>How many times the simplex is restarted from its best point while that still lowers the likelihood.</summary>
    public const int Restarts = 10;

    /// <summary>Fits <paramref name="spec"/> on <paramref name="y"/>.</summary>
    /// <exception cref="ArgumentException">Too few values for the model, a value not finite, or a model that needs
    /// positive data on data that are not.</exception>
    public static EtsModel Fit(EtsSpec spec, ReadOnlySpan<double> y)
    {
        ArgumentNullException.ThrowIfNull(spec);
        CheckData(spec, y);
        double scale = ScaleOf(y);
        var data = new double[y.Length];
        for (int t = 0; t < y.Length; t++) data[t] = y[t] / scale;

        var guess = EtsInitialState.Guess(spec, data);
        var start = Encode(spec, StartParameters(spec), guess);
        double Objective(double[] theta)
        {
            var (p, x0) = Decode(spec, theta);
            if (!p.IsUsual(spec) || !EtsAdmissibility.IsAdmissible(spec, p)) return double.PositiveInfinity;
            if (spec.Season == EtsSeason.Multiplicative && x0.Season.Any(s => !(s > 0))) return double.PositiveInfinity;
            return EtsRecursions.Run(spec, p, x0, data).Likelihood(spec.Error);
        }
        double step = 0.1 * start.Max(Math.Abs);
        if (!(step > 0)) step = 0.1;
        var (best, value) = NelderMead.Minimize(Objective, start, step, MaxIterations, tolerance: 1e-8);
        // A simplex can collapse onto a ridge before the optimum; restarting it from the best point (a fresh simplex
        // 0.1·max|θ| wide) finds a lower likelihood on e.g. ETS(M,Ad,M) of the air passengers. At most Restarts times.
        for (int r = 0; r < Restarts; r++)
        {
            var (again, againValue) = NelderMead.Minimize(Objective, best, 0.1 * Math.Max(best.Max(Math.Abs), 1e-3), MaxIterations, tolerance: 1e-8);
            bool improved = againValue < value - 1e-6 * Math.Abs(value);
            if (againValue < value) (best, value) = (again, againValue);
            if (!improved) break;
        }
        var (parameters, initial) = Decode(spec, best);
        var pass = EtsRecursions.Run(spec, parameters, initial, data);
        if (!pass.Valid || !parameters.IsUsual(spec))
            throw new ArgumentException($"{spec} could not be fitted on these {y.Length} values: no starting point inside the usual bounds gave finite forecasts.", nameof(y));
        // L in the units of the data: Σe² of A errors scales by c², Σlog|ŷ| by n·log c; both add 2n·log c.
        double likelihood = pass.Likelihood(spec.Error) + 2 * y.Length * Math.Log(scale);
        return new EtsModel(spec, parameters, initial, scale, y.Length, likelihood, pass.SumSquaredErrors);
    }

    /// <summary>The fewest values <paramref name="spec"/> can be fitted on with a finite AICc: k + 3 for k free parameters, and two seasons for a seasonal model.</summary>
    public static int MinimumLength(EtsSpec spec) => Math.Max(spec.FreeParameterCount + 3, spec.HasSeason ? 2 * spec.SeasonLength : 1);

    /// <summary>c = mean |y|, the unit the recursions run in (1 for an all-zero series). Computed as max·mean(|y|/max) so it cannot overflow.</summary>
    internal static double ScaleOf(ReadOnlySpan<double> y)
    {
        double max = 0;
        foreach (double v in y) max = Math.Max(max, Math.Abs(v));
        if (max == 0) return 1;
        double mean = 0;
        foreach (double v in y) mean += Math.Abs(v) / max;
        return max * (mean / y.Length);
    }

    private static void CheckData(EtsSpec spec, ReadOnlySpan<double> y)
    {
        for (int t = 0; t < y.Length; t++)
            if (!double.IsFinite(y[t])) throw new ArgumentException($"Value {t} is {y[t]}; ETS needs finite values (fill missing values first).", nameof(y));
        if (spec.HasSeason && spec.SeasonLength < 2) throw new ArgumentException($"{spec} needs a season length of at least 2; it is {spec.SeasonLength}.", nameof(spec));
        int needed = MinimumLength(spec);
        if (y.Length < needed) throw new ArgumentException($"{spec} with m = {spec.SeasonLength} needs at least {needed} values; there are {y.Length}.", nameof(y));
        if (spec.NeedsPositiveData)
            for (int t = 0; t < y.Length; t++)
                if (!(y[t] > 0)) throw new ArgumentException($"{spec} needs strictly positive data; value {t} is {y[t]}.", nameof(y));
    }

    private static EtsParameters StartParameters(EtsSpec spec)
    {
        const double lo = EtsParameters.Lower, hi = EtsParameters.Upper;
        double alpha = lo + 0.2 * (hi - lo) / spec.M;
        double beta = lo + 0.1 * (hi - lo);
        if (beta > alpha) beta = alpha - 1e-3;
        if (beta < lo) beta = (lo + alpha) / 2;
        double gamma = lo + 0.05 * (hi - lo);
        if (gamma > 1 - alpha) gamma = 1 - alpha - 1e-3;
        double phi = EtsParameters.PhiLower + 0.99 * (EtsParameters.PhiUpper - EtsParameters.PhiLower);
        return new EtsParameters(alpha, spec.HasTrend ? beta : 0, spec.HasSeason ? gamma : 0, spec.Trend == EtsTrend.Damped ? phi : 1);
    }

    /// <summary>θ = [α, β?, γ?, φ?, l₀, b₀?, s_1..s_{m-1}] (s₀, the season of y₀, follows from the others).</summary>
    internal static double[] Encode(EtsSpec spec, EtsParameters p, EtsState x0)
    {
        var theta = new List<double> { p.Alpha };
        if (spec.HasTrend) theta.Add(p.Beta);
        if (spec.HasSeason) theta.Add(p.Gamma);
        if (spec.Trend == EtsTrend.Damped) theta.Add(p.Phi);
        theta.Add(x0.Level);
        if (spec.HasTrend) theta.Add(x0.Trend);
        if (spec.HasSeason) for (int i = 1; i < spec.M; i++) theta.Add(x0.Season[i]);
        return [.. theta];
    }

    /// <summary>The inverse of <see cref="Encode"/>.</summary>
    internal static (EtsParameters Parameters, EtsState Initial) Decode(EtsSpec spec, double[] theta)
    {
        int k = 0;
        double alpha = theta[k++];
        double beta = spec.HasTrend ? theta[k++] : 0;
        double gamma = spec.HasSeason ? theta[k++] : 0;
        double phi = spec.Trend == EtsTrend.Damped ? theta[k++] : 1;
        double level = theta[k++];
        double trend = spec.HasTrend ? theta[k++] : 0;
        var season = new double[spec.M];
        if (spec.HasSeason)
        {
            double sum = 0;
            for (int i = 1; i < spec.M; i++) { season[i] = theta[k++]; sum += season[i]; }
            season[0] = (spec.Season == EtsSeason.Multiplicative ? spec.M : 0) - sum;
        }
        return (new EtsParameters(alpha, beta, gamma, phi), new EtsState(level, trend, season));
    }
}
