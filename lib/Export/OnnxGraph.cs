using Google.Protobuf;
using RnnLstm.Export.Onnx;

namespace RnnLstm.Export;

/// <summary>One dimension of a graph input or output: a fixed size, or a symbolic name such as "batch".</summary>
internal readonly record struct OnnxDim(long Size, string? Name)
{
    public static implicit operator OnnxDim(int size) => new(size, null);
    public static implicit operator OnnxDim(string name) => new(0, name);
}

/// <summary>Builds an ONNX graph: typed inputs and outputs, constant tensors (initializers) and nodes in order.</summary>
internal sealed class OnnxGraph
{
    public OnnxGraph(string name) => Proto = new GraphProto { Name = name };

    /// <summary>The graph built so far.</summary>
    public GraphProto Proto { get; }

    /// <summary>Declares a graph input.</summary>
    public void AddInput(string name, TensorProto.Types.DataType type, OnnxDim[] dims, string doc) =>
        Proto.Input.Add(ValueInfo(name, type, dims, doc));

    /// <summary>Declares a graph output (a value some node produces).</summary>
    public void AddOutput(string name, TensorProto.Types.DataType type, OnnxDim[] dims, string doc) =>
        Proto.Output.Add(ValueInfo(name, type, dims, doc));

    /// <summary>A float32 constant of shape <paramref name="dims"/> (row-major values); returns its name.</summary>
    public string AddFloats(string name, float[] values, params long[] dims)
    {
        CheckCount(name, values.Length, dims);
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float };
        tensor.Dims.AddRange(dims);
        tensor.FloatData.AddRange(values);
        Proto.Initializer.Add(tensor);
        return name;
    }

    /// <summary>An int64 constant of shape [n]; returns its name.</summary>
    public string AddInt64s(string name, params long[] values)
    {
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Int64 };
        tensor.Dims.Add(values.Length);
        tensor.Int64Data.AddRange(values);
        Proto.Initializer.Add(tensor);
        return name;
    }

    /// <summary>Appends a node of operator <paramref name="op"/> (default domain). Trailing empty input names (optional inputs left out) are dropped.</summary>
    public NodeProto AddNode(string op, string name, string[] inputs, string[] outputs, params AttributeProto[] attributes)
    {
        int count = inputs.Length;
        while (count > 0 && inputs[count - 1].Length == 0) count--;
        var node = new NodeProto { OpType = op, Name = name };
        node.Input.AddRange(inputs.Take(count));
        node.Output.AddRange(outputs);
        node.Attribute.AddRange(attributes);
        Proto.Node.Add(node);
        return node;
    }

    /// <summary>Drops dimension <paramref name="axis"/> (of size 1) from <paramref name="input"/>; returns the new value's name.</summary>
    public string Squeeze(string input, int axis, string output)
    {
        string axes = AddInt64s($"{output}.axes", axis);
        AddNode("Squeeze", output, [input, axes], [output]);
        return output;
    }

    /// <summary>An integer attribute.</summary>
    public static AttributeProto Int(string name, long value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    /// <summary>A list-of-strings attribute.</summary>
    public static AttributeProto Strings(string name, params string[] values)
    {
        var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Strings };
        attribute.Strings.AddRange(values.Select(ByteString.CopyFromUtf8));
        return attribute;
    }

    private static ValueInfoProto ValueInfo(string name, TensorProto.Types.DataType type, OnnxDim[] dims, string doc)
    {
        var shape = new TensorShapeProto();
        foreach (var d in dims)
            shape.Dim.Add(d.Name is null ? new TensorShapeProto.Types.Dimension { DimValue = d.Size } : new TensorShapeProto.Types.Dimension { DimParam = d.Name });
        return new ValueInfoProto
        {
            Name = name,
            DocString = doc,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)type, Shape = shape } },
        };
    }

    private static void CheckCount(string name, int count, long[] dims)
    {
        long expected = dims.Aggregate(1L, (a, b) => a * b);
        if (count != expected)
            throw new InvalidOperationException($"Tensor '{name}' has {count} values; its shape [{string.Join(", ", dims)}] needs {expected}.");
    }
}
