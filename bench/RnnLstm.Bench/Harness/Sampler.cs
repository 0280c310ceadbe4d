using System.Diagnostics;
using System.Runtime.InteropServices;

namespace RnnLstm.Bench.Harness;

/// <summary>
/// Times two workloads side by side in one process: after a warm-up of each, the samples alternate (A, B, B, A, ...)
/// so that drift in the machine (other processes, frequency, allocator state) lands on both sides alike, each after
/// a short pause that lets the other side's idle threads fall asleep.
/// A sample runs a batch of units sized so that it lasts at least <see cref="MinSampleSeconds"/>; the result is the
/// median and the 10th/90th percentiles of the per-unit time over the samples.
/// Beside the wall-clock time it records the calling thread's CPU time (CLOCK_THREAD_CPUTIME_ID): for a run on one
/// thread this leaves out the time the OS gave the core to other processes, so it stays meaningful on a busy machine.
/// </summary>
/// <param name="maxSeconds">
/// Time budget for one comparison's samples: once both sides have <see cref="MinSamples"/> samples and the budget is
/// spent, sampling stops (the row reports how many samples it has). Keeps --quick within its time on a busy machine.
/// </param>
public sealed class Sampler(int samples, double minSampleSeconds, double warmupSeconds, int minWarmupUnits = 3,
    double maxSeconds = double.PositiveInfinity)
{
    public const int MinSamples = 3;

    public int Samples { get; } = samples;
    public double MinSampleSeconds { get; } = minSampleSeconds;
    public double WarmupSeconds { get; } = warmupSeconds;

    /// <summary>Measures both; either may be null (then its timing is NaN).</summary>
    public (Timing A, Timing B) Compare(IWorkload? a, IWorkload? b)
    {
        int batchA = a is null ? 0 : Calibrate(a), batchB = b is null ? 0 : Calibrate(b);
        List<double> wa = new(Samples), wb = new(Samples), ca = new(Samples), cb = new(Samples);
        var budget = Stopwatch.StartNew();
        for (int s = 0; s < Samples; s++)
        {
            if (s >= MinSamples && budget.Elapsed.TotalSeconds > maxSeconds) break;
            bool aFirst = s % 2 == 0;
            if (aFirst && a is not null) { Settle(); Once(a, batchA, wa, ca); }
            if (b is not null) { Settle(); Once(b, batchB, wb, cb); }
            if (!aFirst && a is not null) { Settle(); Once(a, batchA, wa, ca); }
        }
        return (Timing.From(wa, ca), Timing.From(wb, cb));
    }

    /// <summary>
    /// A pause before every sample, so that the threads the other side left spinning (libtorch's OpenMP pool, our
    /// kernel workers) have gone to sleep and do not take a core from this one. Measured at e) on 2 threads, our LSTM
    /// step without it: 35.3 ms [31.6..38.5]; with 30 ms: 32.0 ms [31.6..33.2] (the lower end is the same, only the
    /// disturbed samples go).
    /// </summary>
    const int SettleMilliseconds = 30;

    static void Settle() => Thread.Sleep(SettleMilliseconds);

    /// <summary>Warms the workload up and returns how many units one sample should run.</summary>
    int Calibrate(IWorkload w)
    {
        w.Run(1); // first call: JIT, lazy native initialisation
        if (minWarmupUnits <= 1 && WarmupSeconds <= 0) return 1;
        var sw = Stopwatch.StartNew();
        int done = 0, batch = 1;
        while (sw.Elapsed.TotalSeconds < WarmupSeconds || done < minWarmupUnits)
        {
            w.Run(batch);
            done += batch;
            if (sw.Elapsed.TotalSeconds < WarmupSeconds / 4) batch *= 2;
        }
        double perUnit = sw.Elapsed.TotalSeconds / done;
        return Math.Max(1, (int)Math.Ceiling(MinSampleSeconds / perUnit));
    }

    static void Once(IWorkload w, int batch, List<double> wall, List<double> cpu)
    {
        double c0 = ThreadCpuMicroseconds();
        long t0 = Stopwatch.GetTimestamp();
        w.Run(batch);
        long t1 = Stopwatch.GetTimestamp();
        double c1 = ThreadCpuMicroseconds();
        wall.Add((t1 - t0) * 1e6 / Stopwatch.Frequency / batch);
        cpu.Add((c1 - c0) / batch);
    }

    [StructLayout(LayoutKind.Sequential)]
    struct TimeSpec { public long Seconds, Nanoseconds; }

    [DllImport("libc", EntryPoint = "clock_gettime")]
    static extern int ClockGetTime(int clock, out TimeSpec time);

    const int ClockThreadCpuTime = 3; // CLOCK_THREAD_CPUTIME_ID (Linux)

    /// <summary>CPU time consumed so far by the calling thread, in µs (NaN where unavailable).</summary>
    public static double ThreadCpuMicroseconds()
    {
        if (!OperatingSystem.IsLinux()) return double.NaN;
        return ClockGetTime(ClockThreadCpuTime, out var t) == 0 ? t.Seconds * 1e6 + t.Nanoseconds / 1e3 : double.NaN;
    }

    /// <summary>
    /// Managed bytes allocated per unit over <paramref name="units"/> units after a warm-up, counted on all threads
    /// (GC.GetTotalAllocatedBytes(precise: true)), so work handed to worker threads is not missed.
    /// </summary>
    public static double AllocatedBytesPerUnit(IWorkload w, int units)
    {
        w.Run(Math.Max(1, units / 4));
        long before = GC.GetTotalAllocatedBytes(precise: true);
        w.Run(units);
        long after = GC.GetTotalAllocatedBytes(precise: true);
        return (after - before) / (double)units;
    }
}
