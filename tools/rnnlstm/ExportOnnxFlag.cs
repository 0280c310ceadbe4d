using RnnLstm.Export;
using RnnLstm.Models;

namespace RnnLstm.Cli;

/// <summary><c>--export-onnx FILE</c>: the verbs that train a <see cref="SequenceModel{T}"/> can also write it as an ONNX model.</summary>
internal static class ExportOnnxFlag
{
    /// <summary>The option's name.</summary>
    public const string Name = "--export-onnx";

    /// <summary>Writes <paramref name="model"/> to <paramref name="path"/> (nothing when the flag was not given).</summary>
    /// <exception cref="UsageException">The file cannot be written; the message names the flag and the file.</exception>
    public static void Save(SequenceModel<float> model, string? path) => Save(path, file => OnnxExport.Save(model, file));

    /// <summary>Writes a seed ensemble to <paramref name="path"/> as one model whose output is the members' mean
    /// (<see cref="OnnxExport.SaveEnsemble"/>; nothing when the flag was not given).</summary>
    /// <exception cref="UsageException">The file cannot be written; the message names the flag and the file.</exception>
    public static void Save(IReadOnlyList<SequenceModel<float>> members, string? path) => Save(path, file => OnnxExport.SaveEnsemble(members, file));

    private static void Save(string? path, Action<string> save)
    {
        if (path is null) return;
        try
        {
            save(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"{Name}: cannot write the ONNX model to '{path}': {e.Message}");
        }
    }
}
