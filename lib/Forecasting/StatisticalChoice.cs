using System.Globalization;

namespace RnnLstm.Forecasting;

/// <summary>How the statistical part of the model is made from the candidates' cross-validation scores.</summary>
public enum ChoiceRule
{
    /// <summary>The mean of the three best candidates by CV MASE, whatever they are, unless the best alone is
    /// clearly better (the rule before pooling; near-identical forecasts can fill two of the three places).</summary>
    BestThree,
    /// <summary>The mean of a pool: candidates taken in order of CV MASE, a candidate whose CV forecasts are nearly
    /// those of one already taken left out, until <see cref="StatisticalChoice.PoolSize"/> are taken or the next is
    /// more than <see cref="StatisticalChoice.PoolTolerance"/> worse than the best (forecast pooling, Kourentzes,
    /// Barrow &amp; Petropoulos 2019); a single candidate when the pool holds one, or when it is clearly better than the pool.
    /// Not the default: on the development corpus it was worse (see <see cref="StatisticalChoice"/>).</summary>
    Pool,
}

/// <summary>
/// The statistical choice: from every candidate's cross-validation score, which candidates make the model (one, or
/// the mean of several) and why. Reads only the CV scores, so nothing of the test part.
/// </summary>
/// <remarks>
/// <para>Combining forecasts is the safest default the forecasting competitions found (the M3 and M4 "Comb", the mean
/// of simple, Holt and damped exponential smoothing, beat most entries): averaging the errors of models that err
/// differently cancels part of them. Two things undo it. A candidate far worse than the best pulls the mean toward its
/// errors (on the lynx series the best candidate, ARIMA, had CV MASE 1.35 and the next ones about 2.0: the mean of the
/// three scored 1.69). And near-copies count twice: persistence, ETS(M,N,N) with α ≈ 1 and Theta with its drift near
/// 0 are the same forecast on a random walk, so "the best three" can be one idea weighted twice beside another.
/// Pooling answers both: it takes candidates in order of their CV score, skips one whose forecasts are within
/// <see cref="DistinctShare"/> of one already taken (mean |difference| against that one's mean |error|), and stops at
/// the first that is more than <see cref="PoolTolerance"/> worse than the best.</para>
/// <para>Measured, it did not pay. On the 31 series of <c>data/dev</c> (R's and the forecast and tseries packages'
/// series that are not in data/examples; <c>forecast-suite data/dev --no-net --choice RULE</c>, test backtests of the
/// development series only), the geometric mean of the 12-step MASE was 1.709 with the best three, 1.770 with the pool
/// (and 1.715 with the best three distinct candidates, 1.712 with a 50% tolerance, 1.720 and 1.778 with the best four
/// and five distinct); the model was more than 1.10 times the best candidate of its series on 10, 13, 12, 12, 13 and
/// 16 of the 30 series forecast. A CV score over 20 overlapping origins is too noisy to drop candidates on, and the
/// candidates the pool drops were often right on the test part. So <see cref="ChoiceRule.BestThree"/> stays the
/// default; <see cref="ChoiceRule.Pool"/> is kept to compare with (<c>--choice pool</c>).</para>
/// <para>Checked again on the development corpus enlarged to 66 series (2026-12-07, same command): the mean of the best
/// two, three, four and five candidates gave 1.898, 1.874, 1.860 and 1.870, and a fixed combination chosen without
/// cross-validation, the mean of ETS, ARIMA and Theta, 1.997 (with Holt-Winters added 1.975; over the 63 series whose
/// chosen season, and so MASE scale, stayed the same, 1.974 against the best three's 1.920). Choosing by CV pays;
/// between three and five members the differences are within the noise of 66 series, so three stays.</para>
/// </remarks>
public static class StatisticalChoice
{
    /// <summary>Most candidates in a combination.</summary>
    public const int PoolSize = 3;
    /// <summary>A candidate joins the pool only while its CV MASE is at most (1 + this) × the best one's.</summary>
    public const double PoolTolerance = 0.2;
    /// <summary>Two candidates are the same forecast when the mean |difference| of their CV paths is below this share
    /// of the better one's mean |error|.</summary>
    public const double DistinctShare = 0.1;
    /// <summary>A single candidate replaces the combination only when its CV MASE is below this share of the combination's (and paired t &gt; <see cref="MinimumT"/>).</summary>
    public const double SingleOverCombination = 0.9;
    /// <summary>The paired t a single candidate's per-origin advantage over the combination must exceed.</summary>
    public const double MinimumT = 2;

