using System.Runtime.InteropServices;

namespace RnnLstm.Numerics.Kernels;

/// <summary>
/// The weights a packed copy was last made from, bit for bit, so that a pass whose weights have not changed since the
/// last one (inference: every pass after the first) skips packing them again.
/// </summary>
/// <remarks>
/// Repacking the same values is not only wasted work: with two kernel threads it rewrites the panels the other
/// core has just read, so every cache line of them moves back to the packing core and then again to the other one.
/// Measured at I = 32, H = 128, B = 32 (the fused LSTM pass of the bench's onnx_d row): the pack took 22 µs of a
/// 1,590 µs pass on one thread and 72-81 µs of a 1,060 µs pass on two. Comparing the values costs a read of them and
/// stops at the first difference, so a training step, whose weights always differ, pays only the copy kept here.
/// Compared as bits, so a weight that went from 0 to -0 (or between two NaNs) counts as changed.
/// </remarks>
internal sealed class PackSource
{
    private int[] _bits = [];
    private int _length = -1;

    /// <summary>
    /// Whether <paramref name="a"/>, <paramref name="b"/> and <paramref name="c"/>, one after the other, differ from the
    /// values of the last call (always true on the first); if they do, remembers them for the next call.
    /// </summary>
    public bool Changed(ReadOnlySpan<float> a, ReadOnlySpan<float> b = default, ReadOnlySpan<float> c = default)
    {
        int length = a.Length + b.Length + c.Length;
        if (length == _length && Same(a, 0) && Same(b, a.Length) && Same(c, a.Length + b.Length)) return false;
        if (_bits.Length < length) _bits = new int[length];
        MemoryMarshal.Cast<float, int>(a).CopyTo(_bits);
        MemoryMarshal.Cast<float, int>(b).CopyTo(_bits.AsSpan(a.Length));
        MemoryMarshal.Cast<float, int>(c).CopyTo(_bits.AsSpan(a.Length + b.Length));
        _length = length;
        return true;
    }

    private bool Same(ReadOnlySpan<float> part, int offset) =>
        MemoryMarshal.Cast<float, int>(part).SequenceEqual(_bits.AsSpan(offset, part.Length));
}
