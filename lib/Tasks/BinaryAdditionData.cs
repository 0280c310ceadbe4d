using RnnLstm.Numerics;

namespace RnnLstm.Tasks;

/// <summary>
/// A batch of binary additions encoded for a recurrent net: two input bits per step, one target bit per step.
/// </summary>
/// <remarks>
/// <para>Operands have <c>width - 1</c> random bits and a 0 on top, so their sum fits in <c>width</c> bits.</para>
/// <para>Step t (0-based) carries x_t = (a_t, b_t) for t &lt; width, zeros after. The target at step t is sum bit
/// <c>t - delay</c> (0 before the first). With delay 0 the output unit reads h_t, which has already taken in
/// column t: input → hidden is one step of computation and hidden → output another, the lecture's "two time steps"
/// in our indexing. Delay 1 asks for each bit one column later, so the net must also remember the bit it owes.</para>
/// <para>Shapes: x [T, B, 2], y [T, B, 1], T = width + delay, as <see cref="Models.SequenceModel{T}"/> reads them.</para>
/// </remarks>
public sealed class BinaryAdditionData
{
    /// <summary>An empty batch of <paramref name="batch"/> additions of <paramref name="width"/>-bit numbers.</summary>
    public BinaryAdditionData(int width, int batch, int delay = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 2);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batch);
        ArgumentOutOfRangeException.ThrowIfNegative(delay);
        (Width, Batch, Delay) = (width, batch, delay);
        A = new bool[batch * width];
        B = new bool[batch * width];
        Sum = new bool[batch * width];
        States = new int[batch * width];
        X = new float[Steps * batch * 2];
        Y = new float[Steps * batch];
    }

    /// <summary>Bits per number.</summary>
    public int Width { get; }
    /// <summary>Additions in the batch.</summary>
    public int Batch { get; }
    /// <summary>Steps between reading a column and answering it.</summary>
    public int Delay { get; }
    /// <summary>T = width + delay.</summary>
    public int Steps => Width + Delay;
    /// <summary>First operands, [B, width], least significant bit first.</summary>
    public bool[] A { get; }
    /// <summary>Second operands, [B, width].</summary>
    public bool[] B { get; }
    /// <summary>True sums, [B, width].</summary>
    public bool[] Sum { get; }
    /// <summary>Automaton state after each column, [B, width] (see <see cref="CarryAutomaton"/>).</summary>
    public int[] States { get; }
    /// <summary>Inputs, [T, B, 2].</summary>
    public float[] X { get; }
    /// <summary>Targets, [T, B, 1].</summary>
    public float[] Y { get; }

    /// <summary>Operand bits of example <paramref name="b"/>.</summary>
    public Span<bool> OperandA(int b) => A.AsSpan(b * Width, Width);
    /// <summary>Operand bits of example <paramref name="b"/>.</summary>
    public Span<bool> OperandB(int b) => B.AsSpan(b * Width, Width);
    /// <summary>Sum bits of example <paramref name="b"/>.</summary>
    public Span<bool> SumOf(int b) => Sum.AsSpan(b * Width, Width);

    /// <summary>Draws new random operands (top bit 0) and re-encodes.</summary>
    public void Randomize(Rng rng)
    {
        for (int b = 0; b < Batch; b++)
        {
            BinaryNumbers.Random(OperandA(b), rng, zeroTop: 1);
            BinaryNumbers.Random(OperandB(b), rng, zeroTop: 1);
        }
        Encode();
    }

    /// <summary>Sets example <paramref name="b"/> to the given operands (call <see cref="Encode"/> after the last one).</summary>
    public void Set(int b, ReadOnlySpan<bool> a, ReadOnlySpan<bool> bBits)
    {
        if (a.Length != Width || bBits.Length != Width)
            throw new ArgumentException($"Operands must have {Width} bits (got {a.Length} and {bBits.Length}).", nameof(a));
        if (a[^1] || bBits[^1])
            throw new ArgumentException($"The top bit of each operand must be 0 so that the sum fits in {Width} bits.", nameof(a));
        a.CopyTo(OperandA(b));
        bBits.CopyTo(OperandB(b));
    }

    /// <summary>Computes sums, automaton states, inputs and targets from the operands.</summary>
    public void Encode()
    {
        Array.Clear(X);
        Array.Clear(Y);
        for (int b = 0; b < Batch; b++)
        {
            CarryAutomaton.Run(OperandA(b), OperandB(b), SumOf(b), States.AsSpan(b * Width, Width));
            for (int t = 0; t < Width; t++)
            {
                X[(t * Batch + b) * 2] = A[b * Width + t] ? 1f : 0f;
                X[(t * Batch + b) * 2 + 1] = B[b * Width + t] ? 1f : 0f;
                Y[(t + Delay) * Batch + b] = Sum[b * Width + t] ? 1f : 0f;
            }
        }
    }

    /// <summary>Reads the net's answer for example <paramref name="b"/> from outputs y [T, B, 1] (threshold 0.5).</summary>
    public void Decode(ReadOnlySpan<float> output, int b, Span<bool> bits)
    {
        for (int t = 0; t < Width; t++) bits[t] = output[(t + Delay) * Batch + b] > 0.5f;
    }

    /// <summary>How many examples the net got entirely right (every bit).</summary>
    public int CountCorrect(ReadOnlySpan<float> output)
    {
        int correct = 0;
        for (int b = 0; b < Batch; b++)
        {
            bool ok = true;
            for (int t = 0; t < Width && ok; t++) ok = (output[(t + Delay) * Batch + b] > 0.5f) == Sum[b * Width + t];
            if (ok) correct++;
        }
        return correct;
    }
}
