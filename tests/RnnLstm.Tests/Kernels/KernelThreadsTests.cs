using System.Runtime.CompilerServices;
using RnnLstm.Numerics.Kernels;

namespace RnnLstm.Tests.Kernels;

/// <summary>
/// The tests that set <see cref="KernelThreads.Count"/> (a process-wide setting) run alone, with no other test class
/// at the same time: another test's products would otherwise be split by their thread count, or take the workers
/// that theirs wait for.
/// </summary>
[CollectionDefinition("KernelThreads", DisableParallelization = true)]
public class KernelThreadsCollection;

/// <summary>When the workers keep arriving late, work runs on the calling thread for a while (one thread where a second cannot pay).</summary>
[Collection("KernelThreads")]
public class KernelThreadsTests
{
    /// <summary>The other kernel tests compare one thread with two bit for bit: every split must really happen there.</summary>
    [ModuleInitializer]
    internal static void SplitAlwaysInTests() => KernelThreads.SuspendWhenLate = false;

    /// <summary>The worker's chunk takes 20 ms (more than a busy machine takes to wake it); the caller's chunk waits until a worker has started one (so the caller
    /// cannot take both and the worker's is the one it waits for).</summary>
    private sealed class LateWorker : IParallelWork
    {
        private volatile bool _started;
        public int WorkerChunks;

        public void RunChunk(int chunk)
        {
            if (Thread.CurrentThread.Name?.StartsWith("RnnLstm kernel worker") == true)
            {
                _started = true;
                Interlocked.Increment(ref WorkerChunks);
                Thread.Sleep(20);
                return;
            }
            var until = DateTime.UtcNow.AddMilliseconds(200);
            while (!_started && DateTime.UtcNow < until) Thread.SpinWait(10);
            _started = false;
        }
    }

    [SkippableFact]
    public void Late_waits_suspend_the_splitting()
    {
        Skip.If(Environment.ProcessorCount < 2, "Needs 2 cores; this machine has 1.");
        int before = KernelThreads.Count;
        try
        {
            KernelThreads.Count = 2;
            KernelThreads.SuspendWhenLate = true;
            KernelThreads.Resume();
            var work = new LateWorker();
            for (int run = 0; run < KernelThreads.LateInARow; run++) Assert.True(KernelThreads.TryRun(work, 2), $"run {run} should split");
            Skip.If(work.WorkerChunks < KernelThreads.LateInARow, "The worker did not get chunk 1 every time (the machine is busy); nothing to check.");
            Assert.False(KernelThreads.TryRun(work, 2), $"after {KernelThreads.LateInARow} late wait(s) the work should run on the calling thread");
            KernelThreads.Resume();
            Assert.True(KernelThreads.TryRun(new LateWorker(), 1));
        }
        finally
        {
            KernelThreads.SuspendWhenLate = false;
            KernelThreads.Resume();
            KernelThreads.Count = before;
        }
    }
}
