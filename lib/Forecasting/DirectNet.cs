using RnnLstm.Cells;
using RnnLstm.Models;
using RnnLstm.Training;

namespace RnnLstm.Forecasting;

/// <summary>The network part of the hybrid: cell, hidden units, look-back L.</summary>
public sealed record NetShape(CellKind Cell, int Hidden, int LookBack)
{
    /// <inheritdoc/>
    public override string ToString() => $"{Cell}({Hidden}), look-back {LookBack}";
}

/// <summary>
/// A recurrent net that reads one window and corrects a statistical forecaster's whole H-step path at once (the
/// direct multi-horizon design of ES-RNN and MQ-RNN), so no correction is fed back and nothing compounds. From
/// origin o with the base path p_1..p_H (the statistical forecast of y[o+1..o+H] from y[0..o]):
/// <code>
/// x_j = (y_{o-L+1+j} - p_1) / s,  j = 0..L-1          input [L, N, 1], time-major, the last step at o
/// ŷ_{o+h} = p_h + s · net(x)_h,  h = 1..H            output [N, H]
/// </code>
/// s is the MASE scale of the values it was trained on. The output layer starts at zero, so an untrained net gives
/// exactly the base path; training moves it by minimizing the squared error of the scaled corrections
/// (y_{o+h} - p_h) / s over every training origin and step.
/// </summary>
public sealed class DirectNet
{
    /// <summary>Input features per time step.</summary>
    public const int Inputs = 1;

    /// <summary>Most training origins (the latest ones, evenly strided), so that long series stay fast.</summary>
    public const int MaxTrainingOrigins = 300;

    private DirectNet(NetShape shape, int horizon, double scale, SequenceModel<float> model, TrainingHistory history, int epochs)
    {
        (Shape, Horizon, Scale, Model, History, Epochs) = (shape, horizon, scale, model, history, epochs);
    }

    /// <summary>Cell, size and look-back.</summary>
    public NetShape Shape { get; }
    /// <summary>H: the corrections it outputs.</summary>
    public int Horizon { get; }
    /// <summary>s: inputs and corrections are divided by it.</summary>
    public double Scale { get; }
    /// <summary>The network: input [L, N, 1], output [N, H].</summary>
    public SequenceModel<float> Model { get; }
    /// <summary>Loss and gradient norms per epoch.</summary>
    public TrainingHistory History { get; }
    /// <summary>Epochs trained: with validation, the best epoch (early stopping); without, as asked.</summary>
    public int Epochs { get; }

    /// <summary>A net whose output layer is zero: its corrections are exactly 0 (the base path), before any training.</summary>
    public static DirectNet Untrained(NetShape shape, int horizon, double scale, int seed)
    {
        var model = NewModel(shape, horizon, seed);
        return new DirectNet(shape, horizon, scale, model, new TrainingHistory(), 0);
    }

    /// <summary>
    /// Trains on the windows at <paramref name="train"/> origins. With validation origins, stops when their loss has
    /// not improved for <paramref name="patience"/> epochs and keeps the best epoch's weights; without, trains exactly
    /// <paramref name="epochs"/> epochs (at least 1).
    /// </summary>
    /// <param name="y">The series; every target y[o + h] of a training or validation origin must exist.</param>
    /// <param name="train">Training origins with their base paths.</param>
    /// <param name="validation">Early-stopping origins with their base paths (may be empty).</param>
    public static DirectNet Train(NetShape shape, double scale, double[] y, (int[] Origins, double[][] Paths) train,
        (int[] Origins, double[][] Paths) validation, int epochs, int seed, int patience = 8)
    {
        if (train.Origins.Length == 0) throw new ArgumentException("The net needs at least one training origin.", nameof(train));
        int horizon = train.Paths[0].Length;
        var model = NewModel(shape, horizon, seed);
        var data = new SequenceDataset<float>(BatchMajor(Windows(shape.LookBack, scale, y, train.Origins, train.Paths), shape.LookBack, train.Origins.Length),
            Targets(scale, y, train.Origins, train.Paths), shape.LookBack, Inputs, horizon, targetsPerStep: false);
        int batch = Math.Clamp(train.Origins.Length / 16, 1, 32);
        var trainer = new Trainer<float>(model, Losses.MeanSquaredError<float>(), new Adam<float>(0.005),
            new TrainerOptions { BatchSize = batch, Seed = seed, ClipNorm = 1 });
        if (validation.Origins.Length == 0)
        {
            int fixedEpochs = Math.Max(1, epochs);
            return new DirectNet(shape, horizon, scale, model, trainer.Fit(data, fixedEpochs), fixedEpochs);
        }
        var xv = Windows(shape.LookBack, scale, y, validation.Origins, validation.Paths);
        var yv = Targets(scale, y, validation.Origins, validation.Paths);
        double best = Loss(model.Infer(xv, shape.LookBack, validation.Origins.Length), yv); // epoch 0: the base path itself
        int bestEpoch = 0;
        float[] bestWeights = model.Parameters.Values.ToArray();
        var history = trainer.Fit(data, epochs, stopAfter: p =>
        {
            double loss = Loss(model.Infer(xv, shape.LookBack, validation.Origins.Length), yv);
            if (loss < best) (best, bestEpoch, bestWeights) = (loss, p.Epoch, model.Parameters.Values.ToArray());
            return p.Epoch - bestEpoch >= patience;
        });
        bestWeights.CopyTo(model.Parameters.Values);
        return new DirectNet(shape, horizon, scale, model, history, bestEpoch);
    }

