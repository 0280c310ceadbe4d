using System.Diagnostics;

namespace RnnLstm.Numerics.Kernels;

/// <summary>
/// Work cut into independent chunks (ranges of tiles of a matrix product, ranges of batch rows of the LSTM's gate
/// maths), each run by one thread.
/// </summary>
internal interface IParallelWork
{
    /// <summary>Runs chunk <paramref name="chunk"/>; chunks may run in any order and at the same time.</summary>
    void RunChunk(int chunk);
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
    private int _batch, _chunks;

    /// <summary>Computes rows <paramref name="first"/>..<paramref name="last"/> (exclusive) of the batch.</summary>
    protected abstract void RunRows(int first, int last);

    /// <summary>Runs all <paramref name="batch"/> rows of <paramref name="units"/> units each, split over the kernel threads if large.</summary>
    protected void RunAll(int batch, int units)
    {
        _batch = batch;
        _chunks = KernelThreads.Count > 1 && (long)batch * units >= ParallelUnits ? Math.Min(batch, 2 * KernelThreads.Count) : 1;
        if (_chunks > 1 && KernelThreads.TryRun(this, _chunks)) return;
        RunRows(0, batch);
    }

    /// <inheritdoc/>
    public void RunChunk(int chunk) => RunRows(_batch * chunk / _chunks, _batch * (chunk + 1) / _chunks);
}

