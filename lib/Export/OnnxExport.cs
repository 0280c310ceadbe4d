using System.Numerics;
using Google.Protobuf;
using RnnLstm.Export.Onnx;
using RnnLstm.Models;

namespace RnnLstm.Export;

/// <summary>What an exported ONNX model takes besides the sequences.</summary>
public sealed record OnnxExportOptions
{
    /// <summary>Adds the input <see cref="OnnxNames.SequenceLengths"/> (int32 [B]): each sequence's length, 1..T, for
    /// batches of sequences of different lengths padded to T steps (as <c>lengths</c> in <see cref="SequenceModel{T}.Forward"/>).</summary>
    public bool SequenceLengths { get; init; }

    /// <summary>Adds, per recurrent layer l, the inputs <see cref="OnnxNames.InitialHidden"/>(l) (and, for LSTMs,
    /// <see cref="OnnxNames.InitialCell"/>(l)) and the outputs <see cref="OnnxNames.FinalHidden"/>(l) (and
    /// <see cref="OnnxNames.FinalCell"/>(l)), each [1, B, H_l]: carry state from one call to the next (stateful use,
    /// sampling), as <see cref="SequenceModel{T}.CarryState"/> does.</summary>
    public bool States { get; init; }
}

/// <summary>The names of an exported model's inputs and outputs.</summary>
/// <remarks>
/// <code>
/// input  x              float [T, B, I]     time-major, as SequenceModel.Forward takes it ("steps", "batch" are symbolic)
/// input  sequence_lens  int32 [B]           with OnnxExportOptions.SequenceLengths
/// input  initial_h_l    float [1, B, H_l]   with OnnxExportOptions.States; also initial_c_l for LSTMs
/// output y              float [T, B, O]     OutputMode.EveryStep
///                       float [B, O]        OutputMode.LastStep
/// output final_h_l      float [1, B, H_l]   with OnnxExportOptions.States; also final_c_l for LSTMs
/// </code>
/// The leading 1 of the states is the ONNX recurrent operators' num_directions. With sequence lengths, y at the steps
/// past a sequence's end is not meaningful (ONNX Runtime gives the head applied to a zero state there, this library the
/// head applied to the last state), and the final states are those after each sequence's last real step, as here.
/// </remarks>
public static class OnnxNames
{
    /// <summary>The sequences, [T, B, I].</summary>
    public const string Input = "x";
    /// <summary>Each sequence's length, [B].</summary>
    public const string SequenceLengths = "sequence_lens";
    /// <summary>The model's output, [T, B, O] or [B, O].</summary>
    public const string Output = "y";
    /// <summary>h_0 of layer <paramref name="layer"/>, [1, B, H].</summary>
    public static string InitialHidden(int layer) => $"initial_h_{layer}";
    /// <summary>c_0 of LSTM layer <paramref name="layer"/>, [1, B, H].</summary>
    public static string InitialCell(int layer) => $"initial_c_{layer}";
    /// <summary>h_T of layer <paramref name="layer"/>, [1, B, H].</summary>
    public static string FinalHidden(int layer) => $"final_h_{layer}";
    /// <summary>c_T of LSTM layer <paramref name="layer"/>, [1, B, H].</summary>
    public static string FinalCell(int layer) => $"final_c_{layer}";
}

/// <summary>
/// Writes a trained <see cref="SequenceModel{T}"/> as an ONNX model, to run in ONNX Runtime (CPU or GPU, any language)
/// or any other ONNX runtime.
/// </summary>
/// <remarks>
/// <para>Each recurrent layer becomes one of ONNX's recurrent operators (<see cref="OnnxRecurrentLayer"/> has the
/// mapping of gates and weights): Elman → <c>RNN</c> (activation Tanh, Sigmoid or Relu; no <c>B</c> input without
/// bias), LSTM → <c>LSTM</c> (peepholes as its <c>P</c> input, the coupled cell as <c>input_forget = 1</c>), GRU →
/// <c>GRU</c> with <c>linear_before_reset = 1</c>. Between layers a <c>Squeeze</c> drops num_directions; the head is
/// <c>MatMul</c> by Wᵀ, <c>Add</c> b and <c>Sigmoid</c> or <c>Tanh</c>, applied to every step's h (every-step output)
/// or to the top layer's final h (last-step output). Names and shapes: <see cref="OnnxNames"/>.</para>
/// <para>The model uses ONNX opset <see cref="Opset"/> and IR version <see cref="IrVersion"/>. Everything is float32:
/// ONNX Runtime's CPU recurrent kernels run float32 only, so a float64 model's weights are rounded to float32.</para>
/// <para>Only the weights go into the file: a state the layers hold (<see cref="SequenceModel{T}.CarryState"/>,
/// <see cref="RecurrentLayer{T}.SetInitialState"/>) does not; export with <see cref="OnnxExportOptions.States"/> and pass
/// it as <c>initial_h_l</c> (and <c>initial_c_l</c>).</para>
/// </remarks>
public static class OnnxExport
{
    /// <summary>The ONNX operator set the model imports (ONNX 1.12, ONNX Runtime 1.13 and later read it).</summary>
    public const int Opset = 17;
    /// <summary>The ONNX IR version that goes with <see cref="Opset"/>.</summary>
    public const int IrVersion = 8;

