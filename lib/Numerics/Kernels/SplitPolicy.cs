using System.Diagnostics;

namespace RnnLstm.Numerics.Kernels;

/// <summary>The passes through a model whose work the kernels may split over threads; each keeps its own record of what splitting gains.</summary>
internal enum PassKind
{
    /// <summary><c>SequenceModel.Forward</c>: every layer's forward pass and the head.</summary>
    Forward,
    /// <summary><c>SequenceModel.Backward</c>: backpropagation through the head and every layer.</summary>
    Backward,
    /// <summary><c>SequenceModel.Infer</c>: a forward pass that keeps nothing for Backward (the fused LSTM pass writes
    /// no caches, so its time, and what a second thread gains, differ from <see cref="Forward"/>'s).</summary>
    Infer,
}

/// <summary>
/// Whether splitting the work of one kind and size of pass through a model over the kernel threads is faster than
/// running it on the calling thread alone, on this machine and now, learned from the passes themselves.
/// </summary>
/// <remarks>
/// <para>What a split gains depends on things a fixed size threshold cannot know: how the hypervisor places the two
/// vCPUs, whether another process holds the second core, how fast a worker wakes, and what a split costs the work
/// after it (a product split by columns leaves half of its result in the other core's cache, which the gate maths
/// that follows on the calling thread then reads). Measured on an idle 2-core AMD EPYC: an LSTM training step at
/// I=64, H=256, T=100, B=64 took 70 ms on one thread and 39 ms with every product split; minutes later, in another
/// process, 52 ms split; a GRU step at I=32, H=128, T=50, B=32 took 4.0 ms alone and 3.0 or 7.1 ms split. Deciding
/// product by product from each product's own time chose splits whose cost fell on the next piece of work; so a whole
/// pass is timed, and each pass runs the way that has been faster.</para>
/// <para>Per model (<see cref="SplitPolicies"/>), <see cref="PassKind"/> and power-of-two size class, two running estimates of the time per unit of work:
/// one for passes whose large pieces were split, one for passes run on the calling thread alone. After
/// <see cref="WarmUp"/> passes of each (alternating), every pass runs the way whose estimate is lower, except an
/// exploration of the other way now and then: after <see cref="MinExplore"/> passes at first, twice as many each time
/// an exploration confirms the choice (up to <see cref="MaxExplore"/>), back to the shortest interval when the choice
/// changes. An exploration of splitting is two passes, of which only the second is recorded: a worker that has been
/// asleep takes tens of µs to wake, which the first pays and steady splitting would not.</para>
/// <para>An estimate starts at the median of its way's warm-up passes (the first pass of a way is often cold: pages
/// touched for the first time, a worker asleep). A later sample enters it with weight <see cref="Smoothing"/>, capped at <see cref="OutlierFactor"/>
/// times the estimate, so one preempted pass does not flip the choice; a way that really became slow still loses
/// within a few passes. Samples of the way not chosen are rare, so they enter with weight
/// <see cref="ExplorationWeight"/>, or replace the estimate when they are lower: on a shared machine disturbances
/// only ever add time, so a fast sample shows what the way costs, and one exploration is enough to undo an estimate
/// that a disturbed warm-up left too high (which otherwise kept a two-thread pass alone for hundreds of passes, at
/// the one-thread time). Results do not depend on the choice (every kernel computes each element the same
/// way whether split or not); only the time does.</para>
/// </remarks>
internal sealed class SplitPolicy
{
    /// <summary>Recorded passes of each way before the estimates decide.</summary>
    public const int WarmUp = 3;
    /// <summary>Passes between explorations of the way not chosen, at first and after the choice changes.</summary>
    public const int MinExplore = 16;
    /// <summary>The longest interval between explorations, in passes.</summary>
    public const int MaxExplore = 1024;
    /// <summary>Weight of a new sample of the chosen way in its estimate.</summary>
    public const double Smoothing = 0.125;
    /// <summary>Weight of an exploration's sample in the estimate of the way not chosen.</summary>
    public const double ExplorationWeight = 0.5;
    /// <summary>A sample counts for at most this many times its way's estimate.</summary>
    public const double OutlierFactor = 4;

