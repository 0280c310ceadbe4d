using RnnLstm.Cells;
using RnnLstm.Numerics;
using RnnLstm.Tasks;
using RnnLstm.Training;

namespace RnnLstm.Tests.LongRange;

/// <summary>The momentum method's recipe (Sutskever, Martens, Dahl &amp; Hinton 2013, RNN section) and the paper's measure.</summary>
public class SutskeverRecipeTests
{
    [Theory]
    [InlineData(100, 15, 1.1, 1)]
    [InlineData(40, 5, 0.9, 2)]
    public void The_recurrent_matrix_has_exactly_k_gaussian_weights_per_row_at_the_requested_spectral_radius(int size, int k, double radius, int seed)
    {
        var w = new float[size * size];
        double measured = Init.SparseSpectralFixedFanIn<float>(w, size, k, radius, new Rng(seed));
        for (int i = 0; i < size; i++) Assert.Equal(k, w.Skip(i * size).Take(size).Count(x => x != 0));
        Assert.Equal(radius, measured, 1e-9);
        Assert.Equal(radius, LinearAlgebra.SpectralRadius(w.Select(x => (double)x).ToArray(), size), 1e-5);   // as stored (float32)
        // Gaussian, not uniform: some weights lie beyond 2.5 standard deviations of the nonzero ones, which ±1 weights never do.
        var nonzero = w.Where(x => x != 0).Select(x => (double)x).ToArray();
        double sd = Math.Sqrt(nonzero.Average(x => x * x));
        Assert.Contains(nonzero, x => Math.Abs(x) > 2.5 * sd);
    }

    [Fact]
    public void A_fan_in_outside_the_row_is_rejected_by_name()
    {
        var w = new double[16];
        Assert.Equal("nonzerosPerRow", Assert.Throws<ArgumentOutOfRangeException>(() => Init.SparseSpectralFixedFanIn<double>(w, 4, 5, 1.1, new Rng(1))).ParamName);
        Assert.Equal("nonzerosPerRow", Assert.Throws<ArgumentOutOfRangeException>(() => Init.SparseSpectralFixedFanIn<double>(w, 4, 0, 1.1, new Rng(1))).ParamName);
    }

    [Fact]
    public void The_momentum_net_starts_from_the_papers_weights()
    {
        var settings = AddingProblemSettings.For(AddingMethod.Momentum, 100) with { Seed = 3 };
        var model = AddingProblemExperiment.InitialModel(settings);
        var cell = (ElmanCell<float>)model.Layers[0].Cell;
        int H = cell.HiddenSize;
        Assert.Equal(100, H);

        var v = cell.RecurrentWeights.Value.ToArray();
        for (int i = 0; i < H; i++) Assert.Equal(15, v.Skip(i * H).Take(H).Count(x => x != 0));
        Assert.Equal(1.1, LinearAlgebra.SpectralRadius(v.Select(x => (double)x).ToArray(), H), 1e-5);

        var u = cell.InputWeights.Value.ToArray();                            // [H, 2], 0.001·N(0, 1)
        double uRms = Math.Sqrt(u.Average(x => (double)x * x));
        Assert.InRange(uRms, 0.0008, 0.0012);                                  // 200 draws: the RMS is within ±20% of 0.001
        Assert.All(cell.Bias!.Value.ToArray(), b => Assert.Equal(0f, b));

        var w = model.Head.Weights.Value.ToArray();                            // [1, H], 0.1·N(0, 1)
        Assert.InRange(Math.Sqrt(w.Average(x => (double)x * x)), 0.07, 0.13);
        Assert.Equal(0.5f, model.Head.Bias!.Value[0]);                         // the target mean
    }

