namespace RnnLstm.Training;

/// <summary>What one epoch (or report interval) of training looked like, for a progress callback.</summary>
/// <param name="Epoch">1-based epoch just finished.</param>
/// <param name="Epochs">Epochs planned.</param>
/// <param name="Loss">Mean training loss over the epoch's batches.</param>
/// <param name="GradientNorm">Mean global gradient norm (before clipping) over the epoch's batches.</param>
/// <param name="Elapsed">Wall time since training started.</param>
public sealed record TrainingProgress(int Epoch, int Epochs, double Loss, double GradientNorm, TimeSpan Elapsed)
{
    /// <inheritdoc/>
    public override string ToString() => $"epoch {Epoch}/{Epochs}  loss {Loss:G5}  ‖g‖ {GradientNorm:G4}  {Elapsed.TotalSeconds:F2} s";
}

/// <summary>
/// Per-epoch record of a training run: the loss, the gradient norm of every parameter, and how large dL/dh_t was at
/// every time step (the picture of vanishing or exploding gradients).
/// </summary>
public sealed class TrainingHistory
{
    /// <summary>Mean training loss of each epoch.</summary>
    public List<double> Loss { get; } = [];
    /// <summary>Mean global gradient norm (before clipping) of each epoch.</summary>
    public List<double> GradientNorm { get; } = [];
    /// <summary>For each parameter name, its mean gradient norm in each epoch.</summary>
    public Dictionary<string, List<double>> ParameterGradientNorms { get; } = [];
    /// <summary>For each epoch, the mean over batches of ‖dL/dh_t‖ at t = 0..T-1, in the top recurrent layer.</summary>
    public List<double[]> HiddenGradientNorms { get; } = [];
    /// <summary>Batches whose gradient was clipped.</summary>
    public int ClippedBatches { get; internal set; }
    /// <summary>Total wall time.</summary>
    public TimeSpan Elapsed { get; internal set; }
    /// <summary>Epochs recorded.</summary>
    public int Epochs => Loss.Count;

    /// <inheritdoc/>
    public override string ToString() => Epochs == 0
        ? "no epochs"
        : $"{Epochs} epochs in {Elapsed.TotalSeconds:F2} s, loss {Loss[0]:G4} → {Loss[^1]:G4}, ‖g‖ {GradientNorm[^1]:G3}" +
          (ClippedBatches > 0 ? $", {ClippedBatches} batches clipped" : "");
}

/// <summary>Thrown when training produces NaN or infinity; names where, and what to try.</summary>
public sealed class TrainingDivergedException(int epoch, int batch, string parameter, string detail)
    : Exception($"Training diverged in epoch {epoch}, batch {batch}: {detail} (parameter '{parameter}'). " +
                "Try gradient clipping (ClipNorm), a smaller learning rate, or smaller initial weights.")
{
    /// <summary>1-based epoch.</summary>
    public int Epoch { get; } = epoch;
    /// <summary>1-based batch within the epoch.</summary>
    public int Batch { get; } = batch;
    /// <summary>The parameter whose gradient (or the loss, "loss") was not finite.</summary>
    public string Parameter { get; } = parameter;
}
