using System.Runtime.CompilerServices;

namespace RnnLstm.Numerics.Kernels;

/// <summary>
/// The standard LSTM's forward pass over a whole sequence in float32 with AVX-512, one matrix product per step for
/// both inputs: the pre-activations of step t are
/// <code>
/// a_t = [x_t | h_{t-1}] · [U | V]ᵀ + b        [B, I+H] · [I+H, 4H] + [4H]
/// </code>
/// one product of depth K = I + H instead of the input projection U x_t (depth I, which keeps the micro-kernel's
/// tile of C in and out of registers for little work) and the recurrent V h_{t-1} apart, with no [T, B, 4H] array of
/// projections. Then the gate maths of <see cref="LstmGates"/>.
/// </summary>
/// <remarks>
/// <para>Layout: the rows of [U | V] (one per gate unit) are regrouped before packing: for each group of
/// <see cref="Group"/> = 32 hidden units (one panel of the packed product), its 32 rows of gate i, then f, g, o. So
/// the columns of a_t that one group's gate maths needs are one contiguous range, and a step splits into independent
/// pieces, one per range of groups: bias, product and gate maths of those units. With several kernel threads each
/// takes a piece, and a step costs one hand-over (the threads meet once per step, because every piece of step t+1
/// needs all of h_t) instead of one for the product and one for the gate maths.</para>
/// <para>Every element is computed by one thread with the same additions in the same order whatever the number of
/// threads, so results do not depend on it. Against the layer's generic order (U x_t + b first, then V h_{t-1}
/// added) the sums are grouped differently, so results differ from it by float rounding.</para>
/// <para>Writes what the layer's step loop writes: h_1..h_T, c_1..c_T and the step caches (activations i, f, g, o in
/// the standard layout, then tanh(c_t)), so the backward pass is unchanged. The packed copy is taken once per pass
/// (<see cref="Pack"/>) and its buffers are kept, so steady-state passes allocate nothing.</para>
/// </remarks>
internal sealed unsafe class LstmSequence : IParallelWork
{
    /// <summary>Hidden units per group: the width of one panel of the packed product.</summary>
    public const int Group = PackedGemm.NR;

    /// <summary>Steps with fewer multiply-adds than this (B · 4H · (I+H)) run on the calling thread.</summary>
    public const long ParallelWork = PackedGemm.ParallelThreshold;

    private readonly int _input, _hidden;
    private float[] _grouped = [], _packed = [], _bias = [], _xh = [], _a = [];

    // The step being run (read by the chunks).
    private float* _stepA, _stepXh, _stepNextXh, _stepCPrev, _stepC, _stepH, _stepGates, _stepTanhC;
    private int _batch, _chunks;

    /// <summary>A pass for a cell of <paramref name="input"/> inputs and <paramref name="hidden"/> units (see <see cref="Supports"/>).</summary>
    public LstmSequence(int input, int hidden)
    {
        if (!Supports(hidden)) throw new ArgumentException($"The fused LSTM pass needs AVX-512 and H a multiple of {Group}; H = {hidden}.", nameof(hidden));
        (_input, _hidden) = (input, hidden);
    }

    /// <summary>Whether this machine and H can run the fused pass.</summary>
    public static bool Supports(int hidden) => PackedGemm.IsSupported && hidden % Group == 0 && hidden > 0;

    private int K => _input + _hidden;
    private int N => 4 * _hidden;

    /// <summary>Regroups and packs [U | V] and b (U [4H, I], V [4H, H], b [4H], gate blocks i, f, g, o) for the steps that follow.</summary>
    public void Pack(ReadOnlySpan<float> u, ReadOnlySpan<float> v, ReadOnlySpan<float> b)
    {
        int I = _input, H = _hidden, K = this.K, N = this.N;
        Grow(ref _grouped, N * K);
        Grow(ref _packed, PackedGemm.PackedSize(N, K) + 16);
        Grow(ref _bias, N);
        for (int row = 0; row < N; row++)                              // row of the grouped matrix ...
        {
            int group = row / (4 * Group), gate = row / Group % 4, unit = group * Group + row % Group;
            int source = gate * H + unit;                              // ... and of U, V, b
            u.Slice(source * I, I).CopyTo(_grouped.AsSpan(row * K, I));
            v.Slice(source * H, H).CopyTo(_grouped.AsSpan(row * K + I, H));
            _bias[row] = b[source];
        }
        fixed (float* w = _grouped) PackedGemm.PackWhole(N, K, w, 1, K, Align(_packed)); // B = Wᵀ: B(p, j) = W[j, p]
    }