    [Fact]
    public void The_momentum_schedule_is_the_papers_step_from_0_9_to_0_995_after_1000_updates()
    {
        var schedule = AddingProblemSettings.For(AddingMethod.Momentum, 100).Schedule;
        Assert.Equal(MomentumShape.Step, schedule.Shape);
        Assert.Equal(0.9, schedule.At(0));
        Assert.Equal(0.9, schedule.At(999));
        Assert.Equal(0.995, schedule.At(1000));
        Assert.Equal(0.995, schedule.At(49_999));
        Assert.Equal("μ 0.9 for 1,000 updates, then 0.995", schedule.ToString());
        Assert.Equal(0.95, new MomentumSchedule(0.9, 0.995, 1000).At(1000), 12);   // the rising shape is unchanged
        Assert.Equal("Shape", Assert.ThrowsAny<ArgumentException>(() => (schedule with { Shape = (MomentumShape)7 }).Validate()).ParamName);
    }

    [Fact]
    public void The_test_set_scores_the_papers_measure_on_the_sequences_its_seed_draws()
    {
        const int T = 20, N = 600;                                             // 600: two full batches of 256 and one of 88
        var set = new AddingProblemTestSet(T, N, new Rng(5));
        var rng = new Rng(5);                                                  // the same draws, one sequence at a time
        var targets = Enumerable.Range(0, N).Select(_ => AddingProblem.Sample(T, rng).Target).ToArray();

        var constant = set.Score((x, steps, batch, lengths) => Enumerable.Repeat(0.5, batch).ToArray());
        double expectedWrong = targets.Count(t => Math.Abs(t - 0.5) >= AddingProblem.Tolerance) / (double)N;
        Assert.Equal(expectedWrong, constant.ErrorRate, 12);
        Assert.Equal(1 - expectedWrong, constant.Accuracy, 12);
        Assert.Equal(targets.Average(t => Math.Abs(t - 0.5)), constant.MeanAbsError, 9);
        Assert.InRange(constant.ErrorRate, 0.75, 0.95);                       // the constant answer is right about 15% of the time

        int next = 0;                                                          // answers exactly the targets, batch by batch
        var perfect = set.Score((x, steps, batch, lengths) => targets[next..(next += batch)]);
        Assert.Equal(0.0, perfect.ErrorRate);
    }

    [Fact]
    public void A_run_scores_the_test_set_at_every_checkpoint_and_the_last_one_is_the_final_test()
    {
        var s = AddingProblemSettings.For(AddingMethod.Momentum, 10) with { Budget = 3000, CheckpointEvery = 1000, TestSequences = 300 };
        var reported = new List<AddingCheckpoint>();
        var result = AddingProblemExperiment.Run(s, checkpoint: reported.Add);
        Assert.Equal([1000L, 2000L, 3000L], result.Checkpoints!.Select(c => c.SequencesSeen));
        Assert.Equal(result.Checkpoints, reported);                                          // each one reported as it was scored
        Assert.Equal([10L, 20L, 30L], result.Checkpoints!.Select(c => c.Updates));           // batches of 100
        Assert.Equal(result.TestErrorRate, result.Checkpoints![^1].Score.ErrorRate);
        Assert.Equal(1 - result.TestAccuracy, result.TestErrorRate);
        Assert.Equal([10L, 10L, 10L], result.Checkpoints!.Select(c => c.Gradients!.Updates));   // each window: the updates since the last checkpoint
        Assert.Equal(result.ClippedUpdates, (int)Math.Round(result.Checkpoints!.Sum(c => c.Gradients!.ClippedShare * c.Gradients.Updates)));
        Assert.All(result.Checkpoints!, c => Assert.True(c.Gradients!.MedianNorm > 0 && double.IsFinite(c.Gradients.MedianNorm)));
    }

    [Fact]
    public void The_clipped_share_counts_the_updates_whose_gradient_was_above_the_limit()
    {
        var s = AddingProblemSettings.For(AddingMethod.Momentum, 10) with { Budget = 2000, CheckpointEvery = 1000, TestSequences = 100 };
        var tight = AddingProblemExperiment.Run(s with { ClipNorm = 1e-9 });      // every gradient is longer than this
        var none = AddingProblemExperiment.Run(s with { ClipNorm = null });
        Assert.All(tight.Checkpoints!, c => Assert.Equal(1.0, c.Gradients!.ClippedShare));
        Assert.All(none.Checkpoints!, c => Assert.Equal(0.0, c.Gradients!.ClippedShare));
    }

