using System.Text.Json;
using RnnLstm.Models;
using RnnLstm.Tasks;

namespace RnnLstm.Cli;

/// <summary><c>adding-problem</c>: the LongRange notebook's experiment for one method and one length.</summary>
public sealed class AddingProblemVerb : IVerb
{
    private static readonly Dictionary<string, AddingMethod> MethodNames = new()
    {
        ["rnn"] = AddingMethod.Rnn, ["lstm"] = AddingMethod.Lstm, ["gru"] = AddingMethod.Gru,
        ["irnn"] = AddingMethod.Irnn, ["esn"] = AddingMethod.Esn, ["momentum"] = AddingMethod.Momentum, ["hf"] = AddingMethod.Hf,
    };

    /// <inheritdoc/>
    public string Name => "adding-problem";

    /// <inheritdoc/>
    public string Summary => "train one learner on Hochreiter & Schmidhuber's adding problem; report whether it solved it";

    /// <inheritdoc/>
    public string Usage => $"""
        usage: dotnet run -c Release --project tools/rnnlstm -- adding-problem [options]

        Trains on an endless stream of adding-problem sequences (pairs of a value in [-1, 1] and a marker; length T to
        T + T/10; the target is 0.5 + (X1 + X2)/4 for the two marked values) until the paper's criterion holds (the
        last 2,000 training sequences all within 0.04, mean squared error below 0.01) or the budget is spent, then
        tests on {new AddingProblemSettings().TestSequences:N0} fresh sequences. Each method starts from its tuned defaults (see the LongRange notebook).

          --method M            rnn, lstm, gru, irnn, esn, momentum or hf (default lstm)
          --length T            minimal sequence length (default 100; at least {AddingProblem.MinimumLength})
          --budget N            most training sequences (default {new AddingProblemSettings().Budget:N0}; hf: {AddingProblemSettings.For(AddingMethod.Hf, 100).Budget:N0};
                                momentum: {AddingProblemSettings.For(AddingMethod.Momentum, 100).Budget:N0})
          --seed S              seed of weights, training stream and test set (default 1)
          --hidden H            hidden units of the trained nets (default {new AddingProblemSettings().HiddenSize}; momentum, hf and irnn: {AddingProblemSettings.For(AddingMethod.Momentum, 100).HiddenSize})
          --batch-size B        sequences per update
          --learning-rate R     Adam's (rnn, lstm, gru) or momentum SGD's (irnn, momentum) step size
          --clip C              clip the gradient to global norm C
          --no-clip             do not clip (irnn and rnn may then diverge)
          --forget-bias F       initial LSTM forget-gate bias, or GRU update-gate bias (default 5)
          --reservoir N         ESN reservoir units (default 200)
          --spectral-radius R   spectral radius of the ESN reservoir (default 0.5) or of the initial recurrent
                                matrix of momentum (default 1.1)
          --leak-rate A         ESN leaky-integrator rate α in (0, 1]: x ← (1 - α) x + α tanh(...) (default 0.002)
          --value-scale S       input weight scale of the value channel (esn: uniform in ±S, default 1;
                                momentum: S·N(0,1), default {M.InputScales.Value})
          --marker-scale S      input weight scale of the marker channel (esn: uniform in ±S, default 2;
                                momentum: S·N(0,1), default {M.InputScales.Marker})
          --nonzeros K          momentum: nonzero N(0,1) recurrent weights in every unit's row (default {M.RecurrentNonzeros})
          --output-scale S      momentum: initial output weights S·N(0,1) (default {M.OutputWeightScale})
          --output-bias B       momentum: initial output bias, any number (default {M.OutputBias}, the target mean)
          --bias-scale S        ESN unit biases uniform in ±S (default 1)
          --generic-reservoir   ESN: start from the generic reservoir (tanh units, α = 1, ρ = 0.99, input ±0.5,
                                no biases) instead of the one designed for the task
          --momentum-max M      momentum: Nesterov's μ after the first {M.Schedule.Period:N0} updates (μ {M.Schedule.Start} before; default {M.Schedule.Max})
          --final-phase-mse E   momentum: once the recent training MSE is below E, μ = --final-momentum for the rest
                                of the run (default {M.FinalPhaseMse}; none: no final phase)
          --final-momentum M    momentum: μ of the final phase (default {M.FinalMomentum})
          --final-learning-rate R  momentum: η of the final phase (default a tenth of the learning rate)
          --checkpoint-every N  gradient-trained methods: score the test set every N training sequences (the paper's
                                measure, the share with |error| ≥ 0.04, in --json "checkpoints"; default {M.CheckpointEvery:N0}; 0: only at the end)
          --curvature-batch N   HF: sequences of each gradient batch (--batch-size) used for curvature (default 200)
          --damping L           HF: initial Tikhonov damping λ (then adapted; default 1)
          --structural-damping M  HF: μ, structural damping λμ of the hidden states (default 1/30)
          --max-cg N            HF: most CG iterations per update (default 250)
          --recurrent-gain G    HF: gain (spectral radius) of the orthogonal initial recurrent matrix (default 1)
          --json                print a JSON summary (solved, sequences_seen, test_accuracy, test_error_rate,
                                checkpoints, wall_time_s, ...); the progress lines then go to stderr

        Momentum follows Sutskever, Martens, Dahl & Hinton (ICML 2013, RNN section and appendix): H = 100, batches of
        100, exactly 15 N(0,1) recurrent weights per unit scaled to spectral radius 1.1, input weights 0.001·N(0,1),
        output bias 0.5 (the target mean), Nesterov momentum 0.9 for 1,000 updates then 0.995, learning rate
        {M.LearningRate} (the paper: 1e-3 to 1e-6). Where it departs from the paper: the gradient is clipped to norm 1
        (the paper does not clip; once the net learns it shortens 93-100% of the updates, so it shapes the steps); a
        final phase (μ = {M.FinalMomentum} and η = {M.FinalLearningRate:G6} once the recent training MSE < {M.FinalPhaseMse}):
        each step then averages the gradient of about 1,000 updates, so the small systematic errors left add up and
        the batches' noise cancels, for the precision the strict rule needs (2,000 correct in a row), where the paper
        trained for a fixed budget and reported the share of test sequences wrong (here in --json "test_error_rate"
        and "checkpoints"); the budget is 10 M sequences (the paper: 5 M, at T = 80).

        Exit codes: 0 done (solved or not: see the output), 1 failed, 2 bad arguments.
        """;

