using System.Diagnostics;

namespace RnnLstm.Numerics.Kernels;

/// <summary>
/// Work cut into independent chunks (ranges of tiles of a matrix product, ranges of batch rows of the LSTM's gate
/// maths), each run by one thread.
/// </summary>
internal interface IParallelWork
{
    /// <summary>Runs chunk <paramref name="chunk"/> of <paramref name="chunks"/>; chunks may run in any order and at the
    /// same time, and chunk 0 of 1 is the whole work.</summary>
    void RunChunk(int chunk, int chunks);
}

/// <summary>
/// Element-wise work on the rows of a batch (a step's gate maths): rows are independent, so with several kernel
/// threads and a large enough step they are shared out, each row computed by one thread as it would be alone
/// (results do not depend on the thread count).
/// </summary>
internal abstract class RowWork : IParallelWork
{
    /// <summary>Steps with fewer units (B·H) than this run on the calling thread: splitting would cost more than it saves.</summary>
    public const int ParallelUnits = 4096;
    private int _batch;

    /// <summary>Computes rows <paramref name="first"/>..<paramref name="last"/> (exclusive) of the batch.</summary>
    protected abstract void RunRows(int first, int last);

    /// <summary>Runs all <paramref name="batch"/> rows of <paramref name="units"/> units each, split over the kernel threads if large.</summary>
    protected void RunAll(int batch, int units)
    {
        _batch = batch;
        int chunks = KernelThreads.Count > 1 && (long)batch * units >= ParallelUnits ? Math.Min(batch, 2 * KernelThreads.Count) : 1;
        KernelThreads.Run(this, chunks);
    }

    /// <inheritdoc/>
    public void RunChunk(int chunk, int chunks) => RunRows(_batch * chunk / chunks, _batch * (chunk + 1) / chunks);
}

/// <summary>
/// How many threads the float32 kernels may use (default 1). Large matrix products (<see cref="PackedGemm.ParallelThreshold"/>),
/// the LSTM's fused forward passes (<see cref="LstmSequence"/>) and large gate steps (<see cref="RowWork"/>) may be cut
/// into chunks that the calling thread and <c>Count - 1</c> background workers claim one at a time; results are the
/// same for every count.
/// </summary>
/// <remarks>
/// <para>Whether the work of a pass through a model (<see cref="BeginPass"/>: <c>SequenceModel.Forward</c>,
/// <c>Backward</c>) is split is decided per pass by <see cref="SplitPolicy"/>, from the measured times of earlier
/// split and unsplit passes of its kind and size: a second thread is used only where it has been faster, so two
/// threads are not slower than one where splitting cannot pay (small models, a second core taken by another process).
/// Work outside a pass splits whenever it is large enough.</para>
/// <para>The workers are started on first use and stay for the life of the process. After a piece of work they spin
/// for about <see cref="SpinMicroseconds"/> µs waiting for the next one (a training step issues hundreds of products
/// back to back, and waking a sleeping thread costs more than a small product), then sleep. Handing work over
/// allocates nothing.</para>
/// <para>On Linux the workers are kept off the CPU of the thread that hands them work (<see cref="CpuPlacement"/>), so
/// that a woken worker is not queued behind its caller on one CPU while another CPU is idle.</para>
/// <para>The calling thread never waits for a worker that has not started: chunks are claimed from a shared counter,
/// so if the OS has parked a worker (other processes on the cores), the caller claims its chunks too and waits only
/// for chunks a worker is already computing. If two threads split work at once, the one that finds the workers busy
/// runs its work alone.</para>
/// <para>Work can also be handed over without waiting for it (<see cref="Start"/>): BPTT gives a worker the weight
/// gradients of a block of steps and goes on carrying dh back through the next block on its own thread.</para>
/// </remarks>
public static class KernelThreads
{
    private static int _count = 1;
    private static Worker[] _workers = [];
    private static readonly object Gate = new();

    // The current work. Replaced only when every chunk of the previous one is complete.
    private static IParallelWork? _work;
    // The claim word: (job id << 32) | (chunk count << 16) | next unclaimed chunk. A claim is one compare-and-swap
    // on it; the id makes a stale view fail the swap, so a late worker never claims a chunk of a finished product.
    private static long _claims;
    private static int _completed, _busy, _jobId;

