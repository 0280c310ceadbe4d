using System.Runtime.InteropServices;

namespace RnnLstm.Numerics.Kernels;

/// <summary>
/// Keeps the kernel workers off the CPU of the thread that hands them work (Linux only; elsewhere it does nothing).
/// </summary>
/// <remarks>
/// <para>Why: the Linux scheduler may leave the caller and a worker on one CPU (a woken worker placed beside its
/// waker, or the caller moved onto the worker's CPU), and two threads that run constantly count as "cache hot", which
/// the load balancer is slow to move. The worker then waits behind its caller, which ends up doing the whole pass
/// alone. Measured on a 2-core VM (AMD EPYC, 2026-12-07, no other process using more than 1% of a CPU) with a probe
/// like the bench's (a 30 ms pause, then twelve passes of the fused LSTM inference at I = 32, H = 128, T = 50, B = 32,
/// its halves on two threads, recording each half's thread and CPU): after 14 of 40 pauses both threads sat on one
/// CPU for 1-12 passes in a row, 112 of the 480 passes, each 1.5-1.9 ms (the one-thread time) against 0.8 ms spread.
/// With the workers kept off the caller's CPU no pass ran stacked; in 38 of 480 the worker still did not start within
/// the pass (its own CPU busy or slow to wake) and the caller did both halves.</para>
/// <para>What: before handing work over, the caller looks up its CPU (<c>sched_getcpu</c>: 2 ns measured) and, when it
/// differs from the one the workers were last kept off, sets each worker's affinity to the process's CPUs without
/// it (<c>sched_setaffinity</c>: 2 µs for a sleeping worker; only when the caller has moved). A worker may still share a CPU with
/// another process; then the caller claims the chunks the worker has not reached, as always.</para>
/// </remarks>
internal static unsafe class CpuPlacement
{
    private const int MaskWords = 16;                                    // cpu_set_t: 1024 CPUs
    private static readonly ulong[]? ProcessMask = ReadProcessMask();

    /// <summary>Whether placement is possible here (Linux, the calls available, at least two CPUs allowed).</summary>
    public static bool Enabled => ProcessMask is not null;

    /// <summary>The calling thread's kernel thread id, or -1 where placement is off.</summary>
    public static int CurrentThreadId() => Enabled ? gettid() : -1;   // Enabled: gettid answered at start-up

    /// <summary>The CPU the calling thread runs on now, or -1 where placement is off.</summary>
    public static int CurrentCpu() => Enabled ? sched_getcpu() : -1;

    /// <summary>The process's CPUs without <paramref name="cpu"/>, as a cpu_set_t; null if that leaves none.</summary>
    public static ulong[]? Without(ulong[] mask, int cpu)
    {
        var rest = (ulong[])mask.Clone();
        if (cpu >= 0 && cpu < MaskWords * 64) rest[cpu / 64] &= ~(1UL << (cpu % 64));
        return rest.Any(w => w != 0) ? rest : null;
    }

    /// <summary>Keeps thread <paramref name="threadId"/> off <paramref name="cpu"/>; false if the call failed or nothing is left.</summary>
    public static bool KeepOff(int threadId, int cpu)
    {
        if (ProcessMask is null || cpu < 0 || cpu >= MaskWords * 64) return false;
        var rest = ProcessMaskWithout[cpu] ??= Without(ProcessMask, cpu) ?? [];   // made once per CPU: no allocation after
        return rest.Length > 0 && SetAffinity(threadId, rest);
    }

    private static readonly ulong[]?[] ProcessMaskWithout = new ulong[]?[MaskWords * 64];

    /// <summary>Lets thread <paramref name="threadId"/> run on the CPUs of <paramref name="mask"/> (a cpu_set_t) only;
    /// false if placement is off or the call failed.</summary>
    public static bool SetAffinity(int threadId, ulong[] mask)
    {
        if (!Enabled || threadId <= 0 || mask.Length != MaskWords) return false;
        fixed (ulong* m = mask) return sched_setaffinity(threadId, MaskWords * sizeof(ulong), m) == 0;
    }

    /// <summary>The CPUs the process may run on, as a cpu_set_t (a copy), or null where placement is off.</summary>
    public static ulong[]? ProcessCpus => (ulong[]?)ProcessMask?.Clone();

    /// <summary>The CPUs thread <paramref name="threadId"/> may run on (for tests), or null where placement is off.</summary>
    public static ulong[]? AffinityOf(int threadId)
    {
        if (!Enabled) return null;
        var mask = new ulong[MaskWords];
        fixed (ulong* m = mask) return sched_getaffinity(threadId, MaskWords * sizeof(ulong), m) == 0 ? mask : null;
    }

    private static ulong[]? ReadProcessMask()
    {
        if (!OperatingSystem.IsLinux()) return null;
        try
        {
            var mask = new ulong[MaskWords];
            fixed (ulong* m = mask)
                if (sched_getaffinity(0, MaskWords * sizeof(ulong), m) != 0) return null;
            int cpus = mask.Sum(w => System.Numerics.BitOperations.PopCount(w));
            return cpus >= 2 && sched_getcpu() >= 0 && gettid() > 0 ? mask : null;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException) { return null; }
    }

    [DllImport("libc", EntryPoint = "sched_getcpu")] private static extern int sched_getcpu();
    [DllImport("libc", EntryPoint = "gettid")] private static extern int gettid();
    [DllImport("libc", EntryPoint = "sched_setaffinity")] private static extern int sched_setaffinity(int pid, nint size, ulong* mask);
    [DllImport("libc", EntryPoint = "sched_getaffinity")] private static extern int sched_getaffinity(int pid, nint size, ulong* mask);
}
