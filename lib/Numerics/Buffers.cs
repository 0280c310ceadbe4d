namespace RnnLstm.Numerics;

/// <summary>Work buffers that are reused across calls and only ever grow, so steady-state training allocates nothing.</summary>
internal static class Buffers
{
    /// <summary>Replaces <paramref name="buffer"/> by a larger array when it holds fewer than <paramref name="length"/> items.</summary>
    public static void Grow<T>(ref T[] buffer, int length)
    {
        if (buffer.Length < length) buffer = new T[length];
    }
}
