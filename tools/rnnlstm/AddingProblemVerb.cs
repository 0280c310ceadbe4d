using System.Text.Json;
using RnnLstm.Tasks;

namespace RnnLstm.Cli;

/// <summary><c>adding-problem</c>: the LongRange notebook's experiment for one method and one length.</summary>
public sealed class AddingProblemVerb : IVerb
{
    private static readonly Dictionary<string, AddingMethod> MethodNames = new()
    {
        ["rnn"] = AddingMethod.Rnn, ["lstm"] = AddingMethod.Lstm, ["gru"] = AddingMethod.Gru,
        ["irnn"] = AddingMethod.Irnn, ["esn"] = AddingMethod.Esn, ["hf"] = AddingMethod.Hf,
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

          --method M            rnn, lstm, gru, irnn, esn or hf (default lstm)
          --length T            minimal sequence length (default 100; at least {AddingProblem.MinimumLength})
          --budget N            most training sequences (default {new AddingProblemSettings().Budget:N0})
          --seed S              seed of weights, training stream and test set (default 1)
          --hidden H            hidden units of the trained nets (default 32)
          --batch-size B        sequences per update
          --learning-rate R     Adam's (rnn, lstm, gru) or momentum SGD's (irnn) step size
          --clip C              clip the gradient to global norm C
          --no-clip             do not clip (irnn and rnn may then diverge)
          --forget-bias F       initial LSTM forget-gate bias, or GRU update-gate bias (default 5)
          --reservoir N         ESN reservoir units (default 200)
          --spectral-radius R   ESN reservoir spectral radius (default 0.99)
          --curvature-batch N   HF: sequences of each gradient batch (--batch-size) used for curvature (default 200)
          --damping L           HF: initial Tikhonov damping λ (then adapted; default 1)
          --structural-damping M  HF: μ, structural damping λμ of the hidden states (default 1/30)
          --max-cg N            HF: most CG iterations per update (default 250)
          --recurrent-gain G    HF: gain (spectral radius) of the orthogonal initial recurrent matrix (default 1)
          --json                print a JSON summary (solved, sequences_seen, test_accuracy, wall_time_s, ...)

        Exit codes: 0 done (solved or not: see the output), 1 failed, 2 bad arguments.
        """;

    /// <inheritdoc/>
    public Task<int> RunAsync(IReadOnlyList<string> args)
    {
        var a = new VerbArguments(args, "--no-clip", "--json");
        var method = a.Choice("--method", AddingMethod.Lstm, MethodNames);
        var defaults = AddingProblemSettings.For(method, a.Int("--length", 100, min: AddingProblem.MinimumLength));
        double clip = a.Double("--clip", defaults.ClipNorm ?? 1.0);
        bool noClip = a.Flag("--no-clip");
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
            EchoState = defaults.EchoState with
            {
                ReservoirSize = a.Int("--reservoir", defaults.EchoState.ReservoirSize, min: 1),
                SpectralRadius = a.Double("--spectral-radius", defaults.EchoState.SpectralRadius),
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
