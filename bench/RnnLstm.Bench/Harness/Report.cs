using System.Globalization;
using System.Text;

namespace RnnLstm.Bench.Harness;

/// <summary>One row of the table: a configuration (a..e, a whole job, or an inference row), a cell and a thread count.</summary>
/// <param name="Torch">The other side's timing: TorchSharp's, or <paramref name="Peer"/>'s.</param>
/// <param name="Peer">Whom ours is measured against in this row.</param>
public sealed record Row(string Config, string Cell, int Threads, int OurThreads, Timing Ours, Timing Torch,
    double Flops, double AllocBytesPerStep, double TorchAllocBytesPerStep, string? Note, string Peer = "TorchSharp")
{
    public double Speedup => Torch.MedianUs / Ours.MedianUs;
    public double OursGflops => Flops / (Ours.MedianUs * 1e-6) / 1e9;
    public double TorchGflops => Flops / (Torch.MedianUs * 1e-6) / 1e9;
    /// <summary>Speed-up in CPU time of the calling thread: meaningful for 1-thread rows only.</summary>
    public double CpuSpeedup => Threads == 1 ? Torch.CpuMedianUs / Ours.CpuMedianUs : double.NaN;
}

/// <summary>Prints the table and writes artifacts/bench/summary.csv and summary.md (and threads.csv, the two-thread
/// against one-thread comparisons).</summary>
public sealed class Report(IEnumerable<string> header)
{
    readonly List<Row> rows = [];
    readonly List<ThreadPair> pairs = [];
    readonly List<string> header = [.. header];

    public void AddHeader(string line) => header.Add(line);
    public IReadOnlyList<Row> Rows => rows;

    public void Add(Row row)
    {
        rows.Add(row);
        Console.WriteLine(Line(row));
    }

    public void Add(ThreadPair pair)
    {
        pairs.Add(pair);
        Console.WriteLine(Line(pair));
    }

    public static string PairHeader => $"{"config",-16} {"cell",-9} {"ours on 1 thread µs",-28} {"ours on 2 threads µs",-28} {"2 / 1",8}";

    static string Line(ThreadPair p) => $"{p.Config,-16} {p.Cell,-9} {p.One.Format(),-28} {p.Two.Format(),-28} {Fmt(p.Ratio, "F3"),8}";

    public static string TableHeader =>
        $"{"config",-16} {"cell",-9} {"thr",3} {"ours µs [p10..p90]",-28} {"peer µs [p10..p90]",-28} {"speed-up",8} {"ours GF/s",9} {"peer GF/s",10} {"alloc B/step",12} {"cpu speed-up",12}";

    static string Line(Row r) =>
        $"{r.Config,-16} {r.Cell,-9} {r.Threads,3} {r.Ours.Format(),-28} {r.Torch.Format(),-28} {Fmt(r.Speedup, "F2") + "x",8} {Fmt(r.OursGflops, "F2"),9} {Fmt(r.TorchGflops, "F2"),10} {Fmt(r.AllocBytesPerStep, "F0"),12} {(r.Threads == 1 ? Fmt(r.CpuSpeedup, "F2") + "x" : ""),12}"
        + (r.Note is null ? "" : $"  {r.Note}");

    static string Cpu(int threads, Timing t) => threads == 1 ? Timing.Us(t.CpuMedianUs) : "";

    static string Fmt(double v, string f) => double.IsNaN(v) || double.IsInfinity(v) ? "n/a" : v.ToString(f, CultureInfo.InvariantCulture);

    static string Csv(double v, string f) => double.IsNaN(v) || double.IsInfinity(v) ? "" : v.ToString(f, CultureInfo.InvariantCulture);

    public void Write(string folder)
    {
        Directory.CreateDirectory(folder);
        var csv = new StringBuilder("config,cell,threads,ours_us,peer_us,speedup,ours_gflops,alloc_bytes_per_step,peer\n");
        foreach (var r in rows)
            csv.Append($"{r.Config},{r.Cell},{r.Threads},{Csv(r.Ours.MedianUs, "F3")},{Csv(r.Torch.MedianUs, "F3")},{Csv(r.Speedup, "F3")},{Csv(r.OursGflops, "F3")},{Csv(r.AllocBytesPerStep, "F1")},{r.Peer}\n");
        File.WriteAllText(Path.Combine(folder, "summary.csv"), csv.ToString());

        var md = new StringBuilder("# RnnLstm vs TorchSharp (training steps, jobs) and ONNX Runtime (inference)\n\n");
        foreach (var h in header) md.Append($"- {h}\n");
        md.Append("\nTimes are medians over interleaved samples, with the 10th..90th percentile in brackets. ");
        md.Append("For a..e a unit is one training step; for airline and binary_addition it is the whole job; for onnx_* rows it is one sequence's share of a forward pass and the peer is ONNX Runtime. ");
        md.Append("alloc = managed bytes allocated per training step on our side (all threads), after warm-up. ");
        md.Append("cpu µs (1-thread rows only) = median CPU time of the calling thread per unit, which leaves out time the OS gave the core to other processes; cpu speed-up = their ratio.\n\n");
        md.Append("| config | cell | threads | ours µs [p10..p90] | peer µs [p10..p90] | speed-up | ours GFLOP/s | peer GFLOP/s | alloc B/step | ours cpu µs | peer cpu µs | cpu speed-up | samples | note |\n");
        md.Append("|---|---|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
        foreach (var r in rows)
            md.Append($"| {r.Config} | {r.Cell} | {r.Threads} | {r.Ours.Format()} | {r.Torch.Format()} | {Fmt(r.Speedup, "F2")}x | {Fmt(r.OursGflops, "F2")} | {Fmt(r.TorchGflops, "F2")} | {Fmt(r.AllocBytesPerStep, "F0")} | {Cpu(r.Threads, r.Ours)} | {Cpu(r.Threads, r.Torch)} | {(r.Threads == 1 ? Fmt(r.CpuSpeedup, "F2") + "x" : "")} | {r.Ours.Samples}/{r.Torch.Samples} | {r.Note} |\n");
        if (pairs.Count > 0)
        {
            md.Append("\n## Two threads against one, ours only, interleaved\n\n");
            md.Append("Each line is one comparison whose samples alternate between one and two threads on the same model (see `ThreadPair`), ");
            md.Append("so a slow phase of the machine lands on both; 2 / 1 is the ratio of the medians (above 1: the second thread made it slower).\n\n");
            md.Append("| config | cell | 1 thread µs [p10..p90] | 2 threads µs [p10..p90] | 2 / 1 |\n|---|---|---|---|---:|\n");
            foreach (var p in pairs) md.Append($"| {p.Config} | {p.Cell} | {p.One.Format()} | {p.Two.Format()} | {Fmt(p.Ratio, "F3")} |\n");
            var pairCsv = new StringBuilder("config,cell,one_thread_us,two_threads_us,ratio\n");
            foreach (var p in pairs) pairCsv.Append($"{p.Config},{p.Cell},{Csv(p.One.MedianUs, "F3")},{Csv(p.Two.MedianUs, "F3")},{Csv(p.Ratio, "F4")}\n");
            File.WriteAllText(Path.Combine(folder, "threads.csv"), pairCsv.ToString());
        }
        File.WriteAllText(Path.Combine(folder, "summary.md"), md.ToString());
        Console.WriteLine($"wrote {Path.Combine(folder, "summary.csv")} and summary.md");
    }
}
