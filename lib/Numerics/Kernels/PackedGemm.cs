using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace RnnLstm.Numerics.Kernels;

/// <summary>
/// float32 matrix product <c>C[m,n] += A[m,k] · B[k,n]</c> with AVX-512, for operands of any layout: A and B are
/// given by a pointer and a (row stride, column stride) pair, so Aᵀ and Bᵀ cost nothing extra.
/// </summary>
/// <remarks>
/// <para>The classic Goto/BLIS scheme: B is copied ("packed") in blocks of <see cref="KC"/> × <see cref="NC"/> into
/// panels of <see cref="NR"/> contiguous columns, A in blocks of <see cref="MC"/> × <see cref="KC"/> into panels of
/// <see cref="MR"/> contiguous rows (both zero-padded), and an <see cref="MR"/> × <see cref="NR"/> micro-kernel keeps
/// its tile of C in 16 zmm registers while it walks k: per k it loads two vectors of B, broadcasts eight values of A
/// and issues 16 FMAs. The B micro-panel (KC × NR, 32 KiB) stays in L1 while all row panels of the A block pass under
/// it; the A block (MC × KC, 128 KiB) stays in L2.</para>
/// <para>Packing is what makes every layout equally fast, and it is why tiny products are left to the plain loops in
/// <see cref="MatMul"/>: below <see cref="WorthPacking"/> the copies cost more than they save.</para>
/// <para>With <see cref="KernelThreads.Count"/> &gt; 1, a large product is cut into chunks of whole tiles along n (or
/// m, whichever has more tiles), one per thread, that the threads claim; every element of C is still computed by one
/// thread in the same order, so results do not depend on the thread count.</para>
/// </remarks>
internal static unsafe class PackedGemm
{
    public const int MR = 8, NR = 32, KC = 256, MC = 128, NC = 512;

    /// <summary>Whether this machine runs the kernel (AVX-512 with hardware acceleration).</summary>
    public static bool IsSupported => Vector512.IsHardwareAccelerated && Avx.IsSupported;

    /// <summary>Whether a product of this shape is large enough to repay the packing.</summary>
    public static bool WorthPacking(int m, int n, int k) =>
        IsSupported && m >= 4 && n >= 16 && k >= 8 && (long)m * n * k >= 16_384;

    /// <summary>
    /// Products of at least this many multiply-adds (about 8 µs on one core at the measured 250 GFLOP/s) are split
    /// between threads. A split costs a hand-over to a spinning worker and a wait for the slower half (a microsecond
    /// or more; much more when the OS has the worker's core busy), which a product of a few µs cannot repay. At 2^18
    /// (the earlier threshold) the Elman cell's per-step products at configuration d (B = 32, H = 128: 2^19
    /// multiply-adds, about 4 µs) were split, and a run on a quiet machine timed its training step at 1.9 ms on one
    /// thread and 4.3 ms on two (issue 25). From 2^20 they run on the calling thread; the products of d's LSTM and
    /// GRU steps and all of e's are still split.
    /// </summary>
    public const long ParallelThreshold = 1L << 20;

    /// <summary>C[i,j] += Σ_p A(i,p)·B(p,j) with A(i,p) = a[i·ars + p·acs], B(p,j) = b[p·brs + j·bcs], C row-major with row stride ldc.</summary>
    public static void Multiply(int m, int n, int k, float* a, int ars, int acs, float* b, int brs, int bcs, float* c, int ldc) =>
        Run(m, n, k, a, ars, acs, b, brs, bcs, null, c, ldc);

    /// <summary>
    /// <see cref="Multiply"/> with B already packed by <see cref="PackWhole"/>: the same blocks, kernel and order of
    /// additions, so the same results bit for bit, without copying B again.
    /// </summary>
    public static void MultiplyPacked(int m, int n, int k, float* a, int ars, int acs, float* packedB, float* c, int ldc) =>
        Run(m, n, k, a, ars, acs, null, 0, 0, packedB, c, ldc);

    /// <summary>
    /// Columns <paramref name="first"/>..<paramref name="last"/> of <see cref="MultiplyPacked"/>'s product (of
    /// <paramref name="n"/> columns), on the calling thread: <c>c[i, j] += Σ_p A(i,p)·B(p,j)</c> for j in that range,
    /// with <paramref name="c"/> pointing at column 0. <paramref name="first"/> must be a multiple of <see cref="NR"/>.
    /// Each element gets the same additions in the same order as in the whole product, so results do not depend on how
    /// the columns are shared out.
    /// </summary>
    public static void MultiplyPackedColumns(int m, int first, int last, int n, int k, float* a, int ars, int acs, float* packedB, float* c, int ldc)
    {
        if (first % NR != 0) throw new ArgumentException($"The first column ({first}) must be a multiple of {NR}.", nameof(first));
        if (m <= 0 || last <= first || k <= 0) return;
        Serial(m, last - first, k, a, ars, acs, null, 0, 0, c + first, ldc, Scratch.ForCurrentThread(), new Packed(packedB, n, first));
    }