    /// <summary>
    /// The members of the statistical part, best first, and the combination considered (null with fewer than two
    /// members to combine), from <paramref name="ranked"/>: the candidates with finite CV scores, best first.
    /// </summary>
    /// <param name="combine">The combination's CV score, from its members' scores (the mean of their paths).</param>
    public static (IReadOnlyList<int> Members, IReadOnlyList<int>? Combined, CvScore? Combination, string Reason) Choose(
        IReadOnlyList<CvScore> ranked, ChoiceRule rule, Func<IReadOnlyList<CvScore>, CvScore> combine)
    {
        ArgumentNullException.ThrowIfNull(ranked);
        ArgumentNullException.ThrowIfNull(combine);
        if (ranked.Count == 0) throw new ArgumentException("No candidate to choose from.", nameof(ranked));
        var c = CultureInfo.InvariantCulture;
        var best = ranked[0];
        var pool = rule == ChoiceRule.BestThree ? Enumerable.Range(0, Math.Min(PoolSize, ranked.Count)).ToList() : Pool(ranked);
        if (pool.Count < 2)
        {
            string why = ranked.Count == 1 ? "the only candidate with finite forecasts"
                : string.Create(c, $"the best candidate alone: the next distinct one, {NextDistinct(ranked)}, is more than {PoolTolerance:P0} worse in CV than its {best.MultiStepMase:F3}");
            return ([0], null, null, why);
        }
        var combination = combine(pool.Select(k => ranked[k]).ToList());
        double t = PairedComparison.TStatistic(combination.PerOrigin, best.PerOrigin);
        if (best.MultiStepMase < SingleOverCombination * combination.MultiStepMase && t > MinimumT)
            return ([0], pool, combination, string.Create(c,
                $"the best single candidate: CV MASE {best.MultiStepMase:F3}, below {SingleOverCombination} × the combination's {combination.MultiStepMase:F3}, paired t {t:F1}"));
        return (pool, pool, combination, string.Create(c,
            $"the combination: CV MASE {combination.MultiStepMase:F3}; the best single candidate, {best.Name} ({best.MultiStepMase:F3}), is not below {SingleOverCombination} × it with paired t > {MinimumT} (t {t:F1})"));
    }

    /// <summary>The pool's indices into <paramref name="ranked"/>: distinct candidates within the tolerance, at most <see cref="PoolSize"/>.</summary>
    public static List<int> Pool(IReadOnlyList<CvScore> ranked)
    {
        var pool = new List<int> { 0 };
        double limit = (1 + PoolTolerance) * ranked[0].MultiStepMase;
        for (int k = 1; k < ranked.Count && pool.Count < PoolSize; k++)
        {
            if (!(ranked[k].MultiStepMase <= limit)) break;
            if (pool.All(p => !Same(ranked[p], ranked[k]))) pool.Add(k);
        }
        return pool;
    }

    /// <summary>Whether two candidates' CV forecasts are nearly the same: mean |path difference| below
    /// <see cref="DistinctShare"/> of <paramref name="better"/>'s mean |error|.</summary>
    public static bool Same(CvScore better, CvScore other)
    {
        double difference = 0, error = 0;
        int count = 0;
        for (int k = 0; k < better.Paths.Length; k++)
            for (int h = 0; h < better.Paths[k].Length; h++)
            {
                difference += Math.Abs(better.Paths[k][h] - other.Paths[k][h]);
                error += Math.Abs(better.Errors[k][h]);
                count++;
            }
        return count > 0 && difference < DistinctShare * error;
    }

    private static string NextDistinct(IReadOnlyList<CvScore> ranked)
    {
        for (int k = 1; k < ranked.Count; k++)
            if (!Same(ranked[0], ranked[k])) return string.Create(CultureInfo.InvariantCulture, $"{ranked[k].Name} ({ranked[k].MultiStepMase:F3})");
        return "none";
    }
}
