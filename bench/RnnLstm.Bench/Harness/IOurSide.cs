using RnnLstm.Bench.Torch;

namespace RnnLstm.Bench.Harness;

/// <summary>Our library's side of the comparison: the same work, started from the torch model's weights.</summary>
public interface IOurSide
{
    /// <summary>What the thread-count rows mean on our side (e.g. "1 thread; no threading knob yet").</summary>
    string ThreadingNote { get; }

    /// <summary>Sets our library's worker count, if it has a knob; returns the count actually used.</summary>
    int SetThreads(int threads);

    IWorkload Step(StepConfig cfg, TorchNet weights, float[] x, float[] y);
    IWorkload Airline(TorchNet weights, float[] x, float[] y);
    IWorkload Addition(TorchNet weights, float[][] x, float[][] y);

    /// <summary>Our parameters by name after copying <paramref name="weights"/> into a model for <paramref name="cfg"/> (for the self-check).</summary>
    IReadOnlyDictionary<string, float[]> CopiedWeights(TorchNet weights, StepConfig cfg);

    /// <summary>Our outputs h_1..h_T [T,B,H] of a model with the torch net's weights on x [T,B,I] (for the self-check).</summary>
    float[] SequenceOutputs(TorchNet weights, StepConfig cfg, float[] x);

    /// <summary>The step's loss at the current weights, without training (to check both sides start alike).</summary>
    double StepLoss(IWorkload step);

    /// <summary>A short sanity line after a job (final loss / accuracy), or null.</summary>
    string? JobCheck(IWorkload job);
}
