using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using RnnLstm.Bench.Onnx;
using RnnLstm.Bench.Torch;
using static TorchSharp.torch;

namespace RnnLstm.Bench.Harness;

/// <summary>
/// Thrown when the two sides of a row do not compute the same thing from the same start (initial losses or outputs
/// differ): the row is then not a measurement of the same work, so it is refused and the run fails.
/// </summary>
public sealed class MismatchException(string message) : Exception(message);

/// <summary>The side-by-side run: peaks, configurations a..e for every cell and thread count, then the two jobs.</summary>
public sealed class Runner(bool quick, IOurSide? ours, IReadOnlySet<string>? only, int[] threadCounts)
{
    public const long Seed = 20251126;
    readonly int[] ThreadCounts = threadCounts;

    // At least 8 steps of warm-up even in --quick: our side's split policy alternates split and lone passes for its
    // first 3 + 3 passes of each kind (SplitPolicy.WarmUp), and at e, where a step takes 50 ms, the 0.1 s warm-up was
    // 3 steps, so lone passes of that warm-up were among the 7 samples (e LSTM on 2 threads: p90 64 ms, p10 45).
    Sampler StepSampler => quick ? new Sampler(7, 0.01, 0.1, minWarmupUnits: 8, maxSeconds: 4) : new Sampler(21, 0.03, 0.5);
    Sampler JobSampler => quick ? new Sampler(3, 0, 0, minWarmupUnits: 1, maxSeconds: 0) : new Sampler(5, 0, 0, minWarmupUnits: 1);
    // Two threads against one: samples of at least 30 ms and a longer warm-up even in --quick. With --quick's 10 ms
    // samples (two steps at d) the first pass after each pause and the split policy's warm-up were most of what was
    // timed: d LSTM 0.992 in --quick against 0.888 with full sampling.
    Sampler PairSampler => quick ? new Sampler(7, 0.03, 0.3, minWarmupUnits: 3, maxSeconds: 6) : new Sampler(21, 0.03, 0.5);

    bool Wanted(string name) => only is null || only.Contains(name);

    /// <summary>Runs every wanted row; returns how many rows were refused because the two sides computed different
    /// things (see <see cref="MismatchException"/>). Refused rows are printed but never written.</summary>
    public int Run(string outFolder)
    {
        var refused = new List<string>();
        void Add(Report report, Func<Row> measure)
        {
            try { report.Add(measure()); }
            catch (MismatchException e)
            {
                refused.Add(e.Message);
                Console.WriteLine($"REFUSED (not written): {e.Message}");
            }
        }
        var total = Stopwatch.StartNew();
        var header = new List<string>
        {
            $"machine: {CpuName()}, {Environment.ProcessorCount} logical cores, AVX-512: {Vector512.IsHardwareAccelerated}, {RuntimeInformation.OSDescription}",
            $".NET {Environment.Version}; TorchSharp {typeof(TorchSharp.torch).Assembly.GetName().Version} (libtorch-cpu 2.10.0), float32; libtorch OpenMP wait policy: {OpenMp.Policy}; native allocator: {NativeAllocator()}",
            $"mode: {(quick ? "--quick" : "full")}; step samples {StepSampler.Samples}, job samples {JobSampler.Samples}",
            $"training step (a..e): {StepDefinition.Text}",
            $"airline: {Jobs.AirlineText}",
            $"binary_addition: {Jobs.AdditionText}",
            $"onnx_airline, onnx_d, onnx_d_gru, onnx_d_rnn (inference): {OnnxInference.Text}",
            "GFLOP/s counts the recurrent layer's matrix products only: 2·T·B·G·H·(2I+3H) per step (forward 2·T·B·G·H·(I+H); backward dU, dV the same and dL/dh 2·T·B·G·H·H; dL/dx is computed by neither side), G = 4 LSTM, 3 GRU, 1 RNN",
            $"our side: {ours?.ThreadingNote ?? "not available in this build"}",
        };
        header.Add($"load average at start (other processes share these cores): {LoadAverage()}");
        Console.WriteLine("Measuring the machine's float32 peak ...");
        double fma1 = Peak.FmaLoopGflops(1), fma2 = Peak.FmaLoopGflops(2);
        double mm1 = Peak.TorchGemmGflops(1), mm2 = Peak.TorchGemmGflops(2);
        header.Add($"measured peak: FMA register loop {fma1:F0} GFLOP/s (1 thread), {fma2:F0} (2 threads); libtorch sgemm 1024³ {mm1:F0} (1 thread), {mm2:F0} (2 threads)");
        foreach (var h in header) Console.WriteLine(h);

        var report = new Report(header);
        Console.WriteLine();
        Console.WriteLine(Report.TableHeader);

        foreach (var cfg in StepConfig.All.Where(c => Wanted(c.Name)))
            foreach (var cell in Enum.GetValues<CellKind>())
                foreach (int threads in ThreadCounts)
                    Add(report, () => StepRow(cfg, cell, threads));

        if (Wanted("airline") || Wanted("binary_addition"))
        {
            var csv = FindUp("data/data.csv");
            foreach (int threads in ThreadCounts)
            {
                if (Wanted("airline")) Add(report, () => AirlineRow(csv, threads));
                if (Wanted("binary_addition")) Add(report, () => AdditionRow(threads));
            }
        }
        foreach (var name in OnnxInference.Names.Where(Wanted))
            foreach (int threads in ThreadCounts)
            {
                Add(report, () =>
                {
                    // The share of the peak is taken against an FMA probe on the row's threads right before and after it
                    // (the higher of the two), not the header's peak: on a shared machine the cores' speed drifts.
                    double before = Peak.FmaLoopGflops(threads, iterations: 2_000_000);
                    var row = OnnxInference.Measure(name, threads, StepSampler, (int)Seed, FindUp("data/data.csv"));
                    double after = Peak.FmaLoopGflops(threads, iterations: 2_000_000), peak = Math.Max(before, after);
                    return row with
                    {
                        Note = $"{row.Note}; ours at {row.OursGflops / peak:P0} of the FMA peak, ONNX Runtime at {row.TorchGflops / peak:P0} "
                            + $"(FMA probe on {threads} thread(s) before/after the row: {before:F0}/{after:F0} GFLOP/s)",
                    };
                });
            }

        if (ours is not null && ThreadCounts.Contains(1) && ThreadCounts.Contains(2) && Environment.ProcessorCount >= 2)
        {
            Console.WriteLine();
            Console.WriteLine("Two threads against one, ours only, samples interleaved:");
            Console.WriteLine(Report.PairHeader);
            foreach (var cfg in StepConfig.All.Where(c => Wanted(c.Name)))
                foreach (var cell in Enum.GetValues<CellKind>())
                    report.Add(StepPair(cfg, cell));
            if (Wanted("airline")) report.Add(AirlinePair(FindUp("data/data.csv")));
            if (Wanted("binary_addition")) report.Add(AdditionPair());
            foreach (var name in OnnxInference.Names.Where(Wanted))
                report.Add(OnnxInference.MeasureThreads(name, PairSampler, (int)Seed, FindUp("data/data.csv")));
        }

        report.AddHeader($"load average at end: {LoadAverage()}; total run {total.Elapsed.TotalSeconds:F0} s");
        foreach (var r in refused) report.AddHeader($"REFUSED, not written (the two sides computed different things): {r}");
        report.Write(outFolder);
        Console.WriteLine($"total {total.Elapsed.TotalSeconds:F0} s");
        if (refused.Count > 0) Console.WriteLine($"{refused.Count} row(s) refused: the bench fails");
        return refused.Count;
    }

