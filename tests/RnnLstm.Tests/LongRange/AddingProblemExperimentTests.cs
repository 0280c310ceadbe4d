using RnnLstm.Models;
using RnnLstm.Tasks;

namespace RnnLstm.Tests.LongRange;

/// <summary>The experiment's bookkeeping and the gradient-flow measurements; small budgets, so no run here solves T ≥ 50.</summary>
public class AddingProblemExperimentTests
{
    [Fact]
    public void The_same_seed_gives_the_same_run_and_the_budget_is_kept()
    {
        var settings = AddingProblemSettings.For(AddingMethod.Gru, 10) with { Budget = 250, ReportEvery = 100, TestSequences = 300, Seed = 4 };
        var a = AddingProblemExperiment.Run(settings);
        var b = AddingProblemExperiment.Run(settings);
        Assert.Equal(250, a.SequencesSeen);                                  // 15 batches of 16 and one of 10
        Assert.False(a.Solved);
        Assert.Equal([112L, 208L, 250L], a.Curve.Select(p => p.SequencesSeen)); // reported at the first batch past each 100
        Assert.Equal(a.TestAccuracy, b.TestAccuracy);
        Assert.Equal(a.TestMeanAbsError, b.TestMeanAbsError);
        Assert.Equal(a.Curve.Select(p => p.MeanSquaredError), b.Curve.Select(p => p.MeanSquaredError));
        var other = AddingProblemExperiment.Run(settings with { Seed = 5 });
        Assert.NotEqual(a.TestMeanAbsError, other.TestMeanAbsError);
    }

    [Fact]
    public void An_lstm_beats_the_constant_guess_at_T_10_within_a_few_thousand_sequences()
    {
        // Always answering 0.5 has mean squared error Var((X1 + X2)/4) ≈ 0.042 and mean |error| ≈ 0.163.
        var result = AddingProblemExperiment.Run(AddingProblemSettings.For(AddingMethod.Lstm, 10) with { Budget = 4000, TestSequences = 500 });
        Assert.True(result.TestMeanAbsError < 0.1, result.ToString());
        Assert.True(result.Curve[^1].MeanSquaredError < 0.02, result.Curve[^1].ToString());
    }

    [Fact]
    public void Without_clipping_an_irnn_with_a_large_step_diverges_and_the_result_says_so()
    {
        var settings = AddingProblemSettings.For(AddingMethod.Irnn, 50) with { LearningRate = 0.03, Budget = 2000, TestSequences = 100 };
        var unclipped = AddingProblemExperiment.Run(settings with { ClipNorm = null });
        Assert.NotNull(unclipped.Diverged);
        Assert.Contains("clipping", unclipped.Diverged);
        Assert.False(unclipped.Solved);
        Assert.True(unclipped.SequencesSeen < 2000);
        var clipped = AddingProblemExperiment.Run(settings);                 // clip ‖g‖ ≤ 1
        Assert.Null(clipped.Diverged);
        Assert.Equal(2000, clipped.SequencesSeen);
    }

    [Fact]
    public void The_echo_state_network_fits_on_a_doubling_schedule_within_the_budget()
    {
        var settings = AddingProblemSettings.For(AddingMethod.Esn, 10) with
        {
            Budget = 6000, TestSequences = 500, EchoStateFirstFit = 1000,
            EchoState = new EchoStateOptions { ReservoirSize = 60, SpectralRadius = 0.9, InputScale = 0.5, Ridge = 1e-6 },
        };
        var result = AddingProblemExperiment.Run(settings);
        // fits on 1,000 (+ its check of 2,000), then 2,000 (+ a second check): every sequence seen counts, failed checks too
        Assert.Equal([3000L, 6000L], result.Curve.Select(p => p.SequencesSeen));
        Assert.Equal(6000, result.SequencesSeen);
        Assert.InRange(result.TestAccuracy, 0.0, 1.0);
        Assert.True(result.TestMeanAbsError < 0.16, result.ToString());    // better than the constant guess (0.163)
    }

    [Fact]
    public void The_reservoir_designed_for_the_task_solves_T_20_in_its_first_fits_where_the_generic_one_fails()
    {
        var designed = AddingProblemExperiment.Run(AddingProblemSettings.For(AddingMethod.Esn, 20) with { Budget = 8000, TestSequences = 1000 });
        Assert.True(designed.Solved, designed.ToString());
        Assert.True(designed.TestAccuracy >= 0.99, designed.ToString());
        var generic = AddingProblemExperiment.Run(AddingProblemSettings.For(AddingMethod.Esn, 20) with
        {
            Budget = 8000, TestSequences = 1000, EchoState = AddingProblemSettings.GenericReservoir,
        });
        Assert.False(generic.Solved, generic.ToString());
        Assert.True(generic.TestAccuracy < 0.5, generic.ToString());
    }

    [Fact]
    public void Gradients_vanish_below_spectral_radius_one_grow_above_it_and_survive_in_an_lstm_with_a_large_forget_bias()
    {
        var curves = AddingProblemGradients.Compare(steps: 60, hiddenSize: 16, spectralRadii: [0.5, 0.9, 1.0, 1.1, 1.5], forgetBiases: [1.0, 5.0]);
        var ratios = curves.Select(c => c.FirstToLastRatio).ToArray();
        for (int k = 1; k < 5; k++) Assert.True(ratios[k] > ratios[k - 1], $"{curves[k].Name}: {ratios[k]:E2} ≤ {curves[k - 1].Name}: {ratios[k - 1]:E2}");
        Assert.True(ratios[0] < 1e-10, $"ρ = 0.5: {ratios[0]:E2}");
        Assert.True(ratios[4] > 1, $"ρ = 1.5: {ratios[4]:E2}");
        Assert.True(ratios[6] > 1e3 * ratios[5], $"LSTM forget bias 5: {ratios[6]:E2}, bias 1: {ratios[5]:E2}");
        Assert.All(curves, c => Assert.Equal(60, c.Norms.Length));
    }

    [Fact]
    public void Bad_settings_name_the_setting()
    {
        Assert.Equal("Length", Assert.ThrowsAny<ArgumentException>(() => AddingProblemExperiment.Run(new AddingProblemSettings { Length = 4 })).ParamName);
        Assert.Equal("Budget", Assert.ThrowsAny<ArgumentException>(() => AddingProblemExperiment.Run(new AddingProblemSettings { Budget = 0 })).ParamName);
    }
}
