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
/// the columns of a_t that one group's gate maths needs are one contiguous range, read while they are still in cache.</para>
/// <para>Threads: the sequences of a batch do not interact, so with several kernel threads the batch is cut into
/// ranges of rows and each thread runs all T steps of its rows; the threads meet once per pass, not once per step.
/// (The earlier split, by ranges of hidden units within each step, met T times a pass: at I = 32, H = 128, T = 50,
/// B = 32 it made two threads slower than one, where ONNX Runtime, which splits the batch, was twice as fast on two.)
/// Whether a pass is split at all is <see cref="SplitPolicy"/>'s measured choice for the model's pass.</para>
/// <para>Every element is computed by one thread with the same additions in the same order whatever the number of
/// threads (a row's product does not depend on the other rows of its tile), so results do not depend on it. Against the layer's generic order (U x_t + b first, then V h_{t-1}
/// added) the sums are grouped differently, so results differ from it by float rounding.</para>
/// <para>Writes what the layer's step loop writes: h_1..h_T, c_1..c_T and the step caches (activations i, f, g, o in
/// the standard layout, then tanh(c_t)), so the backward pass is unchanged. An inference pass (no cache given) writes
/// h_1..h_T and c_T only: each thread keeps its rows' activations and c_t in a few rows of scratch of its own that stay
/// in its core's cache, instead of writing 5H + H values per row and step out to memory (at I = 32, H = 128, T = 50,
/// B = 32, 5 MB a pass that no one reads). The packed copy is taken once per pass (<see cref="Pack"/>, skipped while
/// the weights stay the same) and its buffers are kept, so steady-state passes allocate nothing.</para>
/// </remarks>
internal sealed unsafe class LstmSequence : IParallelWork
{
    /// <summary>Hidden units per group: the width of one panel of the packed product.</summary>
    public const int Group = PackedGemm.NR;

    /// <summary>Passes with fewer multiply-adds than this (T · B · 4H · (I+H)) run on the calling thread.</summary>
    public const long ParallelWork = PackedGemm.ParallelThreshold;

    private readonly int _input, _hidden;
    private float[] _grouped = [], _packed = [], _bias = [], _xh = [], _a = [];
    private readonly PackSource _source = new();   // the U, V, b in _packed and _bias
    private float[][] _scratch = [];               // an inference pass's per-chunk rows: i, f, g, o [rows, 4H], tanh(c_t) and two c_t [rows, H] each

    // The pass being run (read by the chunks): x [T, B, I], h and c [T+1, B, H], cache [T, B, 5H] (null in an inference
    // pass), and the scratch [x_t | h_{t-1}] [2, B, K] (two steps, alternating) and a_t [B, N], of which each chunk uses its own rows.
    private float* _x, _h, _c, _cache, _xhAll, _aAll;
    private int _steps, _batch;

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

