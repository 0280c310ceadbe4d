using RnnLstm.Cells;
using RnnLstm.Models;
using RnnLstm.Numerics;
using RnnLstm.Numerics.Kernels;
using RnnLstm.Tests.Core;

namespace RnnLstm.Tests.Kernels;

/// <summary>
/// Work handed to the workers without waiting (<see cref="KernelThreads.Start"/>), and what BPTT hands them: the weight
/// gradients of a block of steps, summed while the calling thread carries dh back through the next block.
/// </summary>
[Collection("KernelThreads")]
public class BackgroundWorkTests
{
    /// <summary>Records which thread ran each chunk; chunk 1 can be held until the test lets it go.</summary>
    private sealed class Recorder(int chunks) : IParallelWork
    {
        public readonly string?[] RanOn = new string?[chunks];
        public readonly int[] Runs = new int[chunks];
        public int WholeRuns;
        public volatile bool Release = true;

        public void RunChunk(int chunk, int chunkCount)
        {
            if (chunkCount == 1) { Interlocked.Increment(ref WholeRuns); return; }
            var until = DateTime.UtcNow.AddSeconds(5);
            while (chunk == 1 && !Release && DateTime.UtcNow < until) Thread.SpinWait(20);
            RanOn[chunk] = Thread.CurrentThread.Name ?? "caller";
            Interlocked.Increment(ref Runs[chunk]);
        }
    }

    private sealed class Nothing : IParallelWork
    {
        public void RunChunk(int chunk, int chunks) { }
    }

    [SkippableFact]
    public void Handed_over_work_runs_each_chunk_once_and_holds_the_workers_until_finished()
    {
        Skip.If(Environment.ProcessorCount < 2, "Needs 2 cores; this machine has 1.");
        int before = KernelThreads.Count;
        try
        {
            KernelThreads.Count = 2;
            var work = new Recorder(3) { Release = false };
            var handed = KernelThreads.Start(work, 3);
            var until = DateTime.UtcNow.AddSeconds(5);
            while (Volatile.Read(ref work.Runs[0]) == 0 && DateTime.UtcNow < until) Thread.Sleep(1);
            Skip.If(work.Runs[0] == 0, "No worker started within 5 s (the machine is busy); nothing to check.");
            Assert.StartsWith("RnnLstm kernel worker", work.RanOn[0]);          // claimed while this thread did something else
            Assert.False(KernelThreads.TryRun(new Nothing(), 2));              // the workers are the handed-over work's
            work.Release = true;
            handed.Finish();
            Assert.Equal([1, 1, 1], work.Runs);                                 // every chunk, once, all done by Finish
            Assert.Equal(0, work.WholeRuns);
            Assert.True(KernelThreads.TryRun(new Nothing(), 2));               // and the workers are free again
        }
        finally { KernelThreads.Count = before; }
    }

    [Fact]
    public void With_one_thread_the_work_runs_whole_before_start_returns()
    {
        int before = KernelThreads.Count;
        try
        {
            KernelThreads.Count = 1;
            var work = new Recorder(3);
            var handed = KernelThreads.Start(work, 3);
            Assert.Equal(1, work.WholeRuns);
            handed.Finish();
            Assert.Equal(1, work.WholeRuns);
            Assert.Equal([0, 0, 0], work.Runs);
        }
        finally { KernelThreads.Count = before; }
    }

    /// <summary>
    /// A training pass of every cell over more steps than one block of weight gradients holds, with sequences of
    /// different lengths in the batch and truncated BPTT, at a size where the Elman's and LSTMs' dV is added a block at
    /// a time: the gradients (added by a worker on two threads) and dL/dx must be the same bits on one and two threads,
    /// in float32 and float64. A block added after the next block had overwritten its half of dL/dzx would differ.
    /// </summary>
    [SkippableTheory]
    [MemberData(nameof(Cells))]
    public void Backward_gives_the_same_bits_with_the_weight_gradients_on_a_worker(CellKind kind)
    {
        Skip.If(Environment.ProcessorCount < 2, "Needs 2 cores; this machine has 1.");
        Assert.Equal(Pass<float>(kind, 1), Pass<float>(kind, 2));
        Assert.Equal(Pass<double>(kind, 1), Pass<double>(kind, 2));
    }

    public static TheoryData<CellKind> Cells() => new(TestData.AllCells);

    private const int Input = 8, Hidden = 128, Steps = 24, Batch = 64;

    /// <summary>Every parameter gradient, then dL/dx, as float64, after a seeded forward and backward pass.</summary>
    private static double[] Pass<T>(CellKind kind, int threads) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        int before = KernelThreads.Count;
        try
        {
            KernelThreads.Count = threads;
            var parameters = new ParameterSet<T>();
            var cell = Cell.Create<T>(kind, Input, Hidden, parameters, "l");
            cell.Initialize(new Rng(5));
            var layer = new RecurrentLayer<T>(cell);
            int block = RecurrentLayer<T>.ProjectionBlockValues / (Batch * cell.GateCount * Hidden);
            Assert.True(block < Steps / 2, "the pass should make at least three blocks");
            Assert.True(!cell.LayerSumsRecurrentGradient || (long)Batch * cell.GateCount * Hidden * Hidden >= PackedGemm.ParallelThreshold,
                "one step's dV product should be large enough for dV to be added a block at a time, on the worker");
            T[] Random(int n, int seed) => [.. TestData.Random(n, seed).Select(T.CreateChecked)];
            int[] lengths = [.. Enumerable.Range(0, Batch).Select(b => b % 3 == 0 ? Steps - b / 3 : Steps)];
            layer.Forward(Random(Steps * Batch * Input, 1), Steps, Batch, lengths);
            layer.Backward(Random(Steps * Batch * Hidden, 2), truncateSteps: 10);
            return [.. parameters.Gradients.ToArray().Concat(layer.InputGradient.ToArray()).Select(v => double.CreateChecked(v))];
        }
        finally { KernelThreads.Count = before; }
    }
}
