using RnnLstm.Forecasting;

namespace RnnLstm.Tests.Forecasting;

/// <summary>Which candidates make the statistical part (<see cref="StatisticalChoice"/>), from CV scores built by hand.</summary>
public class StatisticalChoiceTests
{
    private static readonly CvPlan Plan = new([19, 20, 21, 22], 2, 20);
    private static readonly double[] Y = Enumerable.Range(0, 30).Select(t => 10.0 + (t % 3)).ToArray();

    /// <summary>A candidate whose path from every origin is the truth plus <paramref name="offset"/> plus a wiggle.</summary>
    private static CvScore Candidate(string name, double offset, double wiggle = 0) =>
        CvScore.Of(name, Y, Plan, Plan.Origins.Select((o, k) => new[] { Y[o + 1] + offset + wiggle * (k % 2 == 0 ? 1 : -1), Y[o + 2] + offset }).ToArray(), 1.0);

    private static CvScore Mean(IReadOnlyList<CvScore> pool) => CvScore.Of("mean", Y, Plan, CvScore.MeanPaths(pool), 1.0);

    [Fact]
    public void Best_three_takes_the_three_best_whatever_they_are()
    {
        var ranked = new[] { Candidate("a", 1.0), Candidate("a twin", 1.01), Candidate("b", -1.2), Candidate("c", 3.0) };
        var choice = StatisticalChoice.Choose(ranked, ChoiceRule.BestThree, Mean);
        Assert.Equal([0, 1, 2], choice.Members);
        Assert.NotNull(choice.Combination);
    }

    [Fact]
    public void The_pool_skips_near_copies_and_stops_past_the_tolerance()
    {
        var ranked = new[] { Candidate("a", 1.0), Candidate("a twin", 1.01), Candidate("b", -1.1), Candidate("c", 1.3, wiggle: 0.5), Candidate("far", 3.0) };
        Assert.True(StatisticalChoice.Same(ranked[0], ranked[1]));
        Assert.False(StatisticalChoice.Same(ranked[0], ranked[2]));
        Assert.Equal([0, 2], StatisticalChoice.Pool(ranked));              // c (CV MASE 1.3) is more than 20% worse than a (1.0)

        var choice = StatisticalChoice.Choose(ranked, ChoiceRule.Pool, Mean);
        Assert.Equal([0, 2], choice.Members);                               // a + 1 and b - 1.1 nearly cancel: the mean is far better than a
        Assert.Contains("the combination", choice.Reason);
    }

    [Fact]
    public void A_pool_of_one_is_the_best_candidate_alone_and_says_what_was_next()
    {
        var ranked = new[] { Candidate("a", 1.0), Candidate("a twin", 1.01), Candidate("far", 3.0) };
        var choice = StatisticalChoice.Choose(ranked, ChoiceRule.Pool, Mean);
        Assert.Equal([0], choice.Members);
        Assert.Null(choice.Combination);
        Assert.Contains("far (3.000)", choice.Reason);
    }

    [Fact]
    public void A_single_candidate_clearly_better_than_the_combination_replaces_it()
    {
        var ranked = new[] { Candidate("a", 0.1, wiggle: 0.01), Candidate("b", 2.0), Candidate("c", 2.5) };
        var choice = StatisticalChoice.Choose(ranked, ChoiceRule.BestThree, Mean);
        Assert.Equal([0], choice.Members);
        Assert.NotNull(choice.Combination);                                  // considered, and shown in the table
        Assert.Contains("the best single candidate", choice.Reason);
    }

    /// <summary>A score built from its per-origin errors directly (one step per origin, forecasts 0, MASE scale 1),
    /// for rules that read only the scores: its CV MASE is the mean |error| and its per-origin MASE is |error|.</summary>
    private static CvScore Scored(string name, params double[] errors) =>
        new(name, errors.Select(_ => new[] { 0.0 }).ToArray(), errors.Select(e => new[] { e }).ToArray(), 1.0);

    private static Func<IReadOnlyList<CvScore>, CvScore> Fixed(CvScore combination) => _ => combination;

    [Fact]
    public void Missing_or_empty_inputs_are_refused()
    {
        var one = new[] { Candidate("a", 1.0) };
        Assert.Throws<ArgumentNullException>(() => StatisticalChoice.Choose(null!, ChoiceRule.BestThree, Mean));
        Assert.Throws<ArgumentNullException>(() => StatisticalChoice.Choose(one, ChoiceRule.BestThree, null!));
        var empty = Assert.Throws<ArgumentException>(() => StatisticalChoice.Choose([], ChoiceRule.BestThree, Mean));
        Assert.Contains("No candidate to choose from", empty.Message);
    }