    Row StepRow(StepConfig cfg, CellKind cell, int threads)
    {
        set_num_threads(threads);
        int ourThreads = ours?.SetThreads(threads) ?? 0;
        using var net = new TorchNet(cell, cfg.I, cfg.H, Seed);
        var (x, y) = StepData.Make(cfg, Seed);
        using var torchStep = new TorchStep(net, x, y, cfg);
        using var ourStep = ours?.Step(cfg, net, x, y);   // copies the weights before torch trains them
        if (ourStep is not null)
        {
            // Same weights, same data: the float32 losses before training must agree (a guard against timing two
            // different things). A mismatch is fatal: the row is not measured and the run exits non-zero.
            double lt = torchStep.Loss(), lo = ours!.StepLoss(ourStep), rel = Math.Abs(lt - lo) / Math.Max(Math.Abs(lt), 1e-12);
            if (!(rel <= WeightCopyCheck.Tolerance))
                throw new MismatchException($"{cfg.Name} {cell.Label()} {threads} thread(s): LOSS MISMATCH torch {lt:G6} ours {lo:G6} (relative {rel:E1})");
        }
        string? before = CoreProbe(threads);
        var (tt, to) = StepSampler.Compare(torchStep, ourStep);
        string? after = CoreProbe(threads);
        double alloc = ourStep is null ? double.NaN : Sampler.AllocatedBytesPerUnit(ourStep, AllocUnits(to));
        double torchAlloc = Sampler.AllocatedBytesPerUnit(torchStep, AllocUnits(tt));
        string? probe = before is null ? null : $"FMA probe on {threads} threads before/after: {before}/{after} GFLOP/s";
        return new Row(cfg.Name, cell.Label(), threads, ourThreads, to, tt, cfg.Flops(cell), alloc, torchAlloc,
            Join(ThreadNote(threads, ourThreads), probe));
    }

    /// <summary>Our training step of <paramref name="cfg"/> on one thread against two, interleaved (<see cref="ThreadPair"/>).</summary>
    ThreadPair StepPair(StepConfig cfg, CellKind cell)
    {
        using var net = new TorchNet(cell, cfg.I, cfg.H, Seed);
        var (x, y) = StepData.Make(cfg, Seed);
        using var step = ours!.Step(cfg, net, x, y);
        return ThreadPair.Measure(cfg.Name, cell.Label(), step, t => ours.SetThreads(t), PairSampler);
    }