    /// <summary>Runs a product on the calling thread, or split into chunks of whole tiles over the kernel threads if it is large.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Run(int m, int n, int k, float* a, int ars, int acs, float* b, int brs, int bcs, float* packedB, float* c, int ldc)
    {
        if (m <= 0 || n <= 0 || k <= 0) return;
        long work = (long)m * n * k;
        if (KernelThreads.Count > 1 && work >= ParallelThreshold)
        {
            var job = Job.ForCurrentThread();
            job.Set(m, n, k, a, ars, acs, b, brs, bcs, packedB, c, ldc);
            int tilesM = (m + MR - 1) / MR, tilesN = (n + NR - 1) / NR;
            job.SplitN = tilesN >= tilesM;
            // One chunk per thread: every chunk packs the whole of the operand it does not split (all of A when the
            // columns are split), so more chunks mean more copies. Measured at configuration e on 2 threads: an LSTM
            // step took 32 ms with one chunk per thread and 35 ms with four. A worker the OS has not started yet
            // simply finds its chunk claimed by the caller.
            int chunks = (int)Math.Min(Math.Min(job.SplitN ? tilesN : tilesM, KernelThreads.Count), Math.Max(2, work / (ParallelThreshold / 2)));
            KernelThreads.Run(job, chunks);
            return;
        }
        Serial(m, n, k, a, ars, acs, b, brs, bcs, c, ldc, Scratch.ForCurrentThread(), packedB != null ? new Packed(packedB, n, 0) : default);
    }

    /// <summary>How many floats <see cref="PackWhole"/> writes for a B of k × n.</summary>
    public static int PackedSize(int n, int k) => (n + NR - 1) / NR * NR * k;

    /// <summary>
    /// Packs all of B(0..k, 0..n) the way <see cref="Serial"/> packs each KC × NC block, block after block: block
    /// (jc, pc) starts at <c>jc·k + pc·ncp</c> (ncp = its width rounded up to NR). For a B used by many products.
    /// </summary>
    public static void PackWhole(int n, int k, float* b, int brs, int bcs, float* dst)
    {
        for (int jc = 0; jc < n; jc += NC)
        {
            int nc = Math.Min(NC, n - jc), ncp = (nc + NR - 1) / NR * NR;
            for (int pc = 0; pc < k; pc += KC)
                PackB(Math.Min(KC, k - pc), nc, b + (long)pc * brs + (long)jc * bcs, brs, bcs, dst + (long)jc * k + (long)pc * ncp);
        }
    }

    /// <summary>The arguments of one product, shared with worker threads, and its split into chunks of whole tiles.</summary>
    /// <remarks>One per calling thread, reused for each of its products (so handing work over allocates nothing).</remarks>
    internal sealed class Job : IParallelWork
    {
        [ThreadStatic] private static Job? _current;
        public int M, N, K, Ars, Acs, Brs, Bcs, Ldc;
        public float* A, B, PackedB, C;
        public bool SplitN;

        public static Job ForCurrentThread() => _current ??= new Job();

        public void Set(int m, int n, int k, float* a, int ars, int acs, float* b, int brs, int bcs, float* packedB, float* c, int ldc)
        {
            (M, N, K, Ars, Acs, Brs, Bcs, Ldc) = (m, n, k, ars, acs, brs, bcs, ldc);
            A = a; B = b; PackedB = packedB; C = c;
        }

        /// <summary>Runs chunk <paramref name="chunk"/> of <paramref name="chunks"/>: a range of whole tiles along the split dimension.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void RunChunk(int chunk, int chunks)
        {
            var scratch = Scratch.ForCurrentThread();
            int tile = SplitN ? NR : MR, total = SplitN ? N : M;
            int tiles = (total + tile - 1) / tile;
            int first = (int)((long)tiles * chunk / chunks) * tile, last = Math.Min(total, (int)((long)tiles * (chunk + 1) / chunks) * tile);
            if (last <= first) return;
            var packed = PackedB != null ? new Packed(PackedB, N, SplitN ? first : 0) : default;
            if (SplitN) Serial(M, last - first, K, A, Ars, Acs, B + (long)first * Bcs, Brs, Bcs, C + first, Ldc, scratch, packed);
            else Serial(last - first, N, K, A + (long)first * Ars, Ars, Acs, B, Brs, Bcs, C + (long)first * Ldc, Ldc, scratch, packed);
        }
    }

