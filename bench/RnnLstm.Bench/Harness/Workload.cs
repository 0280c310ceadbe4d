namespace RnnLstm.Bench.Harness;

/// <summary>The recurrent cell a row measures: LSTM, GRU, or the plain (Elman / tanh) RNN.</summary>
public enum CellKind { Lstm, Gru, Rnn }

public static class CellKinds
{
    /// <summary>Gate count G: rows of U and V are G*H.</summary>
    public static int Gates(this CellKind cell) => cell switch { CellKind.Lstm => 4, CellKind.Gru => 3, _ => 1 };

    /// <summary>Row label: torch name / our name.</summary>
    public static string Label(this CellKind cell) => cell switch
    {
        CellKind.Lstm => "lstm", CellKind.Gru => "gru", _ => "rnn_tanh",
    };
}

/// <summary>One step configuration: input size I, hidden size H, sequence length T, batch B.</summary>
public sealed record StepConfig(string Name, int I, int H, int T, int B)
{
    public static readonly StepConfig[] All =
    [
        new("a", 1, 4, 1, 1),
        new("b", 1, 4, 12, 1),
        new("c", 2, 16, 8, 1),
        new("d", 32, 128, 50, 32),
        new("e", 64, 256, 100, 64),
    ];

    /// <summary>
    /// Flops of one training step counted as the recurrent layer's matrix products only: the forward does
    /// 2·T·B·G·H·(I+H) (U·x and V·h for every step); the backward does the same again for the weight gradients
    /// (dU, dV) plus 2·T·B·G·H·H for dL/dh_{t-1}. Neither side computes dL/dx (the input does not require a gradient),
    /// so a step is 2·T·B·G·H·(2I + 3H). The head, the loss and the element-wise gate maths are not counted.
    /// </summary>
    public double Flops(CellKind cell) => 2.0 * T * B * cell.Gates() * H * (2 * I + 3 * H);

    public override string ToString() => $"{Name}) I={I} H={H} T={T} B={B}";
}

/// <summary>
/// The training step both sides run, defined once so that both do the same work:
/// x [T,B,I] (fixed, N(0,1)), h0 = c0 = 0, the recurrent layer over the whole sequence, a Linear(H,1) head on the
/// LAST output only, MSE against a fixed target y [B,1] (mean over B), backward through time, plain SGD (lr 0.01) on
/// every parameter (layer and head).
/// </summary>
public static class StepDefinition
{
    public const double LearningRate = 0.01;
    public const string Text = "forward over T steps, Linear(H,1) head on the last output, MSE (mean over B) against a fixed target, BPTT, SGD lr 0.01 on all parameters; h0=c0=0";
}

/// <summary>Something that can run one unit of timed work (one training step, or one whole job) repeatedly.</summary>
public interface IWorkload : IDisposable
{
    /// <summary>Runs <paramref name="count"/> units back to back.</summary>
    void Run(int count);
}
