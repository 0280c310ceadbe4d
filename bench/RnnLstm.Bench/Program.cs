using RnnLstm.Bench.Golden;

// Entry point. Commands:
//   golden [path]     write the float64 TorchSharp oracle (default tests/RnnLstm.Tests/Golden/torch-golden.json)
//   (none) [--quick]  the side-by-side benchmark
if (args.Length > 0 && args[0] == "golden")
{
    GoldenWriter.Write(args.Length > 1 ? args[1] : GoldenWriter.DefaultPath);
    return 0;
}
return 0;
