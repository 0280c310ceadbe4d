using Microsoft.ML.OnnxRuntime;

namespace RnnLstm.Tests.Export;

/// <summary>An exported model loaded into ONNX Runtime (CPU), run with float32 and int32 inputs.</summary>
internal sealed class OnnxRuntimeModel(byte[] model) : IDisposable
{
    public InferenceSession Session { get; } = new(model);

    /// <summary>Every output of the model, by name, for these inputs (name → values and shape).</summary>
    public Dictionary<string, float[]> Run(params (string Name, Array Values, long[] Shape)[] inputs)
    {
        var values = inputs.Select(i => i.Values switch
        {
            float[] f => OrtValue.CreateTensorValueFromMemory(f, i.Shape),
            int[] n => OrtValue.CreateTensorValueFromMemory(n, i.Shape),
            _ => throw new ArgumentException($"Input '{i.Name}' is neither float[] nor int[].", nameof(inputs)),
        }).ToArray();
        try
        {
            using var options = new RunOptions();
            var names = Session.OutputNames;
            using var results = Session.Run(options, inputs.Select(i => i.Name).ToArray(), values, names);
            return names.Zip(results).ToDictionary(p => p.First, p => p.Second.GetTensorDataAsSpan<float>().ToArray());
        }
        finally
        {
            foreach (var v in values) v.Dispose();
        }
    }

    public void Dispose() => Session.Dispose();
}
