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

        Trains an Elman net (2 inputs, logistic hidden units, 1 logistic output) on random additions of
        TRAIN-BITS-bit numbers, one addition per SGD update, then measures the fraction of 1,000 random additions it
        gets entirely right at the training width and at each test width, and how well k-means clusters of its hidden
        states match the 4 states of the carry automaton (purity).

          --hidden H            hidden units (default 3; 16 with --classic)
          --train-bits N        bits per training number (default 8)
          --test-bits A,B,...   widths to test (default 16,32,64)
          --iterations N        updates (default 100000; 10000 with --classic)
          --learning-rate R     SGD step size (default 0.2; 0.1 with --classic)
          --delay D             answer each column D steps later (default 0)
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
            Seed = a.Int("--seed", defaults.Seed),
        };
        bool json = a.Flag("--json");
        string? onnx = a.Text(ExportOnnxFlag.Name);
        a.EnsureAllUsed();
        if (a.Positional.Count > 0) throw new UsageException($"unexpected argument '{a.Positional[0]}'.");

        var result = BinaryAddition.Train(options, json ? null : line => Console.WriteLine(line));
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
                seed = options.Seed,
                accuracy = result.Accuracy.ToDictionary(p => p.Key.ToString(System.Globalization.CultureInfo.InvariantCulture), p => p.Value),
                cluster_purity = result.Automaton.Purity,
                saturation = result.Automaton.Saturation,
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
        return Task.FromResult(0);
    }
}
