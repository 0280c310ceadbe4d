using System.Text.Json;
using RnnLstm.Tasks;

namespace RnnLstm.Cli;

/// <summary><c>binary-addition</c>: the RNN notebook's experiment without the notebook.</summary>
public sealed class BinaryAdditionVerb : IVerb
{
    /// <inheritdoc/>
    public string Name => "binary-addition";

    /// <inheritdoc/>
    public string Summary => "train a recurrent net to add binary numbers; test longer numbers; find the automaton";

    /// <inheritdoc/>
    public string Usage => $"""
        usage: dotnet run --project tools/rnnlstm -- binary-addition [options]

        Trains an Elman net (2 inputs and 1 logistic output per pair, logistic hidden units) on random additions of
        TRAIN-BITS-bit numbers, one addition per SGD update, then measures the fraction of 1,000 random additions it
        gets entirely right at the training width and at each test width, and how well k-means clusters of its hidden
        states (2 clusters per state) keep the states of the task's automaton apart (purity): 4 carry states,
        2^(D+2) with --delay D, 16 for two pairs. A run is accepted when every training-width addition is right,
        purity is at least 0.95 and the states sit tightly around the cluster centres (RMS spread at most 0.1);
        otherwise it restarts from a new seed, up to --tries times, and "rejected_because" says what failed.

          --hidden H            hidden units (default 3; 16 with --classic)
          --train-bits N        bits per training number (default 8)
          --test-bits A,B,...   widths to test (default 16,32,64)
          --iterations N        updates (default 100000; 10000 with --classic)
          --learning-rate R     SGD step size (default 0.2; 0.1 with --classic)
          --delay D             answer each column D steps later (default 0)
          --pairs P             independent additions side by side, 2P inputs and P outputs (default 1); with
                                more than one, the report adds how well a linear readout recovers each
                                pair's own state
          --tries N             training runs to try until one is accepted (default 10; 1 with --classic)
          --seed S              seed of weights and data (default 1)
          --classic             Trask's setup: 16 units, no biases, 10,000 iterations, rate 0.1, one run
          --export-onnx FILE    also write the trained net as an ONNX model: x [T, B, 2] (the two numbers' bits, least
                                significant first), y [T, B, 1] (each sum bit's probability)
          --json                print a JSON summary instead of the log
        """;

    /// <inheritdoc/>
    public Task<int> RunAsync(IReadOnlyList<string> args)
    {
        var a = new VerbArguments(args, "--classic", "--json");
        var defaults = a.Flag("--classic") ? BinaryAdditionOptions.Classic : new BinaryAdditionOptions();
        var options = defaults with
        {
            Hidden = a.Int("--hidden", defaults.Hidden, min: 1),
            TrainBits = a.Int("--train-bits", defaults.TrainBits, min: 2),
            TestBits = a.IntList("--test-bits", defaults.TestBits, min: 2),
            Iterations = a.Int("--iterations", defaults.Iterations, min: 1),
            LearningRate = a.Double("--learning-rate", defaults.LearningRate),
            Delay = a.Int("--delay", defaults.Delay, min: 0),
            Pairs = a.Int("--pairs", defaults.Pairs, min: 1),
            MaxTries = a.Int("--tries", defaults.MaxTries, min: 1),
            Seed = a.Int("--seed", defaults.Seed),
        };
        bool json = a.Flag("--json");
        string? onnx = a.Text(ExportOnnxFlag.Name);
        a.EnsureAllUsed();
        if (a.Positional.Count > 0) throw new UsageException($"unexpected argument '{a.Positional[0]}'.");

        if (AdditionAutomaton.CountStates(options.Delay, options.Pairs) > BinaryAdditionOptions.MaxAutomatonStates)
            throw new UsageException($"--pairs {options.Pairs} with --delay {options.Delay} make an automaton of {AdditionAutomaton.CountStates(options.Delay, options.Pairs):G4} states; at most {BinaryAdditionOptions.MaxAutomatonStates} can be analysed (4 per pair without delay, twice as many per step of delay, multiplied over the pairs).");
        var result = BinaryAddition.Train(options, json ? null : line => Console.WriteLine(line));
        var readout = options.Pairs > 1 ? BinaryAddition.ReadOutPairs(result.Model, options.TrainBits, count: 500, seed: result.RunSeed + 5, options.Delay) : null;
        ExportOnnxFlag.Save(result.Model, onnx);
        if (json)
        {
            Console.WriteLine(JsonSerializer.Serialize(new
            {
                hidden = options.Hidden,
                train_bits = options.TrainBits,
                iterations = options.Iterations,
                total_iterations = result.TotalIterations,
                tries = result.Tries,
                accepted = result.Accepted,
                rejected_because = result.Rejection,
                pairs = options.Pairs,
                delay = options.Delay,
                automaton_states = result.Automaton.K,
                seed = options.Seed,
                accuracy = result.Accuracy.ToDictionary(p => p.Key.ToString(System.Globalization.CultureInfo.InvariantCulture), p => p.Value),
                cluster_purity = result.Automaton.Purity,
                cluster_spread = result.Automaton.Spread,
                saturation = result.Automaton.Saturation,
                pair_readout = readout?.PerPair,
                joint_readout = readout?.Joint,
                first_correct_iteration = result.FirstCorrectIteration,
                wall_time_s = result.Elapsed.TotalSeconds,
            }, new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
            return Task.FromResult(0);
        }
        Console.WriteLine();
        Console.WriteLine(result);
        foreach (var (width, accuracy) in result.Accuracy) Console.WriteLine($"  {width,4} bits: {accuracy:P1} of {options.TestCount} additions right");
        Console.WriteLine();
        Console.WriteLine(result.Automaton.FormatTable());
        if (readout is not null)
            Console.WriteLine($"linear readout of each pair's {readout.StatesPerPair} states: {string.Join(", ", readout.PerPair.Select((r, p) => $"pair {p} {r:P1}"))}; of the {readout.JointStates} joint states: {readout.Joint:P1}");
        return Task.FromResult(0);
    }
}
