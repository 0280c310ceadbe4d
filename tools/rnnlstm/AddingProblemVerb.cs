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
          --budget N            most training sequences (default {new AddingProblemSettings().Budget:N0}; hf: {AddingProblemSettings.For(AddingMethod.Hf, 100).Budget:N0})
          --seed S              seed of weights, training stream and test set (default 1)
          --hidden H            hidden units of the trained nets (default 32)
          --batch-size B        sequences per update
          --learning-rate R     Adam's (rnn, lstm, gru) or momentum SGD's (irnn, momentum) step size
          --clip C              clip the gradient to global norm C
          --no-clip             do not clip (irnn and rnn may then diverge)
          --forget-bias F       initial LSTM forget-gate bias, or GRU update-gate bias (default 5)
          --reservoir N         ESN reservoir units (default 200)
          --spectral-radius R   spectral radius of the ESN reservoir (default 0.5) or of the initial recurrent
                                matrix of momentum (default 1.1)
          --leak-rate A         ESN leaky-integrator rate α in (0, 1]: x ← (1 - α) x + α tanh(...) (default 0.002)
          --value-scale S       input weight scale of the value channel (esn: default 1; momentum: default 1)
          --marker-scale S      input weight scale of the marker channel (esn: default 2; momentum: default 1)
          --bias-scale S        ESN unit biases uniform in ±S (default 1)
          --generic-reservoir   ESN: start from the generic reservoir (tanh units, α = 1, ρ = 0.99, input ±0.5,
                                no biases) instead of the one designed for the task
          --momentum-max M      momentum: ceiling of Nesterov's rising μ (default 0.99)
          --final-phase-mse E   momentum: hold μ at 0.9 once the recent training MSE is below E (default: no final phase)
          --curvature-batch N   HF: sequences of each gradient batch (--batch-size) used for curvature (default 200)
          --damping L           HF: initial Tikhonov damping λ (then adapted; default 1)
          --structural-damping M  HF: μ, structural damping λμ of the hidden states (default 1/30)
          --max-cg N            HF: most CG iterations per update (default 250)
          --recurrent-gain G    HF: gain (spectral radius) of the orthogonal initial recurrent matrix (default 1)
          --json                print a JSON summary (solved, sequences_seen, test_accuracy, wall_time_s, ...)

        Exit codes: 0 done (solved or not: see the output), 1 failed, 2 bad arguments.
        """;

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
        double finalPhase = a.Double("--final-phase-mse", defaults.FinalPhaseMse ?? double.NaN);   // NaN: no final phase
        if (leakRate > 1) throw new UsageException($"--leak-rate must be in (0, 1]; got {leakRate}.");
        var settings = defaults with
        {
            Budget = a.Int("--budget", (int)Math.Min(int.MaxValue, defaults.Budget), min: 1),
            Seed = a.Int("--seed", defaults.Seed),
            HiddenSize = a.Int("--hidden", defaults.HiddenSize, min: 1),
            BatchSize = a.Int("--batch-size", defaults.BatchSize, min: 1),
            LearningRate = a.Double("--learning-rate", defaults.LearningRate),
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
            FinalPhaseMse = double.IsNaN(finalPhase) ? null : finalPhase,
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
        var result = AddingProblemExperiment.Run(settings, json ? null : point => Console.WriteLine(point));
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