    /// <summary>Regroups and packs [U | V] and b (U [4H, I], V [4H, H], b [4H], gate blocks i, f, g, o) for the steps
    /// that follow, unless the packed copy already holds these values (<see cref="PackSource"/>).</summary>
    public void Pack(ReadOnlySpan<float> u, ReadOnlySpan<float> v, ReadOnlySpan<float> b)
    {
        if (!_source.Changed(u, v, b)) return;
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
    /// last <see cref="Pack"/>: x [T, B, I]; h, c [T+1, B, H]; cache [T, B, 5H], or empty for an inference pass, which
    /// writes h_1..h_T and c_T (row T of <paramref name="c"/>) and leaves rows 1..T-1 of <paramref name="c"/> as they were.
    /// </summary>
    public void Run(ReadOnlySpan<float> x, Span<float> h, Span<float> c, Span<float> cache, int steps, int batch)
    {
        int I = _input, H = _hidden, K = this.K, N = this.N, BH = batch * H;
        bool inference = cache.IsEmpty;
        if (x.Length < steps * batch * I || h.Length < (steps + 1) * BH || c.Length < (steps + 1) * BH || (!inference && cache.Length < steps * batch * 5 * H))
            throw new ArgumentException($"A buffer is smaller than its shape for T = {steps}, B = {batch}, I = {I}, H = {H}.");
        Grow(ref _xh, 2 * batch * K);
        Grow(ref _a, batch * N + 16);
        long work = (long)steps * batch * N * K;
        int chunks = KernelThreads.Count > 1 && work >= ParallelWork ? Math.Min(batch, KernelThreads.Count) : 1;
        if (inference) GrowScratch(chunks, batch * 7 * H);   // every row: a pass that runs alone is chunk 0 of 1
        fixed (float* px = x) fixed (float* ph = h) fixed (float* pc = c) fixed (float* pcache = cache) fixed (float* xh = _xh)
        {
            _x = px; _h = ph; _c = pc; _cache = inference ? null : pcache; _xhAll = xh; _aAll = Align(_a);
            (_steps, _batch) = (steps, batch);
            KernelThreads.Run(this, chunks);
        }
    }

    /// <inheritdoc/>
    public void RunChunk(int chunk, int chunks)
    {
        int b0 = _batch * chunk / chunks, b1 = _batch * (chunk + 1) / chunks;
        if (_cache != null) { RunRows(b0, b1, null); return; }
        if (_scratch[chunk].Length < (b1 - b0) * 7 * _hidden + 16)
            throw new InvalidOperationException($"The scratch of chunk {chunk} holds fewer than its {b1 - b0} rows.");
        RunRows(b0, b1, Align(_scratch[chunk]));
    }

    /// <summary>All T steps of batch rows <paramref name="b0"/>..<paramref name="b1"/>: per step the bias, the product
    /// [x_t | h_{t-1}]·[U | V]ᵀ of those rows and their gate maths; in an inference pass, with the activations and the
    /// inner c_t in <paramref name="scratch"/> (7H values per row).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void RunRows(int b0, int b1, float* scratch)
    {
        int rows = b1 - b0, B = _batch, I = _input, H = _hidden, K = this.K, N = this.N;
        if (rows <= 0) return;
        float* a = _aAll + (long)b0 * N;
        for (int b = b0; b < b1; b++) new Span<float>(_h + (long)b * H, H).CopyTo(new Span<float>(_xhAll + (long)b * K + I, H)); // h_0
        fixed (float* bias = _bias)
            for (int t = 0; t < _steps; t++)
            {
                float* xh = _xhAll + (long)(t & 1) * B * K + (long)b0 * K, nextXh = _xhAll + (long)((t + 1) & 1) * B * K + (long)b0 * K;
                for (int r = 0; r < rows; r++)                                                   // x_t beside h_{t-1}
                {
                    new Span<float>(_x + ((long)t * B + b0 + r) * I, I).CopyTo(new Span<float>(xh + (long)r * K, I));
                    new ReadOnlySpan<float>(bias, N).CopyTo(new Span<float>(a + (long)r * N, N));
                }
                PackedGemm.MultiplyPackedColumns(rows, 0, N, N, K, xh, K, 1, Align(_packed), a, N);
                long state = (long)(t + 1) * B * H + (long)b0 * H;
                var to = scratch == null ? StepCache(t, b0, state) : StepScratch(t, b0, rows, scratch);
                LstmGates.ForwardGrouped(a, to.Gates, to.CPrev, to.CNext, to.TanhC, _h + state, nextXh + I, K, 0, H / Group, rows, H);
            }
    }

    /// <summary>Where step t of rows b0.. writes its activations, tanh(c_t) and c_{t+1}, and reads c_t, in a training pass:
    /// the step cache and the cell states, as the layer's backward pass reads them.</summary>
    private StepRows StepCache(int t, int b0, long state)
    {
        int B = _batch, H = _hidden;
        float* step = _cache + (long)t * B * 5 * H;
        return new(step + (long)b0 * 4 * H, step + (long)B * 4 * H + (long)b0 * H, _c + state - B * H, _c + state);
    }

    /// <summary>The same in an inference pass: the activations and tanh(c_t) overwrite one step's rows of scratch, and
    /// the states between c_0 and c_T alternate between two more (c_t in rows t mod 2).</summary>
    private StepRows StepScratch(int t, int b0, int rows, float* scratch)
    {
        int B = _batch, H = _hidden;
        float* tanhC = scratch + (long)rows * 4 * H, states = tanhC + (long)rows * H;
        float* cPrev = t == 0 ? _c + (long)b0 * H : states + (long)(t & 1) * rows * H;
        float* cNext = t == _steps - 1 ? _c + (long)_steps * B * H + (long)b0 * H : states + (long)((t + 1) & 1) * rows * H;
        return new(scratch, tanhC, cPrev, cNext);
    }

    /// <summary>A step's destinations for one chunk's rows: activations i, f, g, o [rows, 4H], tanh(c_t) [rows, H]
    /// (row stride H), and c_t read, c_{t+1} written [rows, H].</summary>
    private readonly struct StepRows(float* gates, float* tanhC, float* cPrev, float* cNext)
    {
        public readonly float* Gates = gates, TanhC = tanhC, CPrev = cPrev, CNext = cNext;
    }

    private void GrowScratch(int chunks, int size)
    {
        if (_scratch.Length < chunks) Array.Resize(ref _scratch, chunks);
        for (int k = 0; k < chunks; k++)
            if (_scratch[k] is null || _scratch[k].Length < size + 16) _scratch[k] = GC.AllocateArray<float>(size + 16, pinned: true);
    }

    private static void Grow(ref float[] buffer, int size)
    {
        if (buffer.Length < size) buffer = GC.AllocateArray<float>(size, pinned: true);
    }

    private static float* Align(float[] pinned) => (float*)(((nint)Unsafe.AsPointer(ref pinned[0]) + 63) & ~(nint)63);
}
