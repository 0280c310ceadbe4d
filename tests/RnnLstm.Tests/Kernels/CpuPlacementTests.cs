using RnnLstm.Numerics.Kernels;

namespace RnnLstm.Tests.Kernels;

/// <summary>
/// <c>CpuPlacement</c>: the kernel workers are kept off the CPU of the thread that hands them work (Linux), so that the
/// scheduler cannot stack a woken worker on its caller's CPU while another sits idle.
/// </summary>
[Collection("KernelThreads")]
public class CpuPlacementTests
{
    [Fact]
    public void Without_removes_one_cpu_and_refuses_to_leave_none()
    {
        var mask = new ulong[16];
        mask[0] = 0b1011;                                                      // CPUs 0, 1, 3
        mask[1] = 1;                                                           // CPU 64
        var rest = CpuPlacement.Without(mask, 1)!;
        Assert.Equal(0b1001UL, rest[0]);
        Assert.Equal(1UL, rest[1]);
        Assert.Equal(0b1011UL, mask[0]);                                       // the given mask is not changed
        Assert.Equal(0UL, CpuPlacement.Without(mask, 64)![1]);
        Assert.Equal(mask, CpuPlacement.Without(mask, 5));                     // a CPU not in the mask: nothing to remove
        var one = new ulong[16];
        one[0] = 0b100;
        Assert.Null(CpuPlacement.Without(one, 2));
    }

    [SkippableFact]
    public void Workers_run_off_the_cpu_of_the_thread_that_hands_them_work()
    {
        Skip.IfNot(CpuPlacement.Enabled && Environment.ProcessorCount >= 2, "Needs Linux and two CPUs the process may use.");
        int before = KernelThreads.Count, self = CpuPlacement.CurrentThreadId();
        var all = CpuPlacement.ProcessCpus!;
        try
        {
            KernelThreads.Count = 2;
            foreach (int cpu in Cpus(all).Take(2))                             // hand work over from two CPUs in turn
            {
                var only = new ulong[all.Length];
                only[cpu / 64] = 1UL << (cpu % 64);
                Assert.True(CpuPlacement.SetAffinity(self, only));            // this thread on that CPU alone
                Assert.Equal(cpu, CpuPlacement.CurrentCpu());
                var work = new Chunks();
                for (int k = 0; k < 200 && KernelThreads.WorkerThreadIds().All(id => id == 0); k++) KernelThreads.TryRun(work, 2); // the worker may still be starting
                Assert.True(KernelThreads.TryRun(work, 2));
                int worker = KernelThreads.WorkerThreadIds()[0];
                Assert.True(worker > 0);
                var mask = CpuPlacement.AffinityOf(worker)!;
                Assert.Equal(0UL, mask[cpu / 64] & (1UL << (cpu % 64)));         // not on the caller's CPU ...
                Assert.Equal(CpuPlacement.Without(all, cpu), mask);             // ... and free on every other
            }
        }
        finally
        {
            CpuPlacement.SetAffinity(self, all);
            KernelThreads.Count = before;
        }
    }

    private static IEnumerable<int> Cpus(ulong[] mask) =>
        Enumerable.Range(0, mask.Length * 64).Where(c => (mask[c / 64] & (1UL << (c % 64))) != 0);

    private sealed class Chunks : IParallelWork
    {
        public void RunChunk(int chunk, int chunks) { }
    }
}
