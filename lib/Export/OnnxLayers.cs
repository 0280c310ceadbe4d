using System.Numerics;
using RnnLstm.Cells;
using RnnLstm.Export.Onnx;
using RnnLstm.Models;

namespace RnnLstm.Export;

/// <summary>
/// One recurrent layer as one of ONNX's recurrent operators (<c>RNN</c>, <c>LSTM</c>, <c>GRU</c>), with its weights
/// reordered into ONNX's gate order.
/// </summary>
/// <remarks>
/// <code>
/// ONNX inputs (one direction):  W [1, G·H, I] = U,  R [1, G·H, H] = V,  B [1, 2·G·H] = [Wb, Rb]
/// gate blocks       ours                      ONNX
/// Elman             (one block)               (one block), activations = [Tanh | Sigmoid | Relu]
/// LSTM              i, f, g, o                i, o, f, c   (g is ONNX's c)
/// coupled LSTM      i, g, o                   i, o, f, c   with f = 0 and input_forget = 1 (f_t = 1 - i_t)
/// peepholes         P [3, H] = p_i, p_f, p_o  P [1, 3H] = p_i, p_o, p_f  (i, f see c_{t-1}, o sees c_t in both)
/// GRU               r, z, n                   z, r, h      linear_before_reset = 1: h = tanh(W_h x + Wb_h + r ⊙ (R_h h + Rb_h))
/// biases            b → Wb;  Rb = 0, except the GRU's b_hn → Rb_h (it sits inside r ⊙ (...), as in PyTorch)
/// </code>
/// ONNX adds Wb + Rb where this library has one b, so putting b in Wb and zeros in Rb gives the same sums.
/// </remarks>
internal static class OnnxRecurrentLayer
{
    /// <summary>The names of the values a layer's node produced: Y [T, 1, B, H] ("" when not asked for) and Y_h [1, B, H].</summary>
    public readonly record struct Values(string Outputs, string FinalHidden);

    /// <summary>Appends layer <paramref name="layer"/>'s node (and its weights) to <paramref name="graph"/>.</summary>
    /// <param name="input">The layer's input, [T, B, I].</param>
    /// <param name="lengths">The sequence-lengths input, or null.</param>
    /// <param name="states">Whether the layer's initial states are graph inputs and its final states graph outputs.</param>
    /// <param name="outputs">Whether anything reads the layer's h at every step (Y).</param>
    public static Values Add<T>(OnnxGraph graph, IRecurrentCell<T> cell, int layer, string input, string? lengths, bool states, bool outputs)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int H = cell.HiddenSize, I = cell.InputSize;
        string prefix = $"layer{layer}";
        var (op, order, attributes) = Operator(cell, layer);
        int G = order.Length;

        string w = graph.AddFloats($"{prefix}.W", Reorder(cell.InputWeights.Value, order, H * I), 1, G * H, I);
        string r = graph.AddFloats($"{prefix}.R", Reorder(cell.RecurrentWeights.Value, order, H * H), 1, G * H, H);
        string b = "";
        if (cell.Bias is { } bias)
        {
            var wb = Reorder(bias.Value, order, H);
            var rb = new float[G * H];
            if (cell is GruCell<T> gru) OnnxExport.ToFloat<T>(gru.CandidateRecurrentBias.Value).CopyTo(rb, 2 * H); // Rb_h = b_hn
            b = graph.AddFloats($"{prefix}.B", [.. wb, .. rb], 1, 2 * G * H);
        }

        string h0 = "", c0 = "", p = "";
        if (states)
        {
            h0 = OnnxNames.InitialHidden(layer);
            graph.AddInput(h0, TensorProto.Types.DataType.Float, [1, "batch", H], $"h_0 of layer {layer}, [1, B, H]");
            if (cell.HasCellState)
            {
                c0 = OnnxNames.InitialCell(layer);
                graph.AddInput(c0, TensorProto.Types.DataType.Float, [1, "batch", H], $"c_0 of layer {layer}, [1, B, H]");
            }
        }
        if (cell is LstmCell<T> { Peepholes: { } peepholes })
            p = graph.AddFloats($"{prefix}.P", Reorder(peepholes.Value, [0, 2, 1], H), 1, 3 * H); // p_i, p_f, p_o → p_i, p_o, p_f