    private static AddingProblemSettings M => AddingProblemSettings.For(AddingMethod.Momentum, 100);

    private static double? Finite(double v) => double.IsFinite(v) ? v : null;

    /// <summary>The ESN's input scales per channel (value, marker): its own if set, else its one scale for both.</summary>
    private static (double Value, double Marker) EsnScales(EchoStateOptions o) =>
        o.InputScales is [var value, var marker] ? (value, marker) : (o.InputScale, o.InputScale);

    /// <inheritdoc/>
    public Task<int> RunAsync(IReadOnlyList<string> args)
    {
        var a = new VerbArguments(args, "--no-clip", "--json", "--generic-reservoir");
        var method = a.Choice("--method", AddingMethod.Lstm, MethodNames);
        var defaults = AddingProblemSettings.For(method, a.Int("--length", 100, min: AddingProblem.MinimumLength));
        double clip = a.Double("--clip", defaults.ClipNorm ?? 1.0);
        bool noClip = a.Flag("--no-clip");
        bool momentum = method == AddingMethod.Momentum;
        var reservoir = a.Flag("--generic-reservoir") ? AddingProblemSettings.GenericReservoir : defaults.EchoState;
        var scales = momentum ? defaults.InputScales : EsnScales(reservoir);
        var valueScale = a.Double("--value-scale", scales.Value);
        var markerScale = a.Double("--marker-scale", scales.Marker);
        double radius = a.Double("--spectral-radius", momentum ? defaults.RecurrentGain : reservoir.SpectralRadius);
        double leakRate = a.Double("--leak-rate", reservoir.LeakRate);
        string? finalPhaseText = a.Text("--final-phase-mse");
        double? finalPhase = finalPhaseText is null ? defaults.FinalPhaseMse
            : finalPhaseText == "none" ? null
            : double.TryParse(finalPhaseText, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double e) && e > 0 ? e
            : throw new UsageException($"--final-phase-mse must be a positive number or 'none'; got '{finalPhaseText}'.");
        string? outputBiasText = a.Text("--output-bias");
        double outputBias = outputBiasText is null ? defaults.OutputBias
            : double.TryParse(outputBiasText, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double ob) && double.IsFinite(ob) ? ob
            : throw new UsageException($"--output-bias must be a number; got '{outputBiasText}'.");
        double learningRate = a.Double("--learning-rate", defaults.LearningRate);
        double finalRate = a.Double("--final-learning-rate", double.NaN);   // NaN: the default ratio to η (a tenth for momentum)
        if (leakRate > 1) throw new UsageException($"--leak-rate must be in (0, 1]; got {leakRate}.");
        var settings = defaults with
        {
            Budget = a.Int("--budget", (int)Math.Min(int.MaxValue, defaults.Budget), min: 1),
            Seed = a.Int("--seed", defaults.Seed),
            HiddenSize = a.Int("--hidden", defaults.HiddenSize, min: 1),
            BatchSize = a.Int("--batch-size", defaults.BatchSize, min: 1),
            LearningRate = learningRate,
            ClipNorm = noClip ? null : clip,
            ForgetBias = a.Double("--forget-bias", defaults.ForgetBias),
            HessianFree = defaults.HessianFree with
            {
                CurvatureBatchSize = a.Int("--curvature-batch", defaults.HessianFree.CurvatureBatchSize, min: 1),
                InitialDamping = a.Double("--damping", defaults.HessianFree.InitialDamping),
                StructuralDamping = a.Double("--structural-damping", defaults.HessianFree.StructuralDamping),
                MaxCgIterations = a.Int("--max-cg", defaults.HessianFree.MaxCgIterations, min: 1),
            },
            HessianFreeRecurrentGain = a.Double("--recurrent-gain", defaults.HessianFreeRecurrentGain),
            RecurrentGain = momentum ? radius : defaults.RecurrentGain,
            InputScales = momentum ? (valueScale, markerScale) : defaults.InputScales,
            FinalPhaseMse = finalPhase,
            FinalMomentum = a.Double("--final-momentum", defaults.FinalMomentum, fraction: true),
            FinalLearningRateScale = double.IsNaN(finalRate) ? defaults.FinalLearningRateScale : finalRate / learningRate,
            RecurrentNonzeros = a.Int("--nonzeros", defaults.RecurrentNonzeros, min: 1),
            OutputWeightScale = a.Double("--output-scale", defaults.OutputWeightScale),
            OutputBias = outputBias,
            CheckpointEvery = a.Int("--checkpoint-every", (int)Math.Min(int.MaxValue, defaults.CheckpointEvery), min: 0),
            Schedule = defaults.Schedule with { Max = a.Double("--momentum-max", defaults.Schedule.Max, fraction: true) },
            EchoState = reservoir with
            {
                ReservoirSize = a.Int("--reservoir", reservoir.ReservoirSize, min: 1),
                SpectralRadius = momentum ? reservoir.SpectralRadius : radius,
                LeakRate = leakRate,
                BiasScale = a.Double("--bias-scale", reservoir.BiasScale),
                InputScales = momentum ? reservoir.InputScales : [valueScale, markerScale],
            },
        };
        bool json = a.Flag("--json");
        a.EnsureAllUsed();
        if (a.Positional.Count > 0) throw new UsageException($"unexpected argument '{a.Positional[0]}'.");

        if (!json) Console.WriteLine($"{settings.Describe()}; T = {settings.Length}, budget {settings.Budget:N0} sequences, seed {settings.Seed}");
        // With --json the progress goes to stderr, so stdout stays one JSON document and a long run can still be watched.
        var output = json ? Console.Error : Console.Out;
        var result = AddingProblemExperiment.Run(settings, point => output.WriteLine(point), c => output.WriteLine($"checkpoint {c}"));
        if (json)
        {
            Console.WriteLine(JsonSerializer.Serialize(new
            {
                method = method.ToString().ToLowerInvariant(),
                length = settings.Length,
                budget = settings.Budget,
                seed = settings.Seed,
                settings = settings.Describe(),
                solved = result.Solved,
                sequences_seen = result.SequencesSeen,
                test_accuracy = result.TestAccuracy,
                test_mean_abs_error = double.IsFinite(result.TestMeanAbsError) ? result.TestMeanAbsError : (double?)null,
                test_sequences = settings.TestSequences,
                test_error_rate = result.TestErrorRate,
                updates = result.Checkpoints is [.., var last] ? last.Updates : (long?)null,
                final_phase_from = result.FinalPhaseFrom,
                clipped_updates = result.ClippedUpdates,
                checkpoints = (result.Checkpoints ?? []).Select(c => new
                {
                    sequences = c.SequencesSeen, updates = c.Updates, test_error_rate = c.Score.ErrorRate,
                    test_mean_abs_error = double.IsFinite(c.Score.MeanAbsError) ? c.Score.MeanAbsError : (double?)null,
                    first_value_sensitivity = Finite(c.FirstValueSensitivity), last_value_sensitivity = Finite(c.LastValueSensitivity),
                    median_gradient_norm = c.Gradients is { } g ? Finite(g.MedianNorm) : null, clipped_share = c.Gradients?.ClippedShare,
                }),
                diverged = result.Diverged,
                wall_time_s = result.WallTime.TotalSeconds,
            }, new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
            return Task.FromResult(0);
        }
        Console.WriteLine();
        Console.WriteLine(result);
        if (result.Diverged is not null) Console.WriteLine(result.Diverged);
        return Task.FromResult(0);
    }
}