    /// <summary>
    /// Runs the T steps from h_0, c_0 (rows 0 of <paramref name="h"/>, <paramref name="c"/>) with the weights of the
    /// last <see cref="Pack"/>: x [T, B, I]; h, c [T+1, B, H]; cache [T, B, 5H].
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Run(ReadOnlySpan<float> x, Span<float> h, Span<float> c, Span<float> cache, int steps, int batch)
    {
        int I = _input, H = _hidden, K = this.K, N = this.N, BH = batch * H, groups = H / Group;
        if (x.Length < steps * batch * I || h.Length < (steps + 1) * BH || c.Length < (steps + 1) * BH || cache.Length < steps * batch * 5 * H)
            throw new ArgumentException($"A buffer is smaller than its shape for T = {steps}, B = {batch}, I = {I}, H = {H}.");
        Grow(ref _xh, 2 * batch * K);
        Grow(ref _a, batch * N + 16);
        _batch = batch;
        _chunks = KernelThreads.Count > 1 && (long)batch * N * K >= ParallelWork ? Math.Min(groups, KernelThreads.Count) : 1;
        fixed (float* px = x) fixed (float* ph = h) fixed (float* pc = c) fixed (float* pcache = cache) fixed (float* xh = _xh)
        {
            _stepA = Align(_a);
            for (int b = 0; b < batch; b++) new Span<float>(ph + b * H, H).CopyTo(new Span<float>(xh + b * K + I, H)); // h_0
            for (int t = 0; t < steps; t++)
            {
                _stepXh = xh + (t & 1) * batch * K;
                _stepNextXh = xh + ((t + 1) & 1) * batch * K;
                for (int b = 0; b < batch; b++)                                                    // x_t beside h_{t-1}
                    new Span<float>(px + ((long)t * batch + b) * I, I).CopyTo(new Span<float>(_stepXh + b * K, I));
                _stepCPrev = pc + (long)t * BH;
                _stepC = pc + (long)(t + 1) * BH;
                _stepH = ph + (long)(t + 1) * BH;
                _stepGates = pcache + (long)t * batch * 5 * H;
                _stepTanhC = _stepGates + (long)batch * 4 * H;
                if (_chunks > 1 && KernelThreads.TryRun(this, _chunks)) continue;
                RunGroups(0, groups);
            }
        }
    }

    /// <inheritdoc/>
    public void RunChunk(int chunk)
    {
        int groups = _hidden / Group;
        RunGroups(groups * chunk / _chunks, groups * (chunk + 1) / _chunks);
    }

    /// <summary>Step's bias, product and gate maths for groups <paramref name="u0"/>..<paramref name="u1"/>.</summary>
    private void RunGroups(int u0, int u1)
    {
        if (u1 <= u0) return;
        int I = _input, K = this.K, N = this.N, first = u0 * 4 * Group, last = u1 * 4 * Group;
        fixed (float* bias = _bias)
        {
            for (int b = 0; b < _batch; b++)
                new ReadOnlySpan<float>(bias + first, last - first).CopyTo(new Span<float>(_stepA + (long)b * N + first, last - first));
            PackedGemm.MultiplyPackedColumns(_batch, first, last, N, K, _stepXh, K, 1, Align(_packed), _stepA, N);
        }
        LstmGates.ForwardGrouped(_stepA, _stepGates, _stepCPrev, _stepC, _stepTanhC, _stepH, _stepNextXh + I, K, u0, u1, _batch, _hidden);
    }

    private static void Grow(ref float[] buffer, int size)
    {
        if (buffer.Length < size) buffer = GC.AllocateArray<float>(size, pinned: true);
    }

    private static float* Align(float[] pinned) => (float*)(((nint)Unsafe.AsPointer(ref pinned[0]) + 63) & ~(nint)63);
}
