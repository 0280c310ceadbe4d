using System.Text;
using RnnLstm.Cells;
using RnnLstm.Models;
using RnnLstm.Numerics;
using RnnLstm.Training;

namespace RnnLstm.Tasks;

/// <summary>Settings of the character model (min-char-rnn's, by default).</summary>
public sealed record CharModelOptions
{
    /// <summary>Hidden units.</summary>
    public int Hidden { get; init; } = 100;
    /// <summary>Characters per training chunk (BPTT length).</summary>
    public int SequenceLength { get; init; } = 25;
    /// <summary>Adagrad step size.</summary>
    public double LearningRate { get; init; } = 0.1;
    /// <summary>Gradients are clamped to ±this.</summary>
    public double ClipValue { get; init; } = 5;
    /// <summary>Weights start uniform in ±this (min-char-rnn draws N(0, 0.01²); ±0.017 has the same spread).</summary>
    public double InitScale { get; init; } = 0.017;
    /// <summary>Seed of the weights (sampling takes its own <see cref="Rng"/>).</summary>
    public int Seed { get; init; } = 1;
    /// <summary>The cell (min-char-rnn: a tanh Elman cell).</summary>
    public CellKind Cell { get; init; } = CellKind.Elman;
}

/// <summary>
/// A character-level language model in the style of Karpathy's min-char-rnn: the same recurrent machinery as binary
/// addition, with a different input sequence. Each step reads one character (one-hot) and predicts the next one.
/// </summary>
/// <remarks>
/// <code>
/// x_t = onehot(text[p + t]),  target_t = onehot(text[p + t + 1]),  t = 0..L-1
/// h_t = tanh(U x_t + V h_{t-1} + b);  p(next) = softmax(W h_t + c)
/// </code>
/// Training walks through the text in chunks of L characters, carrying h from one chunk to the next (so the net can
/// use context longer than L) but backpropagating only within a chunk.
/// </remarks>
public sealed class CharModel
{
    private readonly string _text;
    private readonly Dictionary<char, int> _index;
    private readonly Trainer<float> _trainer;
    private readonly float[] _x, _y;
    private int _position, _iteration;
    private bool _restartWalk = true;

    /// <summary>A fresh model of <paramref name="text"/> (its distinct characters are the vocabulary).</summary>
    public CharModel(string text, CharModelOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        Options = options ?? new CharModelOptions();
        if (text.Length <= Options.SequenceLength)
            throw new ArgumentException($"The text has {text.Length} characters; it needs more than the sequence length {Options.SequenceLength}.", nameof(text));
        _text = text;
        Vocabulary = new string(text.Distinct().Order().ToArray());
        _index = Vocabulary.Select((c, i) => (c, i)).ToDictionary(p => p.c, p => p.i);
        int V = Vocabulary.Length;
        Model = new SequenceModel<float>(new ModelSpec
        {
            Cell = Options.Cell, InputSize = V, HiddenSizes = [Options.Hidden], OutputSize = V, Output = OutputMode.EveryStep,
            Init = WeightInit.Uniform, InitScale = Options.InitScale,
        }, Options.Seed);
        _trainer = new Trainer<float>(Model, Losses.SoftmaxCrossEntropy<float>(), new Adagrad<float>(Options.LearningRate),
            new TrainerOptions { ClipValue = Options.ClipValue });
        _x = new float[Options.SequenceLength * V];
        _y = new float[Options.SequenceLength * V];
        SmoothLoss = Math.Log(V);
    }

    /// <summary>The settings.</summary>
    public CharModelOptions Options { get; }
    /// <summary>The distinct characters, sorted; character i is input and output unit i.</summary>
    public string Vocabulary { get; }
    /// <summary>The network.</summary>
    public SequenceModel<float> Model { get; }
    /// <summary>Updates so far.</summary>
    public int Iterations => _iteration;
    /// <summary>Running average of the loss (nats per character; starts at log V, the loss of a uniform guess).</summary>
    public double SmoothLoss { get; private set; }
    /// <summary>(iteration, smoothed loss) every 10 iterations.</summary>
    public List<(int Iteration, double Loss)> LossCurve { get; } = [];

    /// <summary>Runs <paramref name="iterations"/> updates; <paramref name="progress"/> gets (iteration, smoothed loss) every 100.</summary>
    public void Train(int iterations, Action<int, double>? progress = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(iterations);
        int L = Options.SequenceLength;
        for (int k = 0; k < iterations; k++)
        {
            if (_restartWalk || _position + L + 1 > _text.Length) { _position = 0; Model.ResetState(); _restartWalk = false; }
            Array.Clear(_x);
            Array.Clear(_y);
            for (int t = 0; t < L; t++)
            {
                _x[t * Vocabulary.Length + _index[_text[_position + t]]] = 1;
                _y[t * Vocabulary.Length + _index[_text[_position + t + 1]]] = 1;
            }
            double loss = _trainer.Step(_x, _y, L, 1);
            Model.CarryState();
            SmoothLoss = 0.999 * SmoothLoss + 0.001 * loss;
            _position += L;
            _iteration++;
            if (_iteration % 10 == 0) LossCurve.Add((_iteration, SmoothLoss));
            if (_iteration % 100 == 0) progress?.Invoke(_iteration, SmoothLoss);
        }
    }

    /// <summary>Generates <paramref name="length"/> characters after <paramref name="start"/>, drawing each from the predicted distribution.</summary>
    /// <param name="temperature">Below 1 sharpens the distribution (safer text), above 1 flattens it.</param>
    public string Sample(string start, int length, Rng rng, double temperature = 1.0)
    {
        ArgumentException.ThrowIfNullOrEmpty(start);
        ArgumentNullException.ThrowIfNull(rng);
        if (!(temperature > 0)) throw new ArgumentOutOfRangeException(nameof(temperature), temperature, "The temperature must be positive.");
        foreach (char c in start)
            if (!_index.ContainsKey(c)) throw new ArgumentException($"'{c}' is not in the vocabulary \"{Vocabulary}\".", nameof(start));
        int V = Vocabulary.Length;
        var x = new float[V];
        var p = new double[V];
        var text = new StringBuilder(start);
        Model.ResetState();
        float[] logits = [];
        foreach (char c in start) logits = Step(c);
        for (int k = 0; k < length; k++)
        {
            double max = logits.Max(), sum = 0;
            for (int i = 0; i < V; i++) { p[i] = Math.Exp((logits[i] - max) / temperature); sum += p[i]; }
            double pick = rng.NextDouble() * sum;
            int chosen = V - 1;
            for (int i = 0; i < V; i++) { pick -= p[i]; if (pick <= 0) { chosen = i; break; } }
            text.Append(Vocabulary[chosen]);
            logits = Step(Vocabulary[chosen]);
        }
        Model.ResetState();
        _restartWalk = true; // sampling replaced the carried state: the next Train starts the text again
        return text.ToString();

        float[] Step(char c)
        {
            Array.Clear(x);
            x[_index[c]] = 1;
            var y = Model.Forward(x, 1, 1).ToArray();
            Model.CarryState();
            return y;
        }
    }
}