    ThreadPair AirlinePair(string csv)
    {
        var (x, y) = Jobs.AirlineSamples(csv);
        using var net = new TorchNet(CellKind.Lstm, 1, Jobs.AirlineHidden, Seed);
        using var job = ours!.Airline(net, x, y);
        return ThreadPair.Measure("airline", "lstm", job, t => ours.SetThreads(t), JobSampler);
    }

    ThreadPair AdditionPair()
    {
        var (x, y) = Jobs.AdditionExamples(Jobs.AdditionIterations);
        using var net = new TorchNet(CellKind.Rnn, 2, Jobs.AdditionHidden, Seed);
        using var job = ours!.Addition(net, x, y);
        return ThreadPair.Measure("binary_addition", "rnn_tanh", job, t => ours.SetThreads(t), JobSampler);
    }

    /// <summary>
    /// For a multi-thread row, a short FMA register loop on that many threads (about 30 ms): whether the cores were
    /// really free around the row. Other processes on this machine's cores come and go; a figure well under the
    /// peak in the header marks a row measured with a core partly taken.
    /// </summary>
    static string? CoreProbe(int threads) => threads > 1 ? $"{Peak.FmaLoopGflops(threads, iterations: 2_000_000):F0}" : null;

    Row AirlineRow(string csv, int threads)
    {
        set_num_threads(threads);
        int ourThreads = ours?.SetThreads(threads) ?? 0;
        var (x, y) = Jobs.AirlineSamples(csv);
        using var net = new TorchNet(CellKind.Lstm, 1, Jobs.AirlineHidden, Seed);
        using var torchJob = new TorchAirlineJob(net, x, y);
        using var ourJob = ours?.Airline(net, x, y);
        var (tt, to) = JobSampler.Compare(torchJob, ourJob);
        string note = $"final train MSE torch {torchJob.LastLoss:G4}" + (ourJob is null ? "" : $", ours {ours!.JobCheck(ourJob)}");
        double alloc = ourJob is null ? double.NaN : Sampler.AllocatedBytesPerUnit(ourJob, 1) / (Jobs.AirlineEpochs * x.Length);
        return new Row("airline", "lstm", threads, ourThreads, to, tt, Jobs.AirlineFlopsPerJob, alloc, double.NaN,
            Join(ThreadNote(threads, ourThreads), note));
    }

    Row AdditionRow(int threads)
    {
        set_num_threads(threads);
        int ourThreads = ours?.SetThreads(threads) ?? 0;
        var (x, y) = Jobs.AdditionExamples(Jobs.AdditionIterations);
        using var net = new TorchNet(CellKind.Rnn, 2, Jobs.AdditionHidden, Seed);
        using var torchJob = new TorchAdditionJob(net, x, y);
        using var ourJob = ours?.Addition(net, x, y);
        var (tt, to) = JobSampler.Compare(torchJob, ourJob);
        string note = $"last-1000 accuracy torch {torchJob.LastAccuracy:P0}" + (ourJob is null ? "" : $", ours {ours!.JobCheck(ourJob)}");
        double alloc = ourJob is null ? double.NaN : Sampler.AllocatedBytesPerUnit(ourJob, 1) / Jobs.AdditionIterations;
        return new Row("binary_addition", "rnn_tanh", threads, ourThreads, to, tt, Jobs.AdditionFlopsPerJob, alloc,
            double.NaN, Join(ThreadNote(threads, ourThreads), note));
    }

    static int AllocUnits(Timing t) => (int)Math.Clamp(0.2e6 / t.MedianUs, 3, 2000);

    string? ThreadNote(int threads, int ourThreads) =>
        ours is not null && ourThreads != threads ? $"ours ran {ourThreads} thread(s)" : null;

    /// <summary>
    /// TorchSharp's large-LSTM times depend on the native allocator: with glibc's malloc they swing between runs (e) on
    /// one thread: 63-68 ms in some processes, 113-121 ms in others), with tcmalloc preloaded they stay at the fast end.
    /// </summary>
    static string NativeAllocator() =>
        Environment.GetEnvironmentVariable("LD_PRELOAD") is { } preload && preload.Contains("tcmalloc") ? $"tcmalloc (LD_PRELOAD={preload})" : "glibc malloc";

    static string? Join(string? a, string? b) => a is null ? b : b is null ? a : a + "; " + b;

    static string LoadAverage()
    {
        try { return string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)); }
        catch (IOException) { return "n/a"; }
    }

    static string CpuName()
    {
        try
        {
            return File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name"))?.Split(':', 2)[1].Trim()
                   ?? RuntimeInformation.ProcessArchitecture.ToString();
        }
        catch (IOException) { return RuntimeInformation.ProcessArchitecture.ToString(); }
    }

    /// <summary>Finds a repository file from the current folder or any parent.</summary>
    public static string FindUp(string relative)
    {
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, relative);
            if (File.Exists(candidate)) return candidate;
        }
        throw new FileNotFoundException($"{relative} not found in {Directory.GetCurrentDirectory()} or any parent");
    }
}
