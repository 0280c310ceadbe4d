using System.Globalization;
using System.Text;
using TorchSharp;
using static TorchSharp.torch;

namespace RnnLstm.Bench.Golden;

/// <summary>
/// Writes the numeric oracle: nn.LSTM, nn.GRU and nn.RNN(tanh) (one layer, bias on, time-major) in float64 at fixed
/// seeds, with their weights, input, initial states, outputs, final states and the gradient of a fixed scalar loss
/// with respect to every parameter, the input and the initial states. The default test run reads it
/// (tests/RnnLstm.Tests/Oracle/TorchOracleTests.cs) and needs no TorchSharp.
/// </summary>
/// <remarks>
/// Loss: L = sum(output * R) + sum(h_n * Rh) (+ sum(c_n * Rc) for the LSTM), with R [T,B,H], Rh [B,H], Rc [B,H]
/// drawn from N(0,1) at the case's seed and stored beside the rest, so dL/doutput = R, dL/dh_n = Rh, dL/dc_n = Rc.
/// Every tensor is stored as { "shape": [...], "data": [row-major values] } with round-trip ("R") doubles.
/// Names follow PyTorch: weight_ih [G*H, I], weight_hh [G*H, H], bias_ih [G*H], bias_hh [G*H] with the gate row
/// blocks i,f,g,o (LSTM) and r,z,n (GRU); the GRU's n-gate recurrent bias (rows 2H..3H of bias_hh) sits inside
/// r * (W_hn h + b_hn).
/// </remarks>
public static class GoldenWriter
{
    public const string DefaultPath = "tests/RnnLstm.Tests/Golden/torch-golden.json";

    static readonly (int T, int B)[] Shapes = [(1, 1), (1, 3), (3, 1), (3, 3), (7, 1), (7, 3)];
    const int InputSize = 3, HiddenSize = 4;

    public static void Write(string path)
    {
        var sb = new StringBuilder();
        sb.Append("{\n  \"header\": {\n");
        sb.Append($"    \"made_by\": \"dotnet run -c Release --project bench/RnnLstm.Bench -- golden\",\n");
        sb.Append($"    \"torchsharp\": \"TorchSharp {typeof(torch).Assembly.GetName().Version} (package 0.107.0), libtorch-cpu-linux-x64 2.10.0\",\n");
        sb.Append("    \"dtype\": \"float64\",\n");
        sb.Append("    \"layout\": \"time-major: x [T,B,I], output [T,B,H]; h0, c0, h_n, c_n [B,H] (PyTorch's leading layer axis of size 1 dropped); weights as PyTorch's weight_ih_l0 [G*H,I], weight_hh_l0 [G*H,H], bias_ih_l0 [G*H], bias_hh_l0 [G*H]; gate row blocks LSTM i,f,g,o; GRU r,z,n\",\n");
        sb.Append("    \"loss\": \"L = sum(output*R) + sum(h_n*Rh) + sum(c_n*Rc) (Rc only for lstm)\",\n");
        sb.Append("    \"init\": \"weights: PyTorch default U(-1/sqrt(H), 1/sqrt(H)) after torch.manual_seed(seed); x, h0, c0, R, Rh, Rc: N(0,1) in that order\"\n");
        sb.Append("  },\n  \"cases\": [\n");
        var cases = new List<string>();
        int seed = 1000;
        foreach (var cell in new[] { "lstm", "gru", "rnn_tanh" })
            foreach (var (t, b) in Shapes)
                cases.Add(Case(cell, seed++, t, b, InputSize, HiddenSize));
        sb.Append(string.Join(",\n", cases));
        sb.Append("\n  ]\n}\n");
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.WriteAllText(path, sb.ToString());
        Console.WriteLine($"wrote {path}: {cases.Count} cases, {new FileInfo(path).Length / 1024.0:F1} KiB");
    }

    static string Case(string cell, int seed, int T, int B, int I, int H)
    {
        using var scope = NewDisposeScope();
        random.manual_seed(seed);
        var f64 = ScalarType.Float64;
        nn.Module module = cell switch
        {
            "lstm" => nn.LSTM(I, H, 1, bias: true, batchFirst: false, dtype: f64),
            "gru" => nn.GRU(I, H, 1, bias: true, batchFirst: false, dtype: f64),
            _ => nn.RNN(I, H, 1, nn.NonLinearities.Tanh, bias: true, batchFirst: false, dtype: f64),
        };
        bool isLstm = cell == "lstm";
        var x = randn([T, B, I], dtype: f64).requires_grad_();
        var h0 = randn([1, B, H], dtype: f64).requires_grad_();
        var c0 = isLstm ? randn([1, B, H], dtype: f64).requires_grad_() : null;
        var r = randn([T, B, H], dtype: f64);
        var rh = randn([1, B, H], dtype: f64);
        var rc = isLstm ? randn([1, B, H], dtype: f64) : null;

        Tensor output, hn, cn = null!;
        switch (module)
        {
            case TorchSharp.Modules.LSTM lstm: (output, hn, cn) = lstm.call(x, (h0, c0!)); break;
            case TorchSharp.Modules.GRU gru: (output, hn) = gru.call(x, h0); break;
            case TorchSharp.Modules.RNN rnn: (output, hn) = rnn.call(x, h0); break;
            default: throw new InvalidOperationException(cell);
        }
        var loss = (output * r).sum() + (hn * rh).sum();
        if (isLstm) loss = loss + (cn * rc!).sum();
        loss.backward();

        var parts = new List<string>
        {
            $"\"cell\": \"{cell}\"", $"\"seed\": {seed}", $"\"T\": {T}", $"\"B\": {B}", $"\"I\": {I}", $"\"H\": {H}",
            $"\"loss\": {Num(loss.item<double>())}",
        };
        var tensors = new List<string>();
        void Add(string name, Tensor t) => tensors.Add($"      \"{name}\": {Json(t)}");
        foreach (var (name, p) in module.named_parameters())
        {
            string shortName = name.EndsWith("_l0") ? name[..^3] : name;   // weight_ih_l0 -> weight_ih
            Add(shortName, p);
            Add("grad_" + shortName, p.grad!);
        }
        Add("x", x); Add("h0", h0.squeeze(0));
        if (isLstm) Add("c0", c0!.squeeze(0));
        Add("R", r); Add("Rh", rh.squeeze(0));
        if (isLstm) Add("Rc", rc!.squeeze(0));
        Add("output", output); Add("h_n", hn.squeeze(0));
        if (isLstm) Add("c_n", cn.squeeze(0));
        Add("grad_x", x.grad!); Add("grad_h0", h0.grad!.squeeze(0));
        if (isLstm) Add("grad_c0", c0!.grad!.squeeze(0));
        return "    {\n      " + string.Join(", ", parts) + ",\n      \"tensors\": {\n" + string.Join(",\n", tensors)
               .Replace("      \"", "        \"") + "\n      }\n    }";
    }

    static string Json(Tensor t)
    {
        var shape = string.Join(",", t.shape);
        var data = t.detach().contiguous().data<double>().ToArray();
        return $"{{\"shape\": [{shape}], \"data\": [{string.Join(",", data.Select(Num))}]}}";
    }

    static string Num(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}
