using System.Numerics;
using System.Text.Json;
using System.Text.Json.Serialization;
using RnnLstm.Cells;

namespace RnnLstm.Models;

/// <summary>
/// Saves a trained model to a readable JSON file (its spec and every named parameter) and loads it back.
/// </summary>
/// <remarks>
/// Values are written as float64 with the shortest text that reads back to the same number, so a float32 or a
/// float64 model round-trips exactly. Loading checks the file's spec and every parameter's shape against the model,
/// and names each difference.
/// </remarks>
public static class ModelFile
{
    private const string Format = "rnnlstm-model";
    private const int Version = 1;

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter() },
    };

    private sealed record FileSpec(CellKind Cell, int InputSize, int[] HiddenSizes, int OutputSize, OutputMode Output,
        OutputActivation OutputActivation, ElmanActivation ElmanActivation, bool Bias);
    private sealed record FileParameter(string Name, int Rows, int Cols, double[] Values);
    private sealed record FileContents(string Format, int Version, FileSpec Spec, FileParameter[] Parameters);

    /// <summary>Writes <paramref name="model"/> to <paramref name="path"/>.</summary>
    public static void Save<T>(SequenceModel<T> model, string path) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var s = model.Spec;
        var contents = new FileContents(Format, Version,
            new FileSpec(s.Cell, s.InputSize, s.HiddenSizes, s.OutputSize, s.Output, s.OutputActivation, s.ElmanActivation, s.Bias),
            model.Parameters.Parameters.Select(p => new FileParameter(p.Name, p.Rows, p.Cols, ToDoubles<T>(p.Value))).ToArray());
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null) Directory.CreateDirectory(directory);
        File.WriteAllText(path, JsonSerializer.Serialize(contents, Json));
    }

    /// <summary>Reads the file at <paramref name="path"/> into a new model of the spec it describes.</summary>
    public static SequenceModel<T> Load<T>(string path) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var contents = Read(path);
        var f = contents.Spec;
        var spec = new ModelSpec
        {
            Cell = f.Cell, InputSize = f.InputSize, HiddenSizes = f.HiddenSizes, OutputSize = f.OutputSize, Output = f.Output,
            OutputActivation = f.OutputActivation, ElmanActivation = f.ElmanActivation, Bias = f.Bias,
        };
        var model = new SequenceModel<T>(spec);
        CopyParameters(contents, model, path);
        return model;
    }

    /// <summary>Reads the file at <paramref name="path"/> into <paramref name="model"/>; fails, naming every difference, when the file describes another model.</summary>
    public static void LoadInto<T>(SequenceModel<T> model, string path) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(model);
        var contents = Read(path);
        var f = contents.Spec;
        var fileSpec = model.Spec with
        {
            Cell = f.Cell, InputSize = f.InputSize, HiddenSizes = f.HiddenSizes, OutputSize = f.OutputSize, Output = f.Output,
            OutputActivation = f.OutputActivation, ElmanActivation = f.ElmanActivation, Bias = f.Bias,
        };
        var differences = model.Spec.Differences(fileSpec);
        if (differences.Count > 0)
            throw new InvalidDataException($"'{path}' holds a different model ({fileSpec}) than the one loading it ({model.Spec}): " +
                string.Join("; ", differences.Select(d => d.Replace(" here, ", " in the model, ").Replace(" there", " in the file"))) + ".");
        CopyParameters(contents, model, path);
    }

    private static FileContents Read(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"Model file '{path}' does not exist.", path);
        FileContents? contents;
        try { contents = JsonSerializer.Deserialize<FileContents>(File.ReadAllText(path), Json); }
        catch (JsonException e) { throw new InvalidDataException($"'{path}' is not a model file: {e.Message}", e); }
        if (contents is null || contents.Format != Format || contents.Spec is null || contents.Parameters is null)
            throw new InvalidDataException($"'{path}' is not a model file (expected \"format\": \"{Format}\").");
        if (contents.Version != Version)
            throw new InvalidDataException($"'{path}' is model file version {contents.Version}; this library reads version {Version}.");
        return contents;
    }

    private static void CopyParameters<T>(FileContents contents, SequenceModel<T> model, string path) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var problems = new List<string>();
        var byName = contents.Parameters.ToDictionary(p => p.Name);
        foreach (var p in model.Parameters.Parameters)
        {
            if (!byName.Remove(p.Name, out var stored)) { problems.Add($"{p.Name} is missing"); continue; }
            if (stored.Rows != p.Rows || stored.Cols != p.Cols || stored.Values?.Length != p.Length)
            {
                problems.Add($"{p.Name} is [{stored.Rows}×{stored.Cols}] in the file but [{p.Rows}×{p.Cols}] in the model");
                continue;
            }
            for (int k = 0; k < p.Length; k++) p.Value[k] = T.CreateChecked(stored.Values[k]);
        }
        problems.AddRange(byName.Keys.Select(name => $"{name} is in the file but not in the model"));
        if (problems.Count > 0) throw new InvalidDataException($"'{path}' does not fit the model: {string.Join("; ", problems)}.");
    }

    private static double[] ToDoubles<T>(ReadOnlySpan<T> values) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var result = new double[values.Length];
        for (int k = 0; k < values.Length; k++) result[k] = double.CreateChecked(values[k]);
        return result;
    }
}
