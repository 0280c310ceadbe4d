using RnnLstm.Bench.Golden;
using RnnLstm.Bench.Harness;
using RnnLstm.Bench.Onnx;
using RnnLstm.Bench.Ours;

// Commands:
//   golden [path]                 write the float64 TorchSharp oracle (default tests/RnnLstm.Tests/Golden/torch-golden.json)
//   selfcheck                     the weight copy and both sides' outputs for every cell at b, c, d (exit 1 on a difference)
//   [--quick] [--only a,b,...] [--threads 1,2] [--torch-only] [--omp-passive]
//                                 the side-by-side benchmark (configs a..e, airline, binary_addition against
//                                 TorchSharp; onnx_airline, onnx_d, onnx_d_gru, onnx_d_rnn inference against ONNX Runtime; --only onnx = all
//                                 four onnx rows), then ours on one thread against two, interleaved; writes
//                                 artifacts/bench/summary.csv, summary.md and threads.csv
if (args.Length > 0 && args[0] == "golden")
{
    GoldenWriter.Write(args.Length > 1 ? args[1] : GoldenWriter.DefaultPath);
    return 0;
}
if (args.Length > 0 && args[0] == "selfcheck") return WeightCopyCheck.Run(new OurSide(), Runner.Seed) == 0 ? 0 : 1;
bool quick = args.Contains("--quick");
if (args.Contains("--omp-passive")) OpenMp.UsePassiveWaiting();
int onlyAt = Array.IndexOf(args, "--only");
IReadOnlySet<string>? only = onlyAt >= 0 && onlyAt + 1 < args.Length
    ? args[onlyAt + 1].Split(',').SelectMany(name => name == "onnx" ? OnnxInference.Names : new[] { name }).ToHashSet()
    : null;
int threadsAt = Array.IndexOf(args, "--threads");
int[] threads = threadsAt >= 0 && threadsAt + 1 < args.Length ? args[threadsAt + 1].Split(',').Select(int.Parse).ToArray() : [1, 2];
IOurSide? ours = args.Contains("--torch-only") ? null : new OurSide();
// Exit code 1 when a row was refused (the two sides did not compute the same thing from the same start).
return new Runner(quick, ours, only, threads).Run("artifacts/bench") == 0 ? 0 : 1;