    [Fact]
    public void A_lone_candidate_is_the_choice_and_says_so()
    {
        var choice = StatisticalChoice.Choose([Candidate("a", 1.0)], ChoiceRule.BestThree, Mean);
        Assert.Equal([0], choice.Members);
        Assert.Null(choice.Combination);
        Assert.Equal("the only candidate with finite forecasts", choice.Reason);
    }

    [Fact]
    public void A_single_candidate_needs_both_the_margin_and_the_paired_t()
    {
        // best 0.9 (mean of 0.2, 0.2, 3.0, 0.2) is below 0.9 × 1.2 = 1.08, but its advantage per origin,
        // d = 1.0, 1.0, -1.8, 1.0, has t = 0.3 / (1.4 / 2) = 0.43: not shown, so the combination stays
        var spread = Scored("spread", 0.2, 0.2, 3.0, 0.2);
        var kept = StatisticalChoice.Choose([spread, Scored("b", 2, 2, 2, 2)], ChoiceRule.BestThree, Fixed(Scored("comb", 1.2, 1.2, 1.2, 1.2)));
        Assert.Equal([0, 1], kept.Members);
        Assert.Contains("t 0.4", kept.Reason);

        // best 1.0 against a combination at 2.0, every origin better: 1.0 < 0.9 × 2.0 and t infinite
        var clear = StatisticalChoice.Choose([Scored("a", 1, 1), Scored("b", 3, 3)], ChoiceRule.BestThree, Fixed(Scored("comb", 2, 2)));
        Assert.Equal([0], clear.Members);
    }

    [Fact]
    public void A_single_candidate_exactly_at_the_margin_does_not_replace_the_combination()
    {
        // 0.9 is not below 0.9 × 1.0: the rule asks for strictly below (t is infinite here, every origin 0.1 better)
        var choice = StatisticalChoice.Choose([Scored("a", 0.9, 0.9), Scored("b", 1.1, 1.1)], ChoiceRule.BestThree, Fixed(Scored("comb", 1, 1)));
        Assert.Equal([0, 1], choice.Members);
    }

    [Fact]
    public void The_pool_tolerance_scales_with_the_best_score_and_includes_its_edge()
    {
        // best 2.0: the limit is 1.2 × 2.0 = 2.4, so b at 2.3 (and distinct: its forecasts are 4.3 away) joins
        Assert.Equal([0, 1], StatisticalChoice.Pool([Candidate("a", 2.0), Candidate("b", -2.3)]));
        // best 1.0: a candidate exactly at (1 + 0.2) × 1.0 = 1.2 joins; just above it does not
        var best = new CvScore("best", [[0.0], [0.0]], [[1.0], [1.0]], 1.0);
        var edge = new CvScore("edge", [[5.0], [5.0]], [[1.2], [1.2]], 1.0);
        var beyond = new CvScore("beyond", [[5.0], [5.0]], [[1.2000001], [1.2000001]], 1.0);
        Assert.Equal([0, 1], StatisticalChoice.Pool([best, edge]));
        Assert.Equal([0], StatisticalChoice.Pool([best, beyond]));
    }

    [Fact]
    public void The_pool_holds_at_most_three_and_skips_a_copy_of_any_member()
    {
        var five = new[] { Candidate("a", 1.0), Candidate("b", -1.05), Candidate("c", 1.1, wiggle: 0.3), Candidate("d", -1.1, wiggle: 0.3), Candidate("e", 1.15, wiggle: -0.6) };
        Assert.Equal([0, 1, 2], StatisticalChoice.Pool(five));
        // b twin is a copy of b (the second member), not of a: it is still left out
        var twin = new[] { Candidate("a", 1.0), Candidate("b", -1.05), Candidate("b twin", -1.06) };
        Assert.True(StatisticalChoice.Same(twin[1], twin[2]));
        Assert.False(StatisticalChoice.Same(twin[0], twin[2]));
        Assert.Equal([0, 1], StatisticalChoice.Pool(twin));
    }

    [Fact]
    public void Two_forecasts_exactly_a_tenth_of_the_error_apart_are_distinct()
    {
        // mean |difference| 0.1, mean |error| 1.0: "same" needs the difference strictly below 0.1 × the error
        var better = new CvScore("better", [[0.0], [0.0]], [[1.0], [1.0]], 1.0);
        Assert.False(StatisticalChoice.Same(better, new CvScore("tenth", [[0.1], [0.1]], [[0.9], [0.9]], 1.0)));
        Assert.True(StatisticalChoice.Same(better, new CvScore("closer", [[0.05], [0.05]], [[0.95], [0.95]], 1.0)));
    }

    [Fact]
    public void When_every_other_candidate_is_a_copy_the_reason_says_no_distinct_one_was_next()
    {
        var choice = StatisticalChoice.Choose([Candidate("a", 1.0), Candidate("a twin", 1.01)], ChoiceRule.Pool, Mean);
        Assert.Equal([0], choice.Members);
        Assert.Contains("the next distinct one, none,", choice.Reason);
    }
}

