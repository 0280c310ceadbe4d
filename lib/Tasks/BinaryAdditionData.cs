using RnnLstm.Numerics;

namespace RnnLstm.Tasks;

/// <summary>
/// A batch of binary additions encoded for a recurrent net: for each of <see cref="Pairs"/> independent additions, two
/// input bits and one target bit per step.
/// </summary>
/// <remarks>
/// <para>Operands have <c>width - 1</c> random bits and a 0 on top, so their sum fits in <c>width</c> bits.</para>
/// <para>Step t (0-based) carries column t of every pair for t &lt; width, zeros after: x_t = (a_t, b_t) for one pair,
/// (a_t, b_t, a'_t, b'_t) for two. The target of pair p at step t is its sum bit <c>t - delay</c> (0 before the
/// first). With delay 0 the output unit reads h_t, which has already taken in column t: input → hidden is one step of
/// computation and hidden → output another, the lecture's "two time steps" in our indexing. Delay 1 asks for each bit
/// one column later, so the net must also remember the bit it owes.</para>
/// <para>Shapes: x [T, B, 2P], y [T, B, P], T = width + delay, as <see cref="Models.SequenceModel{T}"/> reads them.
/// <see cref="States"/> labels every column with the state of <see cref="Automaton"/>, the automaton of exactly this
/// task (delay and pairs included).</para>
/// </remarks>
public sealed class BinaryAdditionData
{
    /// <summary>An empty batch of <paramref name="batch"/> examples of <paramref name="pairs"/> additions of <paramref name="width"/>-bit numbers.</summary>
    public BinaryAdditionData(int width, int batch, int delay = 0, int pairs = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 2);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batch);
        ArgumentOutOfRangeException.ThrowIfNegative(delay);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(pairs);
        (Width, Batch, Delay, Pairs) = (width, batch, delay, pairs);
        Automaton = new AdditionAutomaton(delay, pairs);
        _ = Automaton.StateCount; // throws if the joint automaton is too large to number
        A = new bool[batch * pairs * width];
        B = new bool[batch * pairs * width];
        Sum = new bool[batch * pairs * width];
        PairStates = new int[batch * pairs * width];
        States = new int[batch * width];
        X = new float[Steps * batch * InputSize];
        Y = new float[Steps * batch * pairs];
    }

    /// <summary>Bits per number.</summary>
    public int Width { get; }
    /// <summary>Examples in the batch.</summary>
    public int Batch { get; }
    /// <summary>Steps between reading a column and answering it.</summary>
    public int Delay { get; }
    /// <summary>Independent additions per example.</summary>
    public int Pairs { get; }
    /// <summary>The automaton that does this task; <see cref="States"/> are its states.</summary>
    public AdditionAutomaton Automaton { get; }
    /// <summary>Inputs per step: 2 · pairs.</summary>
    public int InputSize => 2 * Pairs;
    /// <summary>T = width + delay.</summary>
    public int Steps => Width + Delay;
    /// <summary>First operands, [B, P, width], least significant bit first.</summary>
    public bool[] A { get; }
    /// <summary>Second operands, [B, P, width].</summary>
    public bool[] B { get; }
    /// <summary>True sums, [B, P, width].</summary>
    public bool[] Sum { get; }
    /// <summary>Each pair's own <see cref="CarryAutomaton"/> state after each column, [B, P, width].</summary>
    public int[] PairStates { get; }
    /// <summary>State of <see cref="Automaton"/> (all pairs together) after each column, [B, width].</summary>
    public int[] States { get; }
    /// <summary>Inputs, [T, B, 2P].</summary>
    public float[] X { get; }
    /// <summary>Targets, [T, B, P].</summary>
    public float[] Y { get; }

    /// <summary>First operand of pair <paramref name="pair"/> in example <paramref name="b"/>.</summary>
    public Span<bool> OperandA(int b, int pair = 0) => A.AsSpan(Offset(b, pair), Width);
    /// <summary>Second operand of pair <paramref name="pair"/> in example <paramref name="b"/>.</summary>
    public Span<bool> OperandB(int b, int pair = 0) => B.AsSpan(Offset(b, pair), Width);
    /// <summary>Sum bits of pair <paramref name="pair"/> in example <paramref name="b"/>.</summary>
    public Span<bool> SumOf(int b, int pair = 0) => Sum.AsSpan(Offset(b, pair), Width);
    /// <summary>Pair <paramref name="pair"/>'s automaton states in example <paramref name="b"/>, one per column.</summary>
    public Span<int> PairStatesOf(int b, int pair = 0) => PairStates.AsSpan(Offset(b, pair), Width);

    private int Offset(int b, int pair)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(b);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(b, Batch, nameof(b));
        ArgumentOutOfRangeException.ThrowIfNegative(pair);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(pair, Pairs, nameof(pair));
        return (b * Pairs + pair) * Width;
    }

    /// <summary>Draws new random operands (top bit 0) and re-encodes.</summary>
    public void Randomize(Rng rng)
    {
        for (int b = 0; b < Batch; b++)
            for (int p = 0; p < Pairs; p++)
            {
                BinaryNumbers.Random(OperandA(b, p), rng, zeroTop: 1);
                BinaryNumbers.Random(OperandB(b, p), rng, zeroTop: 1);
            }
        Encode();
    }

    /// <summary>Sets pair <paramref name="pair"/> of example <paramref name="b"/> to the given operands (call <see cref="Encode"/> after the last one).</summary>
    public void Set(int b, ReadOnlySpan<bool> a, ReadOnlySpan<bool> bBits, int pair = 0)
    {
        if (a.Length != Width || bBits.Length != Width)
            throw new ArgumentException($"Operands must have {Width} bits (got {a.Length} and {bBits.Length}).", nameof(a));
        if (a[^1] || bBits[^1])
            throw new ArgumentException($"The top bit of each operand must be 0 so that the sum fits in {Width} bits.", nameof(a));
        a.CopyTo(OperandA(b, pair));
        bBits.CopyTo(OperandB(b, pair));
    }

    /// <summary>Computes sums, automaton states, inputs and targets from the operands.</summary>
    public void Encode()
    {
        Array.Clear(X);
        Array.Clear(Y);
        Span<int> joint = stackalloc int[Pairs];
        for (int b = 0; b < Batch; b++)
        {
            for (int p = 0; p < Pairs; p++)
            {
                CarryAutomaton.Run(OperandA(b, p), OperandB(b, p), SumOf(b, p), PairStatesOf(b, p), Delay);
                for (int t = 0; t < Width; t++)
                {
                    int i = Offset(b, p) + t;
                    X[(t * Batch + b) * InputSize + 2 * p] = A[i] ? 1f : 0f;
                    X[(t * Batch + b) * InputSize + 2 * p + 1] = B[i] ? 1f : 0f;
                    Y[((t + Delay) * Batch + b) * Pairs + p] = Sum[i] ? 1f : 0f;
                }
            }
            for (int t = 0; t < Width; t++)
            {
                for (int p = 0; p < Pairs; p++) joint[p] = PairStates[Offset(b, p) + t];
                States[b * Width + t] = Automaton.Join(joint);
            }
        }
    }

    /// <summary>Reads the net's answer for pair <paramref name="pair"/> of example <paramref name="b"/> from outputs y [T, B, P] (threshold 0.5).</summary>
    public void Decode(ReadOnlySpan<float> output, int b, Span<bool> bits, int pair = 0)
    {
        for (int t = 0; t < Width; t++) bits[t] = output[((t + Delay) * Batch + b) * Pairs + pair] > 0.5f;
    }

    /// <summary>How many examples the net got entirely right (every bit of every pair).</summary>
    public int CountCorrect(ReadOnlySpan<float> output)
    {
        int correct = 0;
        for (int b = 0; b < Batch; b++)
        {
            bool ok = true;
            for (int p = 0; p < Pairs && ok; p++)
                for (int t = 0; t < Width && ok; t++)
                    ok = (output[((t + Delay) * Batch + b) * Pairs + p] > 0.5f) == Sum[Offset(b, p) + t];
            if (ok) correct++;
        }
        return correct;
    }
}
