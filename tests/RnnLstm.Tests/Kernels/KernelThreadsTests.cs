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

/// <summary>A second thread is used only where it has been faster (<see cref="SplitPolicy"/>).</summary>
[Collection("KernelThreads")]
public class KernelThreadsTests
{
    /// <summary>The other kernel tests compare one thread with two bit for bit: every split must really happen there.</summary>
    [ModuleInitializer]
    internal static void SplitAlwaysInTests() => KernelThreads.AlwaysSplit = true;

    /// <summary>Feeds the policy calls that take <paramref name="split"/> ns per unit when split and
    /// <paramref name="alone"/> when not; returns the ways the calls went (true: split).</summary>
    private static List<bool> Drive(SplitPolicy policy, int calls, double split, double alone)
    {
        var ways = new List<bool>();
        for (int k = 0; k < calls; k++)
        {
            bool s = policy.NextSplits();
            ways.Add(s);
            policy.Record(s, s ? split : alone);
        }
        return ways;
    }

    [Fact]
    public void Warm_up_alternates_then_the_faster_way_is_kept()
    {
        var policy = new SplitPolicy();
        var ways = Drive(policy, 2 * SplitPolicy.WarmUp, split: 1.0, alone: 2.0);
        Assert.Equal(Enumerable.Range(0, 2 * SplitPolicy.WarmUp).Select(k => k % 2 == 0), ways);
        Assert.True(policy.PreferSplit);
        Assert.All(Drive(policy, SplitPolicy.MinExplore - 1, split: 1.0, alone: 2.0), Assert.True);

        var slow = new SplitPolicy();
        Drive(slow, 2 * SplitPolicy.WarmUp, split: 3.0, alone: 2.0);
        Assert.False(slow.PreferSplit);
        Assert.All(Drive(slow, SplitPolicy.MinExplore - 1, split: 3.0, alone: 2.0), Assert.False);
    }

    [Fact]
    public void A_cold_first_pass_does_not_set_the_estimate()
    {
        var policy = new SplitPolicy();
        foreach (var (split, ns) in new[] { (true, 100.0), (false, 2.0), (true, 1.0), (false, 2.0), (true, 1.0), (false, 2.0) })
        {
            Assert.Equal(split, policy.NextSplits());
            policy.Record(split, ns);
        }
        Assert.Equal((1.0, 2.0), policy.Estimates);
        Assert.True(policy.PreferSplit);
    }

    [Fact]
    public void Explorations_of_the_other_way_come_at_doubling_intervals_while_it_stays_slower()
    {
        var policy = new SplitPolicy();
        Drive(policy, 2 * SplitPolicy.WarmUp, split: 1.0, alone: 2.0);
        var ways = Drive(policy, 4000, split: 1.0, alone: 2.0);
        var explorations = ways.Select((s, k) => (s, k)).Where(p => !p.s).Select(p => p.k).ToList();
        var gaps = explorations.Zip(explorations.Skip(1), (a, b) => b - a).ToList();
        Assert.Equal(SplitPolicy.MinExplore - 1, explorations[0]);
        Assert.Equal([32, 64, 128, 256, 512, 1024, 1024], gaps.Take(7));
        Assert.True(policy.PreferSplit);
    }

    [Fact]
    public void A_way_that_became_slow_is_left_within_a_few_calls_and_one_slow_call_changes_nothing()
    {
        var policy = new SplitPolicy();
        Drive(policy, 40, split: 1.0, alone: 2.0);
        Drive(policy, 1, split: 1000.0, alone: 2.0);                      // one preempted split call
        Assert.True(policy.PreferSplit);

        var ways = Drive(policy, 8, split: 6.0, alone: 2.0);               // the second core is taken from now on
        Assert.False(policy.PreferSplit);
        Assert.Contains(false, ways);
        Assert.True(ways.TakeWhile(s => s).Count() <= 6, string.Join(",", ways));
    }

    [Fact]
    public void A_split_that_became_fast_again_is_found_by_the_explorations()
    {
        var policy = new SplitPolicy();
        Drive(policy, 200, split: 6.0, alone: 2.0);
        Assert.False(policy.PreferSplit);
        Drive(policy, 2000, split: 1.0, alone: 2.0);                       // the other core is free again
        Assert.True(policy.PreferSplit);
    }

