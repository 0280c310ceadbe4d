namespace RnnLstm.Bench.Harness;

/// <summary>
/// Our side on two threads against our side on one, measured as one comparison whose samples alternate (1, 2, 2, 1,
/// ...), so that a slow phase of the machine lands on both. The table's 1- and 2-thread rows are measured a minute
/// apart and cannot answer "is a second thread ever slower?" on a shared VM: in one --quick run both libraries ran
/// row a's 2-thread step 1.7x slower than its 1-thread step, a step in which nothing is split.
/// </summary>
public sealed record ThreadPair(string Config, string Cell, Timing One, Timing Two)
{
    /// <summary>Two threads' median time over one thread's: above 1, the second thread made it slower.</summary>
    public double Ratio => Two.MedianUs / One.MedianUs;

    /// <summary>Times <paramref name="work"/> on one and on two threads (<paramref name="setThreads"/> sets our thread
    /// count before every sample); <paramref name="perUnit"/> divides the times (B for a forward pass per sequence).</summary>
    public static ThreadPair Measure(string config, string cell, IWorkload work, Action<int> setThreads, Sampler sampler, int perUnit = 1)
    {
        var (one, two) = sampler.Compare(new OnThreads(work, setThreads, 1), new OnThreads(work, setThreads, 2));
        return new(config, cell, one.Per(perUnit), two.Per(perUnit));
    }

    sealed class OnThreads(IWorkload work, Action<int> setThreads, int threads) : IWorkload
    {
        public void Run(int count)
        {
            setThreads(threads);
            work.Run(count);
        }

        public void Dispose() { }
    }
}