/// <summary>
/// How many threads the float32 kernels may use (default 1). Large matrix products (<see cref="PackedGemm.ParallelThreshold"/>),
/// the LSTM's fused forward steps (<see cref="LstmSequence"/>) and large gate steps (<see cref="RowWork"/>) are cut
/// into chunks that the calling thread and <c>Count - 1</c> background workers claim one at a time; results are the
/// same for every count.
/// </summary>
/// <remarks>
/// <para>The workers are started on first use and stay for the life of the process. After a product they spin for
/// about <see cref="SpinMicroseconds"/> µs waiting for the next one (a training step issues hundreds of products back
/// to back, and waking a sleeping thread costs more than a small product), then sleep. Handing work over allocates
/// nothing.</para>
/// <para>The calling thread never waits for a worker that has not started: chunks are claimed from a shared counter,
/// so if the OS has parked a worker (other processes on the cores), the caller claims its chunks too and waits only
/// for chunks a worker is already computing. If two threads multiply at once, the one that finds the workers busy
/// runs its product alone.</para>
/// <para>What it cannot help: a worker the OS preempts in the middle of its chunk. Then the caller waits up to a
/// scheduler time slice at that product, and a training step has hundreds. Measured with one other busy process on
/// this 2-core machine: an LSTM step at I=64, H=256, T=100, B=64 took 84-94 ms on two threads against 61 ms on one
/// (32 ms on two when the cores are free). Against this, splitting is suspended for a while when the caller keeps
/// waiting for held-off workers (see <see cref="NoteWait"/>); on a machine whose cores are taken by other work, Count = 1
/// is still the safe choice.</para>
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

    /// <summary>How long an idle worker spins before it sleeps.</summary>
    public static int SpinMicroseconds { get; set; } = 200;

    /// <summary>
    /// Runs the <paramref name="chunks"/> chunks of <paramref name="work"/> on this thread and the workers; returns
    /// when all are done. Returns false (and does nothing) if other work holds the workers (another thread's, or the
    /// work this thread is a part of): the caller then does all of its work alone.
    /// </summary>
    internal static bool TryRun(IParallelWork work, int chunks)
    {
        if (chunks > 0xffff || Stopwatch.GetTimestamp() < Volatile.Read(ref _suspendedUntil)
            || Interlocked.CompareExchange(ref _busy, 1, 0) != 0) return false;
        try
        {
            _work = work;
            Volatile.Write(ref _completed, 0);
            long id = ++_jobId;
            long start = Stopwatch.GetTimestamp();
            Interlocked.Exchange(ref _claims, (id << 32) | ((long)chunks << 16)); // publish: chunks now claimable
            int helpers = Math.Min(_count - 1, _workers.Length);
            for (int w = 0; w < helpers; w++) _workers[w].Start();
            Help();
            long helped = Stopwatch.GetTimestamp();
            var spin = new SpinWait();
            while (Volatile.Read(ref _completed) != chunks) spin.SpinOnce(sleep1Threshold: -1); // chunks still on workers
            NoteWait(Stopwatch.GetTimestamp() - helped, helped - start);
        }
        finally { _work = null; Volatile.Write(ref _busy, 0); }
        return true;
    }

    /// <summary>A wait for workers (after the caller's own chunks) longer than this and than half the caller's own share counts as late.</summary>
    public const int LateWaitMicroseconds = 5;
    /// <summary>After <see cref="LateInARow"/> late waits in a row, work is not split for this long; each further
    /// suspension right after the last one doubles it, up to <see cref="MaxSuspendMilliseconds"/>.</summary>
    public const int SuspendMilliseconds = 20;
    /// <summary>The longest suspension (how long a machine whose cores have become free may still run on one thread).</summary>
    public const int MaxSuspendMilliseconds = 640;
    private static int _suspendMs = SuspendMilliseconds;
    /// <summary>
    /// How many late waits in a row suspend the splitting. One: a single late wait can cost a scheduler time slice
    /// (milliseconds), far more than the splits of many steps save, and on a busy machine late waits come between
    /// on-time ones, so a run of several is rare.
    /// </summary>
    public const int LateInARow = 1;

    /// <summary>Whether late waits suspend the splitting (on by default; off where a test needs every split to happen).</summary>
    internal static bool SuspendWhenLate { get; set; } = true;

    /// <summary>Lets the next pieces of work split again at once (ends a suspension).</summary>
    internal static void Resume() { Volatile.Write(ref _suspendedUntil, 0); _lateRuns = 0; _suspendMs = SuspendMilliseconds; }

    private static long _suspendedUntil;
    private static int _lateRuns;

    /// <summary>
    /// One thread where a second cannot pay: when the caller, done with its own chunks, waited more than
    /// <see cref="LateWaitMicroseconds"/> µs and more than half as long as its own share took (<see cref="LateInARow"/>
    /// time(s) in a row), a worker is being held off its core (another process has it; the chunks are of about equal
    /// size, so on free cores the wait should stay around the µs a worker takes to start), and for the next <see cref="SuspendMilliseconds"/> ms every piece runs on
    /// the calling thread alone (results are the same either way); then splitting is tried again (a split that is late
    /// again at once doubles the next suspension, up to <see cref="MaxSuspendMilliseconds"/>; one on time resets it).
    /// </summary>
    private static void NoteWait(long waited, long ownShare)
    {
        bool late = SuspendWhenLate && waited > Stopwatch.Frequency / 1_000_000 * LateWaitMicroseconds && 2 * waited > ownShare;
        if (!late) { _lateRuns = 0; _suspendMs = SuspendMilliseconds; return; }
        if (++_lateRuns < LateInARow) return;
        _lateRuns = 0;
        Volatile.Write(ref _suspendedUntil, Stopwatch.GetTimestamp() + Stopwatch.Frequency / 1000 * _suspendMs);
        _suspendMs = Math.Min(2 * _suspendMs, MaxSuspendMilliseconds);   // late again on the first try after it: wait longer
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
            _work!.RunChunk(next);
            Interlocked.Increment(ref _completed);
        }
    }

    /// <summary>Looks (about 0.1 µs each) an idle worker makes before it starts giving its core away between looks.</summary>
    private const int YieldAfterLooks = 40;

    private sealed class Worker
    {
        private readonly ManualResetEventSlim _wake = new(false, spinCount: 0);
        private int _generation, _done;

        public Worker(int index) =>
            new Thread(Loop) { IsBackground = true, Name = $"RnnLstm kernel worker {index}" }.Start();

        public void Start()
        {
            Interlocked.Increment(ref _generation);
            _wake.Set();
        }

        private void Loop()
        {
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
