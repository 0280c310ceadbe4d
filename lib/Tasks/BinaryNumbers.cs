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
/// <para>Four states: (no carry, wrote 0), (no carry, wrote 1), (carry, wrote 0), (carry, wrote 1).</para>
/// <para>When the answer for column t is due <c>delay</c> steps later, the state must also hold the bits computed but
/// not yet given: state_t = (carry_{t+1}, bit_t, bit_{t-1}, ..., bit_{t-delay}), with bits before column 0 read as 0.
/// Numbered <c>2^(delay+1) · carry + Σ_k 2^k · bit_{t-k}</c>, so there are <c>2^(delay+2)</c> states (4, 8, 16, ...)
/// and with delay 0 the number is <c>2 · carry + bit</c>. Every one is needed: two states that differ in the carry or in
/// an owed bit lead to different outputs.</para>
/// </remarks>
public static class CarryAutomaton
{
    /// <summary>Names of the four states without delay, indexed by <c>2 · carry + bit</c>.</summary>
    public static readonly string[] StateNames = ["no carry, wrote 0", "no carry, wrote 1", "carry, wrote 0", "carry, wrote 1"];

    /// <summary>States of the automaton whose answers are <paramref name="delay"/> steps late: 2^(delay + 2).</summary>
    public static int StateCount(int delay = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(delay);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(delay, 20, nameof(delay));
        return 4 << delay;
    }

    /// <summary>
    /// Adds <paramref name="a"/> and <paramref name="b"/> column by column; writes the sum bits and the state after
    /// each column (0 .. <see cref="StateCount"/> - 1, numbered as in the remarks).
    /// </summary>
    public static void Run(ReadOnlySpan<bool> a, ReadOnlySpan<bool> b, Span<bool> sum, Span<int> states, int delay = 0)
    {
        if (b.Length != a.Length || sum.Length != a.Length)
            throw new ArgumentException($"a, b and sum must have the same width ({a.Length}, {b.Length}, {sum.Length}).", nameof(b));
        if (!states.IsEmpty && states.Length != a.Length)
            throw new ArgumentException($"states must have one entry per column ({a.Length}), not {states.Length}.", nameof(states));
        StateCount(delay);
        int carry = 0, recent = 0, window = (1 << (delay + 1)) - 1;   // recent: bit_t in bit 0, bit_{t-1} in bit 1, ...
        for (int t = 0; t < a.Length; t++)
        {
            int s = (a[t] ? 1 : 0) + (b[t] ? 1 : 0) + carry;
            sum[t] = (s & 1) == 1;
            carry = s >> 1;
            recent = ((recent << 1) | (s & 1)) & window;
            if (!states.IsEmpty) states[t] = (carry << (delay + 1)) | recent;
        }
    }

    /// <summary>The carry held in <paramref name="state"/>.</summary>
    public static bool Carry(int state, int delay = 0) => (state >> (delay + 1) & 1) == 1;

    /// <summary>Bit t - <paramref name="back"/> held in <paramref name="state"/> (back 0: the bit just computed).</summary>
    public static bool Bit(int state, int back = 0) => (state >> back & 1) == 1;

    /// <summary>
    /// A state's name: "carry, wrote 1" without delay; with a delay, "carry, computed 1, owes 0" (owed bits oldest
    /// first, the next one due leftmost).
    /// </summary>
    public static string StateName(int state, int delay = 0)
    {
        CheckState(state, delay);
        if (delay == 0) return StateNames[state];
        return $"{(Carry(state, delay) ? "carry" : "no carry")}, computed {(Bit(state) ? 1 : 0)}, owes {OwedBits(state, delay)}";
    }

    /// <summary>A short name for tables: <c>n0</c>, <c>c1</c> (no carry / carry, bit just computed), then the owed bits: <c>c1·0</c>.</summary>
    public static string ShortName(int state, int delay = 0)
    {
        CheckState(state, delay);
        return $"{(Carry(state, delay) ? 'c' : 'n')}{(Bit(state) ? 1 : 0)}{(delay > 0 ? "·" + OwedBits(state, delay) : "")}";
    }

    /// <summary>The bits computed but not yet given, the next one due leftmost.</summary>
    private static string OwedBits(int state, int delay) =>
        string.Concat(Enumerable.Range(1, delay).Reverse().Select(k => Bit(state, k) ? '1' : '0'));

    private static void CheckState(int state, int delay)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(state);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(state, StateCount(delay), nameof(state));
    }
}

/// <summary>
/// The automaton of the addition task actually trained: <see cref="Pairs"/> independent additions read side by side,
/// each answered <see cref="Delay"/> steps late. Its state is the tuple of the pairs' <see cref="CarryAutomaton"/>
/// states, numbered <c>Σ_p state_p · K^p</c> with K = <see cref="StatesPerPair"/>, so it has K^Pairs states: 4 for one
/// addition, 16 for two, 8 for one addition with delay 1. A net of N binary units can hold 2^N patterns, so two
/// independent additions need about twice the units of one, where the automaton squares its state count.
/// </summary>
/// <param name="Delay">Steps between reading a column and answering it.</param>
/// <param name="Pairs">Independent additions in the input (1 or more).</param>
public sealed record AdditionAutomaton(int Delay = 0, int Pairs = 1)
{
    /// <summary>K: states of one pair's automaton, 2^(delay + 2).</summary>
    public int StatesPerPair => CarryAutomaton.StateCount(Delay);

    /// <summary>(2^(delay + 2))^pairs as a double, for checking a size before building anything (no overflow).</summary>
    public static double CountStates(int delay, int pairs) => Math.Pow(Math.Pow(2, delay + 2), pairs);

    /// <summary>K^Pairs.</summary>
    public int StateCount
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Pairs, nameof(Pairs));
            int count = 1;
            for (int p = 0; p < Pairs; p++) count = checked(count * StatesPerPair);
            return count;
        }
    }

    /// <summary>The joint state of per-pair states (one per pair).</summary>
    public int Join(ReadOnlySpan<int> pairStates)
    {
        if (pairStates.Length != Pairs) throw new ArgumentException($"{pairStates.Length} pair states given; the automaton has {Pairs} pairs.", nameof(pairStates));
        int joint = 0;
        for (int p = Pairs - 1; p >= 0; p--) joint = joint * StatesPerPair + pairStates[p];
        return joint;
    }

    /// <summary>Pair <paramref name="pair"/>'s own state within joint state <paramref name="state"/>.</summary>
    public int PairState(int state, int pair)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(pair);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(pair, Pairs, nameof(pair));
        for (int p = 0; p < pair; p++) state /= StatesPerPair;
        return state % StatesPerPair;
    }

    /// <summary>Name of a joint state: the pairs' names, joined by " | " (one pair: <see cref="CarryAutomaton.StateName"/>).</summary>
    public string StateName(int state) =>
        string.Join(" | ", Enumerable.Range(0, Pairs).Select(p => CarryAutomaton.StateName(PairState(state, p), Delay)));

    /// <summary>Short name of a joint state, e.g. <c>c1/n0</c> (pair 0 first).</summary>
    public string ShortName(int state) =>
        string.Join("/", Enumerable.Range(0, Pairs).Select(p => CarryAutomaton.ShortName(PairState(state, p), Delay)));

    /// <summary>Every state's name, in state order.</summary>
    public string[] StateNames() => Enumerable.Range(0, StateCount).Select(StateName).ToArray();

    /// <summary>Every state's short name, in state order.</summary>
    public string[] ShortNames() => Enumerable.Range(0, StateCount).Select(ShortName).ToArray();
}
