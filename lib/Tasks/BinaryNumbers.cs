using System.Numerics;
using RnnLstm.Numerics;

namespace RnnLstm.Tasks;

/// <summary>
/// Binary numbers as bit sequences, least significant bit first (the order a recurrent net reads them), of any width.
/// </summary>
public static class BinaryNumbers
{
    /// <summary>Fills <paramref name="bits"/> with random bits, keeping the top <paramref name="zeroTop"/> bits 0.</summary>
    public static void Random(Span<bool> bits, Rng rng, int zeroTop = 0)
    {
        for (int i = 0; i < bits.Length; i++) bits[i] = i < bits.Length - zeroTop && rng.NextInt(2) == 1;
    }

    /// <summary>The number the bits spell.</summary>
    public static BigInteger ToInteger(ReadOnlySpan<bool> bits)
    {
        BigInteger value = 0;
        for (int i = bits.Length - 1; i >= 0; i--) value = (value << 1) + (bits[i] ? 1 : 0);
        return value;
    }

    /// <summary>The <paramref name="width"/> bits of <paramref name="value"/>; throws when it does not fit.</summary>
    public static bool[] FromInteger(BigInteger value, int width)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        if (value < 0 || value >> width != 0)
            throw new ArgumentOutOfRangeException(nameof(value), value, $"{value} does not fit in {width} bits.");
        var bits = new bool[width];
        for (int i = 0; i < width; i++) bits[i] = !((value >> i) & 1).IsZero;
        return bits;
    }

    /// <summary>The bits written the usual way round, most significant first: <c>01101001</c>.</summary>
    public static string Format(ReadOnlySpan<bool> bits)
    {
        var chars = new char[bits.Length];
        for (int i = 0; i < bits.Length; i++) chars[bits.Length - 1 - i] = bits[i] ? '1' : '0';
        return new string(chars);
    }
}

/// <summary>
/// The finite-state automaton for binary addition: it moves from the least significant column to the most
/// significant, and its state after a column is (carry into the next column, bit it just wrote).
/// </summary>
/// <remarks>
/// <code>
/// column t:  s = a_t + b_t + carry_t;   bit_t = s mod 2;   carry_{t+1} = s div 2
/// </code>
/// Four states: (no carry, wrote 0), (no carry, wrote 1), (carry, wrote 0), (carry, wrote 1).
/// </remarks>
public static class CarryAutomaton
{
    /// <summary>Names of the four states, indexed by <c>2 · carry + bit</c>.</summary>
    public static readonly string[] StateNames = ["no carry, wrote 0", "no carry, wrote 1", "carry, wrote 0", "carry, wrote 1"];

    /// <summary>Adds <paramref name="a"/> and <paramref name="b"/> column by column; writes the sum bits and the state after each column (0..3).</summary>
    public static void Run(ReadOnlySpan<bool> a, ReadOnlySpan<bool> b, Span<bool> sum, Span<int> states)
    {
        if (b.Length != a.Length || sum.Length != a.Length)
            throw new ArgumentException($"a, b and sum must have the same width ({a.Length}, {b.Length}, {sum.Length}).", nameof(b));
        int carry = 0;
        for (int t = 0; t < a.Length; t++)
        {
            int s = (a[t] ? 1 : 0) + (b[t] ? 1 : 0) + carry;
            sum[t] = (s & 1) == 1;
            carry = s >> 1;
            if (!states.IsEmpty) states[t] = 2 * carry + (s & 1);
        }
    }
}
