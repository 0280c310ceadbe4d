using RnnLstm.Numerics;
using RnnLstm.Tasks;

namespace RnnLstm.Tests.LongRange;

/// <summary>The generator against the paper's specification, sequence by sequence.</summary>
public class AddingProblemTests
{
    [Theory]
    [InlineData(10)]
    [InlineData(50)]
    [InlineData(100)]
    [InlineData(1000)]
    public void Every_sequence_is_built_as_the_paper_specifies(int T)
    {
        var rng = new Rng(T);
        var lengthsSeen = new HashSet<int>();
        var firstSeen = new HashSet<int>();
        var secondSeen = new HashSet<int>();
        int count = T >= 1000 ? 500 : 5000;
        for (int n = 0; n < count; n++)
        {
            var s = AddingProblem.Sample(T, rng);
            int L = s.Length;
            Assert.InRange(L, T, T + T / 10);
            Assert.Equal(L, s.Markers.Length);
            lengthsSeen.Add(L);

            Assert.InRange(s.FirstMarked, 0, 9);                       // one of the first ten pairs
            Assert.InRange(s.SecondMarked, 0, T / 2 - 2);              // one of the first T/2 - 1 pairs
            Assert.NotEqual(s.FirstMarked, s.SecondMarked);            // ... still unmarked
            firstSeen.Add(s.FirstMarked);
            secondSeen.Add(s.SecondMarked);

            for (int t = 0; t < L; t++)
            {
                bool marked = t == s.FirstMarked || t == s.SecondMarked;
                double expected = marked ? 1 : t == 0 || t == L - 1 ? -1 : 0;
                Assert.Equal(expected, s.Markers[t]);
                Assert.InRange(s.Values[t], -1.0, 1.0);
            }
            Assert.Equal(2, s.Markers.Count(m => m == 1));             // exactly two pairs marked
            if (s.FirstMarked == 0 || s.SecondMarked == 0) Assert.Equal(0.0, s.Values[0]); // "X1 is set to zero"
            Assert.Equal(0.5 + (s.Values[s.FirstMarked] + s.Values[s.SecondMarked]) / 4.0, s.Target);
            Assert.InRange(s.Target, 0.0, 1.0);
        }
        // The draws are uniform over their ranges: every length and every allowed position turns up.
        if (T < 1000)
        {
            Assert.Equal(T / 10 + 1, lengthsSeen.Count);
            Assert.Equal(10, firstSeen.Count);
            Assert.Equal(T / 2 - 1, secondSeen.Count);
        }
    }

    [Fact]
    public void The_first_pair_when_marked_has_value_zero_and_marker_plus_one()
    {
        var rng = new Rng(5);
        int found = 0;
        for (int n = 0; n < 3000 && found < 20; n++)
        {
            var s = AddingProblem.Sample(20, rng);
            if (s.FirstMarked != 0 && s.SecondMarked != 0) continue;
            found++;
            Assert.Equal(1.0, s.Markers[0]);
            Assert.Equal(0.0, s.Values[0]);
        }
        Assert.Equal(20, found); // about 1 in 10 sequences mark pair 0 at T = 20
    }

    [Fact]
    public void The_same_seed_gives_the_same_sequences_and_another_seed_does_not()
    {
        static double[] Draw(int seed)
        {
            var rng = new Rng(seed);
            return Enumerable.Range(0, 50).SelectMany(_ =>
            {
                var s = AddingProblem.Sample(30, rng);
                return s.Values.Concat(s.Markers).Append(s.Target);
            }).ToArray();
        }
        Assert.Equal(Draw(7), Draw(7));
        Assert.NotEqual(Draw(7), Draw(8));
    }

    [Fact]
    public void A_batch_is_the_same_sequences_time_major_and_zero_padded()
    {
        const int T = 20, B = 5;
        var x = new double[AddingProblem.MaxLength(T) * B * 2];
        var lengths = new int[B];
        var targets = new double[B];
        int steps = AddingProblem.FillBatch<double>(T, new Rng(3), x, lengths, targets, B);
        var rng = new Rng(3);
        var expected = Enumerable.Range(0, B).Select(_ => AddingProblem.Sample(T, rng)).ToArray();
        Assert.Equal(expected.Max(s => s.Length), steps);
        for (int b = 0; b < B; b++)
        {
            Assert.Equal(expected[b].Length, lengths[b]);
            Assert.Equal(expected[b].Target, targets[b]);
            for (int t = 0; t < steps; t++)
            {
                bool inside = t < lengths[b];
                Assert.Equal(inside ? expected[b].Values[t] : 0, x[(t * B + b) * 2]);
                Assert.Equal(inside ? expected[b].Markers[t] : 0, x[(t * B + b) * 2 + 1]);
            }
        }
    }

    [Fact]
    public void The_stop_rule_needs_a_full_window_of_correct_answers()
    {
        var rule = new AddingStopRule(window: 100);
        for (int i = 0; i < 99; i++) rule.Add(0.51, 0.5);
        Assert.False(rule.Satisfied);                                  // window not yet full
        rule.Add(0.51, 0.5);
        Assert.True(rule.Satisfied);
        Assert.Equal(1e-4, rule.MeanSquaredError, 12);
        rule.Add(0.55, 0.5);                                           // one wrong answer (|e| = 0.05)
        Assert.False(rule.Satisfied);
        Assert.Equal(0.99, rule.Accuracy, 12);
        for (int i = 0; i < 99; i++) rule.Add(0.5, 0.5);
        Assert.False(rule.Satisfied);                                  // still inside the window
        rule.Add(0.5, 0.5);
        Assert.True(rule.Satisfied);                                   // pushed out
    }

    [Fact]
    public void Lengths_shorter_than_the_construction_allows_are_refused()
    {
        Assert.Equal("minLength", Assert.Throws<ArgumentOutOfRangeException>(() => AddingProblem.Sample(5, new Rng(1))).ParamName);
        Assert.Equal("length", Assert.Throws<ArgumentOutOfRangeException>(() => AddingProblem.Sample(10, 9, new Rng(1))).ParamName);
    }
}