    /// <summary>Pack buffers of one thread, 64-byte aligned, allocated once.</summary>
    internal sealed class Scratch
    {
        [ThreadStatic] private static Scratch? _current;
        private readonly float[] _a = GC.AllocateArray<float>(MC * KC + 16, pinned: true);
        private readonly float[] _b = GC.AllocateArray<float>(KC * NC + 16, pinned: true);
        private readonly float[] _tile = GC.AllocateArray<float>(MR * NR + 16, pinned: true);

        public static Scratch ForCurrentThread() => _current ??= new Scratch();

        public float* A => Align(_a);
        public float* B => Align(_b);
        public float* Tile => Align(_tile);

        private static float* Align(float[] pinned)
        {
            var p = (float*)Unsafe.AsPointer(ref pinned[0]);
            return (float*)(((nint)p + 63) & ~(nint)63);
        }
    }

    /// <summary>
    /// A B packed whole by <see cref="PackWhole"/> (<paramref name="data"/> null: B is packed block by block as it is
    /// used). <paramref name="n"/> is the packed B's width and <paramref name="column"/> the column of it where this
    /// part of the product starts (a multiple of <see cref="NR"/>), so a chunk of columns finds its panels.
    /// </summary>
    private readonly struct Packed(float* data, int n, int column)
    {
        public readonly float* Data = data;
        private readonly int N = n, Column = column;

        /// <summary>The panel of NR columns starting at column <paramref name="j"/> of this part, in k-block <paramref name="pc"/> (of kc rows).</summary>
        public float* Panel(int k, int j, int pc, int kc)
        {
            int col = Column + j, jc = col / NC * NC;                                 // the packed block holding it
            int ncp = (Math.Min(NC, N - jc) + NR - 1) / NR * NR;
            return Data + (long)jc * k + (long)pc * ncp + (long)(col - jc) * kc;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Serial(int m, int n, int k, float* a, int ars, int acs, float* b, int brs, int bcs, float* c, int ldc, Scratch scratch,
        Packed packed)
    {
        float* aPack = scratch.A, bPack = scratch.B, tile = scratch.Tile;
        for (int jc = 0; jc < n; jc += NC)
        {
            int nc = Math.Min(NC, n - jc);
            for (int pc = 0; pc < k; pc += KC)
            {
                int kc = Math.Min(KC, k - pc);
                if (packed.Data == null) PackB(kc, nc, b + (long)pc * brs + (long)jc * bcs, brs, bcs, bPack);
                for (int ic = 0; ic < m; ic += MC)
                {
                    int mc = Math.Min(MC, m - ic);
                    PackA(mc, kc, a + (long)ic * ars + (long)pc * acs, ars, acs, aPack);
                    for (int jr = 0; jr < nc; jr += NR)
                    {
                        int cols = Math.Min(NR, nc - jr);
                        float* bPanel = packed.Data == null ? bPack + jr * kc : packed.Panel(k, jc + jr, pc, kc);
                        for (int ir = 0; ir < mc; ir += MR)
                        {
                            int rows = Math.Min(MR, mc - ir);
                            float* cTile = c + (long)(ic + ir) * ldc + jc + jr;
                            if (rows == MR && cols == NR)
                                Kernel(kc, aPack + ir * kc, bPanel, cTile, ldc);
                            else
                            {
                                new Span<float>(tile, MR * NR).Clear();
                                Kernel(kc, aPack + ir * kc, bPanel, tile, NR);
                                for (int r = 0; r < rows; r++)
                                    for (int j = 0; j < cols; j++) cTile[(long)r * ldc + j] += tile[r * NR + j];
                            }
                        }
                    }
                }
            }
        }
    }

    /// <summary>Copies B(0..kc, 0..nc) into panels of NR columns: panel j holds kc rows of NR values (zero-padded).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PackB(int kc, int nc, float* b, int brs, int bcs, float* dst)
    {
        for (int jr = 0; jr < nc; jr += NR)
        {
            int cols = Math.Min(NR, nc - jr);
            float* panel = dst + jr * kc;
            if (bcs == 1 && cols == NR)
            {
                for (int p = 0; p < kc; p++)
                {
                    float* src = b + (long)p * brs + jr;
                    Vector512.Store(Vector512.Load(src), panel + p * NR);
                    Vector512.Store(Vector512.Load(src + 16), panel + p * NR + 16);
                }
                continue;
            }
            if (cols < NR) new Span<float>(panel, kc * NR).Clear();
            if (brs == 1)
            {
                // B stored transposed (each column contiguous along p, e.g. a weight matrix used as Wᵀ):
                // 8 x 8 blocks transposed in registers; the ragged edges element by element.
                int fullJ = cols & ~7, fullP = kc & ~7;
                for (int jb = 0; jb < fullJ; jb += 8)
                {
                    float* src = b + (long)(jr + jb) * bcs;
                    for (int pb = 0; pb < fullP; pb += 8) Transpose8x8(src + pb, bcs, panel + pb * NR + jb, NR);
                    for (int p = fullP; p < kc; p++)
                        for (int j = jb; j < jb + 8; j++) panel[p * NR + j] = b[p + (long)(jr + j) * bcs];
                }
                for (int j = fullJ; j < cols; j++)
                    for (int p = 0; p < kc; p++) panel[p * NR + j] = b[p + (long)(jr + j) * bcs];
            }
            else if (bcs == 1)
                for (int p = 0; p < kc; p++)
                    for (int j = 0; j < cols; j++) panel[p * NR + j] = b[(long)p * brs + jr + j];
            else
                for (int j = 0; j < cols; j++)
                {
                    float* src = b + (long)(jr + j) * bcs;
                    for (int p = 0; p < kc; p++) panel[p * NR + j] = src[(long)p * brs];
                }
        }
    }

    /// <summary>Copies A(0..mc, 0..kc) into panels of MR rows: panel i holds kc columns of MR values (zero-padded).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PackA(int mc, int kc, float* a, int ars, int acs, float* dst)
    {
        for (int ir = 0; ir < mc; ir += MR)
        {
            int rows = Math.Min(MR, mc - ir);
            float* panel = dst + ir * kc;
            if (rows < MR) new Span<float>(panel, kc * MR).Clear();
            if (acs == 1 && rows == MR)
            {
                // A row-major (rows contiguous along p): 8 x 8 blocks transposed in registers.
                int fullP = kc & ~7;
                float* src = a + (long)ir * ars;
                for (int pb = 0; pb < fullP; pb += 8) Transpose8x8(src + pb, ars, panel + pb * MR, MR);
                for (int p = fullP; p < kc; p++)
                    for (int r = 0; r < MR; r++) panel[p * MR + r] = src[(long)r * ars + p];
            }
            else if (ars == 1 && rows == MR)
                for (int p = 0; p < kc; p++)                                   // A stored transposed: 8 rows are 8 contiguous values
                    Avx.Store(panel + p * MR, Avx.LoadVector256(a + (long)p * acs + ir));
            else if (ars == 1)
                for (int p = 0; p < kc; p++)
                {
                    float* src = a + (long)p * acs + ir;
                    for (int r = 0; r < rows; r++) panel[p * MR + r] = src[r];
                }
            else
                for (int r = 0; r < rows; r++)
                {
                    float* src = a + (long)(ir + r) * ars;
                    for (int p = 0; p < kc; p++) panel[p * MR + r] = src[(long)p * acs];
                }
        }
    }

    /// <summary>
    /// Writes the transpose of the 8 x 8 block at <paramref name="src"/> (rows <paramref name="srcStride"/> apart):
    /// row i of the output (at dst + i·dstStride) is column i of the input. Unpack, shuffle, then swap 128-bit halves.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose8x8(float* src, long srcStride, float* dst, long dstStride)
    {
        var r0 = Avx.LoadVector256(src); var r1 = Avx.LoadVector256(src + srcStride);
        var r2 = Avx.LoadVector256(src + 2 * srcStride); var r3 = Avx.LoadVector256(src + 3 * srcStride);
        var r4 = Avx.LoadVector256(src + 4 * srcStride); var r5 = Avx.LoadVector256(src + 5 * srcStride);
        var r6 = Avx.LoadVector256(src + 6 * srcStride); var r7 = Avx.LoadVector256(src + 7 * srcStride);
        var t0 = Avx.UnpackLow(r0, r1); var t1 = Avx.UnpackHigh(r0, r1);    // a0 b0 a1 b1 | a4 b4 a5 b5 ; a2 b2 a3 b3 | ...
        var t2 = Avx.UnpackLow(r2, r3); var t3 = Avx.UnpackHigh(r2, r3);
        var t4 = Avx.UnpackLow(r4, r5); var t5 = Avx.UnpackHigh(r4, r5);
        var t6 = Avx.UnpackLow(r6, r7); var t7 = Avx.UnpackHigh(r6, r7);
        var s0 = Avx.Shuffle(t0, t2, 0x44); var s1 = Avx.Shuffle(t0, t2, 0xEE); // a0 b0 c0 d0 | a4 ... ; a1 b1 c1 d1 | a5 ...
        var s2 = Avx.Shuffle(t1, t3, 0x44); var s3 = Avx.Shuffle(t1, t3, 0xEE);
        var s4 = Avx.Shuffle(t4, t6, 0x44); var s5 = Avx.Shuffle(t4, t6, 0xEE);
        var s6 = Avx.Shuffle(t5, t7, 0x44); var s7 = Avx.Shuffle(t5, t7, 0xEE);
        Avx.Store(dst, Avx.Permute2x128(s0, s4, 0x20));                        // column 0: a0 .. h0
        Avx.Store(dst + dstStride, Avx.Permute2x128(s1, s5, 0x20));
        Avx.Store(dst + 2 * dstStride, Avx.Permute2x128(s2, s6, 0x20));
        Avx.Store(dst + 3 * dstStride, Avx.Permute2x128(s3, s7, 0x20));
        Avx.Store(dst + 4 * dstStride, Avx.Permute2x128(s0, s4, 0x31));        // column 4: a4 .. h4
        Avx.Store(dst + 5 * dstStride, Avx.Permute2x128(s1, s5, 0x31));
        Avx.Store(dst + 6 * dstStride, Avx.Permute2x128(s2, s6, 0x31));
        Avx.Store(dst + 7 * dstStride, Avx.Permute2x128(s3, s7, 0x31));
    }

    /// <summary>C[0..8, 0..32] (row stride ldc) += Σ_p aPanel[p, 0..8] ⊗ bPanel[p, 0..32].</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Kernel(int kc, float* a, float* b, float* c, int ldc)
    {
        Vector512<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default,
            c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default,
            c60 = default, c61 = default, c70 = default, c71 = default;
        for (int p = 0; p < kc; p++)
        {
            var b0 = Vector512.Load(b);
            var b1 = Vector512.Load(b + 16);
            Vector512<float> x;
            x = Vector512.Create(a[0]); c00 = Vector512.FusedMultiplyAdd(x, b0, c00); c01 = Vector512.FusedMultiplyAdd(x, b1, c01);
            x = Vector512.Create(a[1]); c10 = Vector512.FusedMultiplyAdd(x, b0, c10); c11 = Vector512.FusedMultiplyAdd(x, b1, c11);
            x = Vector512.Create(a[2]); c20 = Vector512.FusedMultiplyAdd(x, b0, c20); c21 = Vector512.FusedMultiplyAdd(x, b1, c21);
            x = Vector512.Create(a[3]); c30 = Vector512.FusedMultiplyAdd(x, b0, c30); c31 = Vector512.FusedMultiplyAdd(x, b1, c31);
            x = Vector512.Create(a[4]); c40 = Vector512.FusedMultiplyAdd(x, b0, c40); c41 = Vector512.FusedMultiplyAdd(x, b1, c41);
            x = Vector512.Create(a[5]); c50 = Vector512.FusedMultiplyAdd(x, b0, c50); c51 = Vector512.FusedMultiplyAdd(x, b1, c51);
            x = Vector512.Create(a[6]); c60 = Vector512.FusedMultiplyAdd(x, b0, c60); c61 = Vector512.FusedMultiplyAdd(x, b1, c61);
            x = Vector512.Create(a[7]); c70 = Vector512.FusedMultiplyAdd(x, b0, c70); c71 = Vector512.FusedMultiplyAdd(x, b1, c71);
            a += MR;
            b += NR;
        }
        Add(c, c00, c01); Add(c + ldc, c10, c11); Add(c + 2 * ldc, c20, c21); Add(c + 3 * ldc, c30, c31);
        Add(c + 4 * ldc, c40, c41); Add(c + 5 * ldc, c50, c51); Add(c + 6 * ldc, c60, c61); Add(c + 7 * ldc, c70, c71);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Add(float* row, Vector512<float> lo, Vector512<float> hi)
    {
        Vector512.Store(Vector512.Load(row) + lo, row);
        Vector512.Store(Vector512.Load(row + 16) + hi, row + 16);
    }
}
