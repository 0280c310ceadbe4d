using System.Numerics;
using RnnLstm.Models;
using RnnLstm.Numerics;
using RnnLstm.Tasks;
using RnnLstm.Training;
using Xunit.Abstractions;

namespace RnnLstm.Tests.Tasks;

/// <summary>Trains the default 3-unit net once and shares it with the tests that inspect it.</summary>
public sealed class TrainedAdder
{
    public BinaryAdditionResult Result { get; } = BinaryAddition.Train(new BinaryAdditionOptions());
}

public class BinaryAdditionTests(TrainedAdder trained, ITestOutputHelper output) : IClassFixture<TrainedAdder>
{
    private BinaryAdditionResult Result => trained.Result;

    [Fact]
    public void Three_hidden_units_add_8_bit_numbers_perfectly_and_generalize_to_64_bits()
    {
        output.WriteLine(Result.ToString());
        Assert.Equal(1.0, Result.Accuracy[8]);
        Assert.True(Result.Accuracy[64] >= 0.99, $"64-bit accuracy {Result.Accuracy[64]:P1}");
        Assert.Equal(1000, Result.Options.TestCount);
    }

    [Fact]
    public void Hidden_states_form_the_four_automaton_states()
    {
        output.WriteLine(Result.Automaton.FormatTable());
        Assert.True(Result.Automaton.Purity >= 0.95, $"purity {Result.Automaton.Purity:F3}");
    }

    [Fact]
    public void The_trained_net_adds_numbers_far_wider_than_64_bits()
    {
        var rng = new Rng(9);
        var a = new bool[200]; var b = new bool[200];
        BinaryNumbers.Random(a, rng, zeroTop: 1);
        BinaryNumbers.Random(b, rng, zeroTop: 1);
        BigInteger x = BinaryNumbers.ToInteger(a), y = BinaryNumbers.ToInteger(b);
        var (sum, _, _) = BinaryAddition.Add(Result.Model, x, y, width: 200);
        Assert.Equal(x + y, sum);
    }

    [Fact]
    public void The_backward_pass_is_linear()
    {
        var model = new SequenceModel<double>(new BinaryAdditionOptions().ModelSpec, seed: 3);
        var data = new BinaryAdditionData(16, 4);
        data.Randomize(new Rng(1));
        var dy = new double[data.Steps * 4];
        var rng = new Rng(2);
        for (int k = 0; k < dy.Length; k++) dy[k] = rng.Uniform(-1, 1);
        var (min, max) = GradientFlow.DoublingRatio<double>(model, data.X.Select(v => (double)v).ToArray(), data.Steps, 4, dy);
        output.WriteLine($"ratio {min:R} .. {max:R}");
        Assert.InRange(min, 2 - 1e-9, 2 + 1e-9);
        Assert.InRange(max, 2 - 1e-9, 2 + 1e-9);
    }

    [Fact]
    public void Trask_classic_configuration_gets_its_sums_right_within_10000_iterations()
    {
        var classic = BinaryAddition.Train(BinaryAdditionOptions.Classic with { TestBits = [] });
        foreach (var line in classic.Log) output.WriteLine(line.ToString());
        Assert.Equal(10_000, classic.TotalIterations);
        Assert.Equal(1.0, classic.Accuracy[8]);
        Assert.True(classic.Log[^1].Predicted.AsSpan().SequenceEqual(classic.Log[^1].True));
    }

    [Fact]
    public void When_no_run_passes_the_check_every_try_is_made_and_the_result_says_so()
    {
        var options = new BinaryAdditionOptions { Iterations = 5000, MaxTries = 3, MinPurity = 1.01, TestBits = [] }; // purity above 1 cannot pass
        var result = BinaryAddition.Train(options);
        Assert.False(result.Accepted);
        Assert.Equal(3, result.Tries);
        Assert.Equal(15_000, result.TotalIterations);
        Assert.Contains("none passed", result.ToString());
        Assert.True(Result.Accepted); // the default run does pass
    }

    [Fact]
    public void A_feed_forward_net_learns_8_bits_but_not_wider_numbers()
    {
        var result = FeedForwardAdder.Train(8, [16, 64]);
        output.WriteLine(string.Join(", ", result.Accuracy.Select(a => $"{a.Key} bits {a.Value:P1}")));
        Assert.True(result.Accuracy[8] >= 0.95, $"8-bit accuracy {result.Accuracy[8]:P1}");
        Assert.True(result.Accuracy[16] <= 0.05, $"16-bit accuracy {result.Accuracy[16]:P1}");
        Assert.True(result.Accuracy[64] <= 0.05, $"64-bit accuracy {result.Accuracy[64]:P1}");
    }

    [Fact]
    public void Encoding_puts_each_column_at_its_step_and_the_sum_after_the_delay()
    {
        var data = new BinaryAdditionData(4, 1, delay: 1);
        data.Set(0, BinaryNumbers.FromInteger(3, 4), BinaryNumbers.FromInteger(5, 4)); // 3 + 5 = 8 = 1000
        data.Encode();
        Assert.Equal(5, data.Steps);
        Assert.Equal([1f, 1f, 1f, 0f, 0f, 1f, 0f, 0f, 0f, 0f], data.X);
        Assert.Equal([0f, 0f, 0f, 0f, 1f], data.Y);
        Assert.Equal([2, 2, 2, 1], data.States); // carry after the first three columns, then "no carry, wrote 1"
    }

    [Fact]
    public void Bit_sequences_round_trip_numbers_of_any_width()
    {
        var big = BigInteger.Pow(3, 100);
        int width = (int)big.GetBitLength() + 1;
        Assert.Equal(big, BinaryNumbers.ToInteger(BinaryNumbers.FromInteger(big, width)));
        Assert.Throws<ArgumentOutOfRangeException>(() => BinaryNumbers.FromInteger(big, width - 2));
        Assert.Equal("0101", BinaryNumbers.Format(BinaryNumbers.FromInteger(5, 4)));
    }

    [Fact]
    public void A_character_model_learns_a_short_text()
    {
        string text = string.Concat(Enumerable.Repeat("hello world. ", 40));
        var model = new CharModel(text, new CharModelOptions { Hidden = 32 });
        double start = model.SmoothLoss;
        string before = model.Sample("h", 60, new Rng(1));
        model.Train(1500);
        string after = model.Sample("h", 60, new Rng(1));
        output.WriteLine($"loss {start:F3} → {model.SmoothLoss:F3}\nbefore: {before}\nafter:  {after}");
        Assert.True(model.SmoothLoss < start / 2, $"smoothed loss {start:F3} → {model.SmoothLoss:F3}");
        Assert.Contains("hello world", after);
        Assert.DoesNotContain("hello world", before);
    }
}