        string y = outputs ? $"{prefix}.Y" : "";
        string yh = states ? OnnxNames.FinalHidden(layer) : $"{prefix}.Y_h";
        string[] nodeOutputs = cell.HasCellState && states ? [y, yh, OnnxNames.FinalCell(layer)] : [y, yh];
        string[] inputs = cell.HasCellState
            ? [input, w, r, b, lengths ?? "", h0, c0, p]
            : [input, w, r, b, lengths ?? "", h0];
        graph.AddNode(op, prefix, inputs, nodeOutputs, [OnnxGraph.Int("hidden_size", H), .. attributes]);
        return new Values(y, yh);
    }

    /// <summary>The ONNX operator of <paramref name="cell"/>, which of our gate blocks goes to each of its gate blocks (-1: zeros), and its attributes.</summary>
    private static (string Op, int[] Order, AttributeProto[] Attributes) Operator<T>(IRecurrentCell<T> cell, int layer)
        where T : unmanaged, IFloatingPointIeee754<T> => cell switch
    {
        ElmanCell<T> elman => ("RNN", [0], [OnnxGraph.Strings("activations", ElmanActivationName(elman.Activation, layer))]),
        LstmCell<T> { Variant: LstmVariant.Standard or LstmVariant.Peephole } => ("LSTM", [0, 3, 1, 2], []),
        LstmCell<T> { Variant: LstmVariant.CoupledInputForget } => ("LSTM", [0, 2, -1, 1], [OnnxGraph.Int("input_forget", 1)]),
        GruCell<T> => ("GRU", [1, 0, 2], [OnnxGraph.Int("linear_before_reset", 1)]),
        _ => throw new NotSupportedException(
            $"Layer {layer}'s cell ({cell.GetType().Name}, kind {cell.Kind}) has no ONNX recurrent operator in this exporter."),
    };

    private static string ElmanActivationName(ElmanActivation activation, int layer) => activation switch
    {
        ElmanActivation.Tanh => "Tanh",
        ElmanActivation.Logistic => "Sigmoid",
        ElmanActivation.Relu => "Relu",
        _ => throw new NotSupportedException($"Layer {layer}'s Elman activation {activation} has no ONNX RNN activation."),
    };

    /// <summary>Blocks of <paramref name="blockSize"/> values of <paramref name="values"/> in the order <paramref name="order"/> (-1: a block of zeros), as float32.</summary>
    private static float[] Reorder<T>(ReadOnlySpan<T> values, int[] order, int blockSize) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var result = new float[order.Length * blockSize];
        for (int k = 0; k < order.Length; k++)
            if (order[k] >= 0)
                OnnxExport.ToFloat(values.Slice(order[k] * blockSize, blockSize)).CopyTo(result, k * blockSize);
        return result;
    }
}

/// <summary>The output layer y = σ_y(h Wᵀ + b) as <c>MatMul</c> (by Wᵀ [H, O]), <c>Add</c> and <c>Sigmoid</c> or <c>Tanh</c>.</summary>
internal static class OnnxHead
{
    /// <summary>Appends the head applied to <paramref name="input"/> ([..., H]); its result is named <paramref name="output"/> ([..., O]).</summary>
    public static string Add<T>(OnnxGraph graph, DenseLayer<T> head, string input, string output) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int H = head.InputSize, O = head.OutputSize;
        var w = head.Weights.Value;
        var wt = new float[H * O];
        for (int o = 0; o < O; o++)
            for (int h = 0; h < H; h++) wt[h * O + o] = float.CreateTruncating(w[o * H + h]);
        string activation = head.Activation switch
        {
            OutputActivation.Identity => "",
            OutputActivation.Logistic => "Sigmoid",
            OutputActivation.Tanh => "Tanh",
            _ => throw new NotSupportedException($"The output activation {head.Activation} has no ONNX operator in this exporter."),
        };

        string product = head.Bias is null && activation.Length == 0 ? output : "head.product";
        graph.AddNode("MatMul", "head.MatMul", [input, graph.AddFloats("head.Wt", wt, H, O)], [product]);
        string a = product;
        if (head.Bias is { } bias)
        {
            a = activation.Length == 0 ? output : "head.a";
            graph.AddNode("Add", "head.Add", [product, graph.AddFloats("head.b", OnnxExport.ToFloat<T>(bias.Value), O)], [a]);
        }
        if (activation.Length > 0) graph.AddNode(activation, $"head.{activation}", [a], [output]);
        return output;
    }
}