    [Fact]
    public void The_recipe_learns_a_short_adding_problem()
    {
        // T = 10 with batches of 20 and η = 1e-3 (the defaults need about a million sequences even at T = 10): the share
        // of wrong test answers falls from that of the constant answer (about 80% at T = 10) to well below it.
        var s = AddingProblemSettings.For(AddingMethod.Momentum, 10) with
        {
            BatchSize = 20, LearningRate = 1e-3, Budget = 100_000, CheckpointEvery = 20_000, TestSequences = 1000,
        };
        var result = AddingProblemExperiment.Run(s);
        Assert.Null(result.Diverged);
        Assert.True(result.Checkpoints![0].Score.ErrorRate > 0.7, $"at 20,000 sequences: {result.Checkpoints[0]}");
        Assert.True(result.TestErrorRate < 0.4, result.ToString());
    }

    [Fact]
    public void The_final_phase_starts_once_the_recent_error_is_small()
    {
        // A threshold above the constant answer's MSE (about 0.03 at T = 10) starts the final phase as soon as the
        // 2,000-sequence window is full; none never starts it.
        var s = AddingProblemSettings.For(AddingMethod.Momentum, 10) with { Budget = 4000, FinalPhaseMse = 1.0 };
        Assert.Equal(2000, AddingProblemExperiment.Run(s).FinalPhaseFrom);
        Assert.Null(AddingProblemExperiment.Run(s with { FinalPhaseMse = null }).FinalPhaseFrom);
    }

    [Fact]
    public void The_final_phase_takes_a_tenth_of_the_learning_rate_and_only_from_its_start()
    {
        var recipe = AddingProblemSettings.For(AddingMethod.Momentum, 100);
        Assert.Equal(recipe.LearningRate / 10, recipe.FinalLearningRate, 15);
        Assert.Equal(1e-4, (recipe with { LearningRate = 1e-3 }).FinalLearningRate, 15);          // a changed η keeps the tenth
        // The final phase from 2,000 sequences on: its η changes what follows, and nothing before it.
        var s = AddingProblemSettings.For(AddingMethod.Momentum, 10) with { Budget = 4000, CheckpointEvery = 2000, TestSequences = 200, FinalPhaseMse = 1.0 };
        var tenth = AddingProblemExperiment.Run(s);
        var same = AddingProblemExperiment.Run(s with { FinalLearningRateScale = 1 });
        Assert.Equal(tenth.Checkpoints![0], same.Checkpoints![0]);
        Assert.NotEqual(tenth.Checkpoints![1].Score, same.Checkpoints![1].Score);
        var noFinalPhase = s with { FinalPhaseMse = null };
        Assert.Equal(AddingProblemExperiment.Run(noFinalPhase).Checkpoints, AddingProblemExperiment.Run(noFinalPhase with { FinalLearningRateScale = 1e-5 }).Checkpoints);
    }

    [Fact]
    public void The_final_phase_sets_its_momentum_even_above_the_schedules()
    {
        // The recipe's final μ (0.999) is above the schedule's 0.995: the final phase raises μ to it, from its start on.
        var recipe = AddingProblemSettings.For(AddingMethod.Momentum, 100);
        Assert.True(recipe.FinalMomentum > recipe.Schedule.Max);
        var s = AddingProblemSettings.For(AddingMethod.Momentum, 10) with
        {
            Budget = 4000, CheckpointEvery = 2000, TestSequences = 200, FinalPhaseMse = 1.0, FinalLearningRateScale = 1, Schedule = new MomentumSchedule(0.9, 0.995, 1, MomentumShape.Step),
        };
        var raised = AddingProblemExperiment.Run(s with { FinalMomentum = 0.999 });
        var kept = AddingProblemExperiment.Run(s with { FinalMomentum = 0.995 });
        Assert.Equal(raised.Checkpoints![0], kept.Checkpoints![0]);
        Assert.NotEqual(raised.Checkpoints![1].Score, kept.Checkpoints![1].Score);
    }
}