    [Fact]
    public void A_split_left_too_slow_by_a_disturbed_warm_up_is_taken_at_the_first_exploration()
    {
        // Two of the three split warm-up passes disturbed (their median 6 against 1 really): alone is chosen; the first
        // exploration's fast pass replaces the estimate, so the policy splits from then on, not hundreds of passes later.
        var policy = new SplitPolicy();
        foreach (var ns in new[] { 6.0, 6.0, 1.0 })
        {
            Assert.True(policy.NextSplits());
            policy.Record(true, ns);
            Assert.False(policy.NextSplits());
            policy.Record(false, 2.0);
        }
        Assert.False(policy.PreferSplit);
        var ways = Drive(policy, SplitPolicy.MinExplore + 1, split: 1.0, alone: 2.0);
        Assert.True(policy.PreferSplit, string.Join(",", ways));
        Assert.Equal(1.0, policy.Estimates.Split);
        Assert.All(Drive(policy, SplitPolicy.MinExplore - 1, split: 1.0, alone: 2.0), Assert.True);
    }

    [Fact]
    public void The_waking_call_of_a_split_exploration_is_not_recorded()
    {
        var policy = new SplitPolicy();
        Drive(policy, 60, split: 3.0, alone: 2.0);
        Assert.False(policy.PreferSplit);
        double before = policy.Estimates.Split;
        int calls = 0;
        while (!policy.NextSplits()) { policy.Record(false, 2.0); calls++; Assert.True(calls < 5000); }
        policy.Record(true, 500.0);                                         // the worker was asleep
        Assert.Equal(before, policy.Estimates.Split);
        Assert.True(policy.NextSplits());                                   // the exploration's second call
        policy.Record(true, 1.0);
        Assert.True(policy.Estimates.Split < before);
    }

    /// <summary>The worker's chunk takes 20 ms (more than a busy machine takes to wake it); the caller's chunk waits
    /// until a worker has started one, so a split piece takes about 20 ms, and one run alone about nothing.</summary>
    private sealed class SlowOnWorker : IParallelWork
    {
        private volatile bool _started;
        public int Split;

        public void RunChunk(int chunk, int chunks)
        {
            if (chunks == 1) return;                                        // alone: instant
            if (Thread.CurrentThread.Name?.StartsWith("RnnLstm kernel worker") == true)
            {
                _started = true;
                Interlocked.Increment(ref Split);
                Thread.Sleep(20);
                return;
            }
            var until = DateTime.UtcNow.AddMilliseconds(200);
            while (!_started && DateTime.UtcNow < until) Thread.SpinWait(10);
            _started = false;
        }
    }

    [SkippableFact]
    public void Passes_whose_split_is_slow_run_on_the_calling_thread_after_the_warm_up()
    {
        Skip.If(Environment.ProcessorCount < 2, "Needs 2 cores; this machine has 1.");
        int before = KernelThreads.Count;
        const long size = 1L << 24;
        try
        {
            KernelThreads.Count = 2;
            KernelThreads.AlwaysSplit = false;
            var policies = new SplitPolicies();
            var work = new SlowOnWorker();
            for (int pass = 0; pass < 2 * SplitPolicy.WarmUp + 10; pass++)
            {
                using var scope = KernelThreads.BeginPass(policies, PassKind.Forward, size);
                KernelThreads.Run(work, 2);
                KernelThreads.Run(work, 2);                                  // a second piece of the same pass goes the same way
            }
            Skip.If(work.Split == 0, "The worker never got a chunk (the machine is busy); nothing to check.");
            Assert.False(policies.For(PassKind.Forward, size).PreferSplit);
            Assert.Equal(2 * SplitPolicy.WarmUp, work.Split);                // only the warm-up's split passes reached the worker

            KernelThreads.Run(work, 2);                                      // outside a pass, large work splits
            Assert.Equal(2 * SplitPolicy.WarmUp + 1, work.Split);
        }
        finally
        {
            KernelThreads.AlwaysSplit = true;
            KernelThreads.Count = before;
        }
    }
}