    private double _split, _alone;                  // ns per unit of work
    private readonly double[] _warmSplit = new double[WarmUp], _warmAlone = new double[WarmUp];
    private int _splitSamples, _aloneSamples;
    private int _untilExplore = MinExplore, _exploreEvery = MinExplore, _explorationCalls;

    /// <summary>Whether split passes have been faster (the choice outside explorations).</summary>
    public bool PreferSplit { get; private set; } = true;

    /// <summary>The current estimates, ns per unit of work (NaN before the first sample).</summary>
    public (double Split, double Alone) Estimates => (_splitSamples > 0 ? _split : double.NaN, _aloneSamples > 0 ? _alone : double.NaN);

    private bool WarmingUp => _splitSamples < WarmUp || _aloneSamples < WarmUp;

    /// <summary>Whether the next pass should split; then <see cref="Record"/> how long it took.</summary>
    public bool NextSplits()
    {
        if (WarmingUp) return _splitSamples <= _aloneSamples;
        if (_explorationCalls > 0) return !PreferSplit;
        if (--_untilExplore > 0) return PreferSplit;
        _explorationCalls = PreferSplit ? 1 : 2;        // a split's first pass wakes the worker: not recorded
        return !PreferSplit;
    }

    /// <summary>Records a pass that did (<paramref name="split"/>) or did not split, taking <paramref name="nsPerUnit"/> per unit of work.</summary>
    public void Record(bool split, double nsPerUnit)
    {
        if (!(nsPerUnit >= 0) || double.IsInfinity(nsPerUnit)) return;
        bool exploring = _explorationCalls > 0 && split != PreferSplit;
        if (exploring && --_explorationCalls > 0) return;   // the waking pass of a split exploration
        ref double estimate = ref split ? ref _split : ref _alone;
        ref int samples = ref split ? ref _splitSamples : ref _aloneSamples;
        var warm = split ? _warmSplit : _warmAlone;
        if (samples < WarmUp)
        {
            warm[samples++] = nsPerUnit;                    // the estimate starts at the median of the warm-up:
            estimate = Statistics.Median(warm.AsSpan(0, samples)); // the first pass of a way is often cold
        }
        else
        {
            if (exploring && nsPerUnit < estimate) estimate = nsPerUnit;      // the other way is at most this slow
            else estimate += (exploring ? ExplorationWeight : Smoothing) * (Math.Min(nsPerUnit, OutlierFactor * estimate) - estimate);
            samples++;
        }
        if (WarmingUp) return;
        bool before = PreferSplit;
        PreferSplit = _split < _alone;
        if (exploring)
            _exploreEvery = PreferSplit == before ? Math.Min(2 * _exploreEvery, MaxExplore) : MinExplore;
        else if (PreferSplit != before)
            _exploreEvery = MinExplore;
        else return;
        _untilExplore = _exploreEvery;
    }

    /// <summary>ns per unit of <paramref name="size"/> units over the Stopwatch ticks since <paramref name="start"/>.</summary>
    public static double NsPerUnit(long start, long size) =>
        (Stopwatch.GetTimestamp() - start) * (1e9 / Stopwatch.Frequency) / Math.Max(1, size);
}

/// <summary>
/// The <see cref="SplitPolicy"/> of each kind and power-of-two size class of pass through one model, made on first use.
/// Per model because what a split gains depends on the model's shape as well as its size: an LSTM and a GRU at
/// I = 32, H = 128, T = 50, B = 32 fall in the same size class, yet the LSTM's fused pass hands work to the other
/// thread once a pass and the GRU's pass twice a step, so one estimate for both would mix two different costs.
/// </summary>
internal sealed class SplitPolicies
{
    private const int SizeClasses = 64;
    private static readonly int Kinds = Enum.GetValues<PassKind>().Length;
    private readonly SplitPolicy?[] _policies = new SplitPolicy?[Kinds * SizeClasses];

    /// <summary>The policy of <paramref name="kind"/> for passes of <paramref name="size"/> units (its power-of-two class).</summary>
    public SplitPolicy For(PassKind kind, long size) =>
        _policies[(int)kind * SizeClasses + Math.Clamp(63 - (int)ulong.LeadingZeroCount((ulong)Math.Max(1, size)), 0, SizeClasses - 1)] ??= new SplitPolicy();
}