    /// <summary>Threads the kernels may use, 1 to <see cref="Environment.ProcessorCount"/>.</summary>
    public static int Count
    {
        get => _count;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, Math.Max(1, Environment.ProcessorCount));
            lock (Gate)
            {
                if (_workers.Length < value - 1)
                {
                    var grown = new Worker[value - 1];
                    _workers.CopyTo(grown, 0);
                    for (int w = _workers.Length; w < grown.Length; w++) grown[w] = new Worker(w + 1);
                    _workers = grown;
                }
                _count = value;
            }
        }
    }

    /// <summary>The OS thread ids of the workers started so far (see <see cref="CpuPlacement"/>; for tests).</summary>
    internal static int[] WorkerThreadIds() { lock (Gate) return [.. _workers.Select(w => w.ThreadId)]; }

    /// <summary>How long an idle worker spins before it sleeps.</summary>
    public static int SpinMicroseconds { get; set; } = 200;

    /// <summary>Split every piece of work that may be split, whatever <see cref="SplitPolicy"/> has measured (tests
    /// that compare one thread with two bit for bit need every split to happen).</summary>
    internal static bool AlwaysSplit { get; set; }

    // The pass this thread is in (BeginPass .. Dispose): whether its pieces of work split. Outside a pass they do.
    [ThreadStatic] private static bool _inPass, _passAlone;

    /// <summary>
    /// Runs all of <paramref name="work"/>: in <paramref name="chunks"/> chunks over the calling thread and the
    /// workers, or as chunk 0 of 1 on the calling thread when there is one chunk, one thread, or the current pass
    /// runs alone (<see cref="BeginPass"/>). Results are the same either way.
    /// </summary>
    internal static void Run(IParallelWork work, int chunks)
    {
        if (chunks > 1 && _count > 1 && !_passAlone && TryRun(work, chunks)) return;   // AlwaysSplit: BeginPass never sets _passAlone
        work.RunChunk(0, 1);
    }

    /// <summary>
    /// Starts a pass through a model of <paramref name="size"/> units of work: until the scope is disposed, this
    /// thread's pieces of work either all split or all run alone, as the model's policy (<paramref name="policies"/>) chooses, and the
    /// pass's time is recorded. A pass inside a pass belongs to the outer one. With one kernel thread, or a pass too
    /// small to hold a piece worth splitting (fewer units than <see cref="PackedGemm.ParallelThreshold"/>): nothing
    /// (two timestamps would cost the smallest passes, of about a µs, a tenth of their time).
    /// </summary>
    internal static PassScope BeginPass(SplitPolicies policies, PassKind kind, long size)
    {
        if (_count < 2 || _inPass || AlwaysSplit || size < PackedGemm.ParallelThreshold) return default;
        var policy = policies.For(kind, size);
        bool split = policy.NextSplits();
        _inPass = true;
        _passAlone = !split;
        return new PassScope(policy, split, size, Stopwatch.GetTimestamp());
    }

    /// <summary>A pass begun by <see cref="BeginPass"/>; disposing it ends the pass and records its time.</summary>
    internal readonly struct PassScope(SplitPolicy? policy, bool split, long size, long start) : IDisposable
    {
        /// <inheritdoc/>
        public void Dispose()
        {
            if (policy is null) return;
            policy.Record(split, SplitPolicy.NsPerUnit(start, size));
            _inPass = false;
            _passAlone = false;
        }
    }

    /// <summary>
    /// Runs the <paramref name="chunks"/> chunks of <paramref name="work"/> on this thread and the workers; returns
    /// when all are done. Returns false (and does nothing) if other work holds the workers (another thread's, or the
    /// work this thread is a part of): the caller then does all of its work alone.
    /// </summary>
    internal static bool TryRun(IParallelWork work, int chunks)
    {
        if (!TryHandOver(work, chunks)) return false;
        Complete(chunks);
        return true;
    }

    /// <summary>
    /// Hands <paramref name="work"/> to the workers and returns at once, so that this thread can go on with other work
    /// while they compute it (BPTT goes on to the next block of steps while a worker sums the weight gradients of the
    /// last one). Until <see cref="Background.Finish"/> the work holds the workers, so this thread's own pieces of work
    /// run alone. With one thread, in a pass that runs alone (<see cref="BeginPass"/>), or when other work holds the
    /// workers, it runs here and now, as chunk 0 of 1. Either way every chunk runs once, so the results are the same.
    /// </summary>
    internal static Background Start(IParallelWork work, int chunks)
    {
        if (chunks > 0 && _count > 1 && !_passAlone && TryHandOver(work, chunks)) return new Background(chunks);
        work.RunChunk(0, 1);
        return default;
    }

    /// <summary>Work handed over by <see cref="Start"/>; <see cref="Finish"/> must be called once, on the thread that
    /// started it, before that thread hands over other work (a second call would free the workers of work it does not own).</summary>
    internal readonly struct Background(int chunks)
    {
        /// <summary>Helps with the chunks no worker has claimed yet, waits for the rest, and frees the workers
        /// (nothing when the work ran at <see cref="Start"/>).</summary>
        public void Finish()
        {
            if (chunks > 0) Complete(chunks);
        }
    }

    /// <summary>Publishes <paramref name="work"/> and wakes the workers; false if other work holds them.</summary>
    private static bool TryHandOver(IParallelWork work, int chunks)
    {
        if (chunks > 0xffff || Interlocked.CompareExchange(ref _busy, 1, 0) != 0) return false;
        _work = work;
        Volatile.Write(ref _completed, 0);
        long id = ++_jobId;
        Interlocked.Exchange(ref _claims, (id << 32) | ((long)chunks << 16)); // publish: chunks now claimable
        int helpers = Math.Min(_count - 1, _workers.Length);
        int cpu = CpuPlacement.CurrentCpu();                                   // -1 where placement is off
        for (int w = 0; w < helpers; w++)
        {
            _workers[w].KeepOff(cpu);                                          // before it wakes, so it wakes elsewhere
            _workers[w].Start();
        }
        return true;
    }

    /// <summary>Claims what is left of the handed-over work, waits for the chunks still on workers, and frees them.</summary>
    private static void Complete(int chunks)
    {
        try
        {
            Help();
            var spin = new SpinWait();
            while (Volatile.Read(ref _completed) != chunks) spin.SpinOnce(sleep1Threshold: -1); // chunks still on workers
        }
        finally { _work = null; Volatile.Write(ref _busy, 0); }
    }

    /// <summary>Claims and runs chunks of the current work until none is left.</summary>
    private static void Help()
    {
        while (true)
        {
            long seen = Volatile.Read(ref _claims);
            int chunks = (int)((seen >> 16) & 0xffff), next = (int)(seen & 0xffff);
            if (next >= chunks) return;
            if (Interlocked.CompareExchange(ref _claims, seen + 1, seen) != seen) continue;
            // After a successful claim _work is stable: it cannot be replaced before this chunk is counted complete.
            _work!.RunChunk(next, chunks);
            Interlocked.Increment(ref _completed);
        }
    }

    /// <summary>Looks (about 0.1 µs each) an idle worker makes before it starts giving its core away between looks.</summary>
    private const int YieldAfterLooks = 40;

    private sealed class Worker
    {
        private readonly ManualResetEventSlim _wake = new(false, spinCount: 0);
        private int _generation, _done;
        private volatile int _threadId;                                        // the OS thread id, once the thread runs
        private int _offCpu = -1;                                              // the CPU it was last kept off

        public Worker(int index) =>
            new Thread(Loop) { IsBackground = true, Name = $"RnnLstm kernel worker {index}" }.Start();

        /// <summary>The OS thread id (for tests), 0 before the thread runs, -1 where <see cref="CpuPlacement"/> is off.</summary>
        public int ThreadId => _threadId;

        /// <summary>Keeps this worker off the caller's CPU (<see cref="CpuPlacement"/>), unless it already is or <paramref name="cpu"/> is -1.</summary>
        public void KeepOff(int cpu)
        {
            if (cpu < 0 || cpu == _offCpu || _threadId <= 0) return;
            CpuPlacement.KeepOff(_threadId, cpu);
            _offCpu = cpu;                                                     // a failed call is not retried
        }

        public void Start()
        {
            Interlocked.Increment(ref _generation);
            _wake.Set();
        }

        private void Loop()
        {
            _threadId = CpuPlacement.CurrentThreadId();
            while (true)
            {
                long spinTicks = Stopwatch.Frequency / 1_000_000 * Math.Max(0, SpinMicroseconds);
                long since = Stopwatch.GetTimestamp();
                int looks = 0;
                while (Volatile.Read(ref _generation) == _done)
                {
                    // A short pause between looks: Thread.SpinWait(4) measured 0.10 µs here, SpinWait(30) 0.74 µs, which a
                    // worker would add to the start of every product it is handed. After the first few µs, every other
                    // look gives the core away if another thread wants it (Thread.Yield): when the OS has put this
                    // worker on the caller's core (the other one busy with another process), a spinning worker would
                    // take half of the caller's time.
                    if (Stopwatch.GetTimestamp() - since < spinTicks)
                    {
                        if (++looks > YieldAfterLooks && (looks & 1) == 0) Thread.Yield(); else Thread.SpinWait(4);
                        continue;
                    }
                    _wake.Reset();
                    if (Volatile.Read(ref _generation) != _done) break;
                    _wake.Wait();
                    since = Stopwatch.GetTimestamp();
                }
                _done = Volatile.Read(ref _generation);                        // a late wake-up skips stale starts
                Help();
            }
        }
    }
}