    /// <summary>The corrected paths ŷ_{o+h} = p_h + s · net(x)_h for each origin (y is read up to each origin only).</summary>
    public double[][] Correct(double[] y, int[] origins, double[][] paths)
    {
        if (origins.Length == 0) return [];
        var z = Model.Predict(Windows(Shape.LookBack, Scale, y, origins, paths), Shape.LookBack, origins.Length);
        return FromOutput(origins.Length, paths, z);
    }

    /// <summary>p_h + s · z_h for outputs z [N, H] (e.g. from an exported model).</summary>
    public double[][] FromOutput(int count, double[][] paths, ReadOnlySpan<float> z)
    {
        if (z.Length != count * Horizon) throw new ArgumentException($"{z.Length} net outputs for {count} origins × {Horizon} steps.", nameof(z));
        var result = new double[count][];
        for (int k = 0; k < count; k++)
        {
            result[k] = new double[Horizon];
            for (int h = 0; h < Horizon; h++) result[k][h] = paths[k][h] + Scale * z[k * Horizon + h];
        }
        return result;
    }

    /// <summary>
    /// The input x [L, N, 1], time-major (what the model and an exported ONNX model read): x[j, k] = (y[o_k - L + 1 + j] - p_{k,1}) / s.
    /// Reads y[0..o_k] only.
    /// </summary>
    public static float[] Windows(int lookBack, double scale, double[] y, int[] origins, double[][] paths)
    {
        int n = origins.Length;
        var x = new float[n * lookBack];
        for (int k = 0; k < n; k++)
        {
            int o = origins[k];
            if (o - lookBack + 1 < 0) throw new ArgumentOutOfRangeException(nameof(origins), o, $"An origin needs {lookBack} values up to it (look-back {lookBack}).");
            for (int j = 0; j < lookBack; j++) x[j * n + k] = (float)((y[o - lookBack + 1 + j] - paths[k][0]) / scale);
        }
        return x;
    }

    private static float[] BatchMajor(float[] timeMajor, int steps, int n)
    {
        var x = new float[timeMajor.Length];
        for (int j = 0; j < steps; j++)
            for (int k = 0; k < n; k++) x[k * steps + j] = timeMajor[j * n + k];
        return x;
    }

    private static float[] Targets(double scale, double[] y, int[] origins, double[][] paths)
    {
        int horizon = paths[0].Length;
        var t = new float[origins.Length * horizon];
        for (int k = 0; k < origins.Length; k++)
            for (int h = 0; h < horizon; h++) t[k * horizon + h] = (float)((y[origins[k] + 1 + h] - paths[k][h]) / scale);
        return t;
    }

    private static double Loss(ReadOnlySpan<float> z, float[] target)
    {
        double loss = 0;
        for (int i = 0; i < target.Length; i++) loss += Math.Abs(z[i] - target[i]);
        return loss;
    }

    private static SequenceModel<float> NewModel(NetShape shape, int horizon, int seed)
    {
        var model = new SequenceModel<float>(new ModelSpec
        {
            Cell = shape.Cell, InputSize = Inputs, HiddenSizes = [shape.Hidden], OutputSize = horizon, Output = OutputMode.LastStep,
            Init = WeightInit.Orthogonal, ForgetBias = 1.0,
        }, seed);
        model.Parameters["head.W"].Value.Clear();
        model.Parameters["head.b"].Value.Clear();
        return model;
    }
}
