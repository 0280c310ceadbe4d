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
}
