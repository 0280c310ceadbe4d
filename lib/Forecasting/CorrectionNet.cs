using RnnLstm.Cells;
using RnnLstm.Models;
using RnnLstm.Training;

namespace RnnLstm.Forecasting;

/// <summary>The network part of a candidate: cell, hidden units, look-back.</summary>
public sealed record NetShape(CellKind Cell, int Hidden, int LookBack)
{
    /// <inheritdoc/>
    public override string ToString() => $"{Cell}({Hidden}), look-back {LookBack}";
}

/// <summary>
/// A recurrent net that predicts the correction to a base forecast (the hybrid of Smyl's M4-winning ES-RNN, with the
/// base one of <see cref="BaseKind"/>). In the model's units u (the series, or its log):
/// <code>
/// û_t = b_t + s · net(x_t)        x_t[j] = ((u_{t-L+j} - b_t) / s,  (u_{t-L+j} - b_{t-L+j}) / s),  j = 0..L-1
/// </code>
/// b_t is the base's one-step forecast, s the base's mean absolute one-step error on the training windows. The two
/// inputs per step are the recent values relative to the base's forecast and the base's recent errors. The output
/// layer starts at zero, so an untrained net gives exactly the base forecast; training moves it only as far as the
/// validation loss allows (early stopping). Inputs are [N, L, 2], time steps in order, the last one at t - 1.
/// </summary>
public sealed class CorrectionNet
{
    private const int Inputs = 2;

    private CorrectionNet(NetShape shape, double scale, SequenceModel<float> model, TrainingHistory history, int epochs)
    {
        Shape = shape;
        Scale = scale;
        Model = model;
        History = history;
        Epochs = epochs;
    }

    /// <summary>Cell, size and look-back.</summary>
    public NetShape Shape { get; }
    /// <summary>s: base errors are divided by it.</summary>
    public double Scale { get; }
    /// <summary>The trained network.</summary>
    public SequenceModel<float> Model { get; }
    /// <summary>Loss and gradient norms per epoch.</summary>
    public TrainingHistory History { get; }
    /// <summary>Epochs kept: the best on validation with early stopping, or as asked.</summary>
    public int Epochs { get; }

    /// <summary>Most training windows used (the latest ones), so that long series stay fast.</summary>
    public const int MaxTrainingWindows = 1500;

    /// <summary>
    /// Trains on the <paramref name="train"/> targets. With <paramref name="validation"/> targets, stops when the
    /// validation loss has not improved for <paramref name="patience"/> epochs and keeps the best epoch's weights;
    /// without, trains exactly <paramref name="epochs"/> epochs.
    /// </summary>
    /// <param name="u">The series in model units.</param>
    /// <param name="b">The base's one-step forecasts of <paramref name="u"/> (length ≥ the last target + 1).</param>
    public static CorrectionNet Train(NetShape shape, double[] u, double[] b, int[] train, int[] validation, int epochs, int seed, int patience = 10)
    {
        if (train.Length > MaxTrainingWindows) train = train[^MaxTrainingWindows..];
        double scale = 0;
        foreach (int t in train) scale += Math.Abs(u[t] - b[t]);
        scale = scale > 0 ? scale / train.Length : 1;
        var model = new SequenceModel<float>(new ModelSpec
        {
            Cell = shape.Cell, InputSize = Inputs, HiddenSizes = [shape.Hidden], OutputSize = 1, Output = OutputMode.LastStep,
            Init = WeightInit.Orthogonal, ForgetBias = 1.0,
        }, seed);
        model.Parameters["head.W"].Value.Clear();
        model.Parameters["head.b"].Value.Clear();
        var data = new SequenceDataset<float>(Windows(shape.LookBack, scale, u, b, train, timeMajor: false), Targets(scale, u, b, train),
            shape.LookBack, Inputs, 1, targetsPerStep: false);
        int batch = Math.Clamp(train.Length / 32, 1, 32);
        var trainer = new Trainer<float>(model, Losses.MeanSquaredError<float>(), new Adam<float>(0.005),
            new TrainerOptions { BatchSize = batch, Seed = seed, ClipNorm = 1 });
        if (validation.Length == 0)
        {
            var fixedHistory = trainer.Fit(data, Math.Max(1, epochs));
            return new CorrectionNet(shape, scale, model, fixedHistory, Math.Max(1, epochs));
        }
        var xv = Windows(shape.LookBack, scale, u, b, validation, timeMajor: true);
        var yv = Targets(scale, u, b, validation);
        double best = double.PositiveInfinity;
        int bestEpoch = 0;
        float[] bestWeights = [];
        var history = trainer.Fit(data, epochs, stopAfter: p =>
        {
            var z = model.Forward(xv, shape.LookBack, validation.Length);
            double loss = 0;
            for (int k = 0; k < yv.Length; k++) loss += Math.Abs(z[k] - yv[k]);
            if (loss < best) (best, bestEpoch, bestWeights) = (loss, p.Epoch, model.Parameters.Values.ToArray());
            return p.Epoch - bestEpoch >= patience;
        });
        bestWeights.CopyTo(model.Parameters.Values);
        return new CorrectionNet(shape, scale, model, history, bestEpoch);
    }

    /// <summary>The corrections for <paramref name="targets"/> in model units: s · net(x_t).</summary>
    public double[] Corrections(double[] u, double[] b, int[] targets)
    {
        if (targets.Length == 0) return [];
        var z = Model.Predict(Windows(Shape.LookBack, Scale, u, b, targets, timeMajor: true), Shape.LookBack, targets.Length);
        return Array.ConvertAll(z, v => Scale * v);
    }

    /// <summary>The inputs for <paramref name="targets"/>: [N, L, 2], or [L, N, 2] when <paramref name="timeMajor"/> (what the model reads).</summary>
    public static float[] Windows(int lookBack, double scale, double[] u, double[] b, int[] targets, bool timeMajor)
    {
        int n = targets.Length;
        var x = new float[n * lookBack * Inputs];
        for (int k = 0; k < n; k++)
        {
            int t = targets[k];
            for (int j = 0; j < lookBack; j++)
            {
                int i = t - lookBack + j;
                int at = (timeMajor ? j * n + k : k * lookBack + j) * Inputs;
                x[at] = (float)((u[i] - b[t]) / scale);
                x[at + 1] = (float)((u[i] - b[i]) / scale);
            }
        }
        return x;
    }

    private static float[] Targets(double scale, double[] u, double[] b, int[] targets) =>
        Array.ConvertAll(targets, t => (float)((u[t] - b[t]) / scale));
}
