namespace RnnLstm.Numerics.Kernels;

/// <summary>
/// How many threads the float32 matrix kernels may use (default 1). Large products are split between the calling
/// thread and <c>Count - 1</c> background workers; results are the same for every count.
/// </summary>
/// <remarks>
/// The workers are started on first use and stay for the life of the process. After a product they spin for about
/// <see cref="SpinMicroseconds"/> µs waiting for the next one (a training step issues hundreds of products back to
/// back, and waking a sleeping thread costs more than a small product), then sleep. Handing work over allocates
/// nothing. If two threads multiply at once, the one that finds the workers busy runs its product alone.
/// </remarks>
public static unsafe class KernelThreads
{
    private static int _count = 1;
    private static Worker[] _workers = [];
    private static PackedGemm.Job _job;
    private static int _pending, _busy;
    private static readonly object Gate = new();

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
    /// Runs parts 1..Parts-1 of <paramref name="job"/> on workers and part 0 here; returns when all are done.
    /// Returns false (and does nothing) if another thread's product holds the workers: the caller then runs serially.
    /// </summary>
    internal static bool TryRun(ref PackedGemm.Job job)
    {
        if (Interlocked.CompareExchange(ref _busy, 1, 0) != 0) return false;
        try { Run(ref job); }
        finally { Volatile.Write(ref _busy, 0); }
        return true;
    }

    private static void Run(ref PackedGemm.Job job)
    {
        _job = job;
        Volatile.Write(ref _pending, job.Parts - 1);
        for (int w = 0; w < job.Parts - 1; w++) _workers[w].Start();
        job.RunPart(0, PackedGemm.Scratch.ForCurrentThread());
        var spin = new SpinWait();
        while (Volatile.Read(ref _pending) != 0) spin.SpinOnce(sleep1Threshold: -1);
    }

    private sealed class Worker
    {
        private readonly int _part;
        private readonly ManualResetEventSlim _wake = new(false, spinCount: 0);
        private int _generation, _done;

        public Worker(int part)
        {
            _part = part;
            new Thread(Loop) { IsBackground = true, Name = $"RnnLstm kernel worker {part}" }.Start();
        }

        public void Start()
        {
            Interlocked.Increment(ref _generation);
            _wake.Set();
        }

        private void Loop()
        {
            var scratch = PackedGemm.Scratch.ForCurrentThread();
            long spinTicks = System.Diagnostics.Stopwatch.Frequency / 1_000_000 * Math.Max(0, SpinMicroseconds);
            while (true)
            {
                long since = System.Diagnostics.Stopwatch.GetTimestamp();
                while (Volatile.Read(ref _generation) == _done)
                {
                    if (System.Diagnostics.Stopwatch.GetTimestamp() - since < spinTicks) { Thread.SpinWait(30); continue; }
                    _wake.Reset();
                    if (Volatile.Read(ref _generation) != _done) break;
                    _wake.Wait();
                    since = System.Diagnostics.Stopwatch.GetTimestamp();
                }
                _done++;
                _job.RunPart(_part, scratch);
                Interlocked.Decrement(ref _pending);
            }
        }
    }
}