    /// <summary>Writes <paramref name="model"/> to <paramref name="path"/> as an ONNX model.</summary>
    public static void Save<T>(SequenceModel<T> model, string path, OnnxExportOptions? options = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Write(ToBytes(model, options), path);
    }

    private static void Write(byte[] bytes, string path)
    {
        string? folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null) Directory.CreateDirectory(folder);
        File.WriteAllBytes(path, bytes);
    }

    /// <summary>The ONNX model of <paramref name="model"/>, serialized (what <see cref="Save"/> writes).</summary>
    public static byte[] ToBytes<T>(SequenceModel<T> model, OnnxExportOptions? options = null)
        where T : unmanaged, IFloatingPointIeee754<T> => Build(model, options).ToByteArray();

    /// <summary>
    /// Writes a seed ensemble as one ONNX model: every member reads the same input <see cref="OnnxNames.Input"/> and
    /// the output <see cref="OnnxNames.Output"/> is the mean of the members' outputs (ONNX's <c>Mean</c>):
    /// <code>
    /// y = (1/K) Σ_k net_k(x)      x [T, B, I] shared,  y [B, O] or [T, B, O] as for one member
    /// </code>
    /// Member k's weights and intermediate values are named <c>member{k}/…</c>. One member gives the same file as
    /// <see cref="Save"/>. The members must agree on input size, output size and output mode.
    /// </summary>
    public static void SaveEnsemble<T>(IReadOnlyList<SequenceModel<T>> members, string path)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Write(EnsembleToBytes(members), path);
    }

    /// <summary>The ONNX model of a seed ensemble, serialized (what <see cref="SaveEnsemble"/> writes).</summary>
    public static byte[] EnsembleToBytes<T>(IReadOnlyList<SequenceModel<T>> members)
        where T : unmanaged, IFloatingPointIeee754<T> => BuildEnsemble(members).ToByteArray();

    /// <summary>The ONNX model of a seed ensemble: each member's graph renamed into <c>member{k}/</c>, then <c>Mean</c>.</summary>
    internal static ModelProto BuildEnsemble<T>(IReadOnlyList<SequenceModel<T>> members)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(members);
        if (members.Count == 0) throw new ArgumentException("An ensemble needs at least one member.", nameof(members));
        for (int k = 0; k < members.Count; k++)
            if (members[k] is null) throw new ArgumentException($"Member {k} is null.", nameof(members));
        var first = members[0].Spec;
        for (int k = 1; k < members.Count; k++)
        {
            var spec = members[k].Spec;
            if (spec.InputSize != first.InputSize || spec.OutputSize != first.OutputSize || spec.Output != first.Output)
                throw new ArgumentException(
                    $"Member {k} ({spec}) does not fit member 0 ({first}): the members must agree on input size, output size and output mode.", nameof(members));
        }
        if (members.Count == 1) return Build(members[0]);

        var proto = Build(members[0]);
        var graph = proto.Graph;
        graph.Name = $"mean of {members.Count}: {first}";
        graph.Node.Clear();
        graph.Initializer.Clear();
        var outputs = new string[members.Count];
        for (int k = 0; k < members.Count; k++)
        {
            var member = Build(members[k]).Graph;
            string prefix = $"member{k}/";
            string Rename(string name) => name.Length == 0 || name == OnnxNames.Input ? name : prefix + name;
            foreach (var tensor in member.Initializer)
            {
                tensor.Name = Rename(tensor.Name);
                graph.Initializer.Add(tensor);
            }
            foreach (var node in member.Node)
            {
                node.Name = prefix + node.Name;
                for (int i = 0; i < node.Input.Count; i++) node.Input[i] = Rename(node.Input[i]);
                for (int i = 0; i < node.Output.Count; i++) node.Output[i] = Rename(node.Output[i]);
                graph.Node.Add(node);
            }
            outputs[k] = Rename(OnnxNames.Output);
        }
        graph.Node.Add(new NodeProto { OpType = "Mean", Name = "ensemble.Mean", Input = { outputs }, Output = { OnnxNames.Output } });
        proto.DocString = $"Mean of {members.Count} nets ({first}; {members.Sum(m => m.Parameters.Count)} parameters), exported from SequenceModel<{typeof(T).Name}>s.";
        return proto;
    }

    /// <summary>The ONNX model of <paramref name="model"/>.</summary>
    /// <exception cref="NotSupportedException">A part of the model has no ONNX form (the message names it).</exception>
    internal static ModelProto Build<T>(SequenceModel<T> model, OnnxExportOptions? options = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(model);
        options ??= new OnnxExportOptions();
        var spec = model.Spec;
        var graph = new OnnxGraph($"{spec}");
        graph.AddInput(OnnxNames.Input, TensorProto.Types.DataType.Float, ["steps", "batch", spec.InputSize],
            "the sequences, time-major [T, B, I]");
        string? lengths = null;
        if (options.SequenceLengths)
        {
            lengths = OnnxNames.SequenceLengths;
            graph.AddInput(lengths, TensorProto.Types.DataType.Int32, ["batch"], "each sequence's length, 1..T");
        }

        string input = OnnxNames.Input, topFinal = "";
        for (int l = 0; l < model.Layers.Count; l++)
        {
            bool everyStep = l < model.Layers.Count - 1 || spec.Output == OutputMode.EveryStep; // does anything read h at every step?
            var layer = OnnxRecurrentLayer.Add(graph, model.Layers[l].Cell, l, input, lengths, options.States, everyStep);
            if (everyStep) input = graph.Squeeze(layer.Outputs, axis: 1, $"layer{l}.h");     // [T, 1, B, H] → [T, B, H]
            topFinal = layer.FinalHidden;
        }

        var head = model.Head;
        string headInput = spec.Output switch
        {
            OutputMode.EveryStep => input,                                                   // [T, B, H]
            OutputMode.LastStep => graph.Squeeze(topFinal, axis: 0, "head.input"),           // [1, B, H] → [B, H]
            _ => throw new NotSupportedException($"Output mode {spec.Output} has no ONNX form here."),
        };
        string y = OnnxHead.Add(graph, head, headInput, OnnxNames.Output);
        graph.AddOutput(y, TensorProto.Types.DataType.Float,
            spec.Output == OutputMode.EveryStep ? ["steps", "batch", spec.OutputSize] : ["batch", spec.OutputSize],
            spec.Output == OutputMode.EveryStep ? "one output per step, [T, B, O]" : "one output per sequence from its final state, [B, O]");
        if (options.States)
            for (int l = 0; l < model.Layers.Count; l++)
            {
                int H = model.Layers[l].HiddenSize;
                graph.AddOutput(OnnxNames.FinalHidden(l), TensorProto.Types.DataType.Float, [1, "batch", H], $"h_T of layer {l}, [1, B, H]");
                if (model.Layers[l].Cell.HasCellState)
                    graph.AddOutput(OnnxNames.FinalCell(l), TensorProto.Types.DataType.Float, [1, "batch", H], $"c_T of layer {l}, [1, B, H]");
            }

        var proto = new ModelProto
        {
            IrVersion = IrVersion,
            ProducerName = "RnnLstm",
            ProducerVersion = typeof(OnnxExport).Assembly.GetName().Version?.ToString() ?? "",
            DocString = $"{spec}: {model.Parameters.Count} parameters, exported from a SequenceModel<{typeof(T).Name}>.",
            Graph = graph.Proto,
        };
        proto.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = Opset });
        return proto;
    }

    /// <summary>A parameter's values as float32 (ONNX Runtime's recurrent kernels are float32 only).</summary>
    internal static float[] ToFloat<T>(ReadOnlySpan<T> values) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var result = new float[values.Length];
        for (int k = 0; k < values.Length; k++) result[k] = float.CreateTruncating(values[k]);
        return result;
    }
}
