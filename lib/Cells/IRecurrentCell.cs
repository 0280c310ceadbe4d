using System.Numerics;
using RnnLstm.Numerics;

namespace RnnLstm.Cells;

/// <summary>The kinds of recurrent cell the library implements.</summary>
public enum CellKind
{
    /// <summary>Simple recurrent net: <c>h_t = σ_h(U x_t + V h_{t-1} + b)</c>.</summary>
    Elman,
    /// <summary>Long short-term memory with forget, input (write) and output (read) gates.</summary>
    Lstm,
    /// <summary>LSTM whose gates also look at the cell state ("peepholes").</summary>
    PeepholeLstm,
    /// <summary>LSTM whose forget gate is tied to the input gate: <c>f_t = 1 - i_t</c>.</summary>
    CoupledLstm,
    /// <summary>Gated recurrent unit (reset and update gates, no separate cell state).</summary>
    Gru,
}

/// <summary>
/// One time step of a recurrent cell for a batch, forward and backward.
/// </summary>
/// <remarks>
/// <para>Every cell starts from the same input projection <c>zx_t = U x_t + b</c> (shape [B, G·H], one block of H
/// rows per gate). A <c>RecurrentLayer</c> computes it for all time steps in one matrix product, so a
/// cell only adds the recurrent part and applies its gates. The layer owns the loop over time (BPTT is that loop
/// reversed); a cell owns the algebra of one step.</para>
/// <para>Shapes: B = batch, I = <see cref="InputSize"/>, H = <see cref="HiddenSize"/>, G = <see cref="GateCount"/>.
/// All buffers are row-major with one row per batch element.</para>
/// <para>Backward conventions (as in llm.c): <c>dzx</c> is assigned; <c>dhPrev</c>, <c>dcPrev</c> and every
/// parameter gradient are accumulated with <c>+=</c>.</para>
/// </remarks>
public interface IRecurrentCell<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Which cell this is.</summary>
    CellKind Kind { get; }
    /// <summary>I: features per time step.</summary>
    int InputSize { get; }
    /// <summary>H: hidden units.</summary>
    int HiddenSize { get; }
    /// <summary>G: blocks of H rows in <see cref="InputWeights"/> (1 Elman, 4 LSTM, 3 coupled LSTM, 3 GRU).</summary>
    int GateCount { get; }
    /// <summary>Whether the cell carries a memory <c>c_t</c> beside <c>h_t</c> (the LSTMs).</summary>
    bool HasCellState { get; }
    /// <summary>How many values per batch element one step caches for its backward pass.</summary>
    int CacheWidth { get; }

    /// <summary>U: input weights, [G·H, I].</summary>
    Parameter<T> InputWeights { get; }
    /// <summary>b: bias added to the input projection, [G·H]; null for a cell without bias.</summary>
    Parameter<T>? Bias { get; }
    /// <summary>V: recurrent weights, [G·H, H].</summary>
    Parameter<T> RecurrentWeights { get; }
    /// <summary>Every parameter the cell registered (U, V, b and any of its own, such as peepholes).</summary>
    IReadOnlyList<Parameter<T>> Parameters { get; }

    /// <summary>Fills the parameters with the cell's default initialization (uniform ±1/√H, as PyTorch does).</summary>
    void Initialize(Rng rng);

    /// <summary>
    /// Whether V's gradient is left to the layer: true for cells whose U x_t and V h_{t-1} reach the gates only as
    /// their sum (Elman, the LSTMs), so that dL/d(V h_{t-1}) is dL/dzx_t and <c>dV = Σ_t dzx_tᵀ h_{t-1}</c>. The layer
    /// then adds it, one product per step as before: where a step's product is large, a block of steps at a time with
    /// the block's dU = Σ_t dzx_tᵀ x_t, off the chain of steps that carries dh back (on another thread when there is
    /// one); else each step's as it comes. <see cref="Backward"/> leaves dV alone.
    /// False (the default) for the GRU, whose reset gate scales V_n h_{t-1} on its own: its Backward adds to dV itself.
    /// </summary>
    bool LayerSumsRecurrentGradient => false;

    /// <summary>One step forward: from <c>zx_t</c> and the previous state to the new state.</summary>
    /// <param name="zx">U x_t + b, [B, G·H].</param>
    /// <param name="hPrev">h_{t-1}, [B, H].</param>
    /// <param name="cPrev">c_{t-1}, [B, H] (empty for cells without cell state).</param>
    /// <param name="h">Output h_t, [B, H].</param>
    /// <param name="c">Output c_t, [B, H] (empty for cells without cell state).</param>
    /// <param name="cache">What the backward pass needs, [B · <see cref="CacheWidth"/>].</param>
    /// <param name="batch">B.</param>
    void Forward(ReadOnlySpan<T> zx, ReadOnlySpan<T> hPrev, ReadOnlySpan<T> cPrev, Span<T> h, Span<T> c, Span<T> cache, int batch);

    /// <summary>One step backward: from dL/dh_t (and dL/dc_t) to dL/dzx_t, dL/dh_{t-1}, dL/dc_{t-1} and the gradients of the cell's recurrent parameters (of V only where <see cref="LayerSumsRecurrentGradient"/> is false).</summary>
    /// <param name="dh">dL/dh_t, [B, H] (from the output at t and from step t+1).</param>
    /// <param name="dc">dL/dc_t, [B, H] (from step t+1; empty without cell state).</param>
    /// <param name="hPrev">h_{t-1}, [B, H].</param>
    /// <param name="cPrev">c_{t-1}, [B, H].</param>
    /// <param name="h">h_t, [B, H].</param>
    /// <param name="c">c_t, [B, H].</param>
    /// <param name="cache">What <see cref="Forward"/> cached for this step.</param>
    /// <param name="dzx">Output dL/dzx_t, [B, G·H] (assigned).</param>
    /// <param name="dhPrev">dL/dh_{t-1}, [B, H] (accumulated).</param>
    /// <param name="dcPrev">dL/dc_{t-1}, [B, H] (accumulated).</param>
    /// <param name="batch">B.</param>
    void Backward(ReadOnlySpan<T> dh, ReadOnlySpan<T> dc, ReadOnlySpan<T> hPrev, ReadOnlySpan<T> cPrev,
        ReadOnlySpan<T> h, ReadOnlySpan<T> c, ReadOnlySpan<T> cache, Span<T> dzx, Span<T> dhPrev, Span<T> dcPrev, int batch);

    /// <summary>
    /// Called by the layer before the steps of a forward (or backward) pass; the parameters do not change until
    /// <see cref="EndSteps"/>, so a cell may prepare its recurrent weights once for all steps. Optional.
    /// </summary>
    void BeginSteps(bool backward) { }

    /// <summary>Called by the layer after the last step of a pass begun with <see cref="BeginSteps"/>.</summary>
    void EndSteps() { }
}

/// <summary>Creates cells by kind.</summary>
public static class Cell
{
    /// <summary>A new cell of <paramref name="kind"/> whose parameters are registered in <paramref name="parameters"/> under <paramref name="prefix"/>.</summary>
    public static IRecurrentCell<T> Create<T>(CellKind kind, int inputSize, int hiddenSize, ParameterSet<T> parameters, string prefix,
        ElmanActivation elmanActivation = ElmanActivation.Tanh, bool bias = true)
        where T : unmanaged, IFloatingPointIeee754<T> => kind switch
    {
        CellKind.Elman => new ElmanCell<T>(inputSize, hiddenSize, parameters, prefix, elmanActivation, bias),
        CellKind.Lstm => new LstmCell<T>(inputSize, hiddenSize, parameters, prefix, LstmVariant.Standard),
        CellKind.PeepholeLstm => new LstmCell<T>(inputSize, hiddenSize, parameters, prefix, LstmVariant.Peephole),
        CellKind.CoupledLstm => new LstmCell<T>(inputSize, hiddenSize, parameters, prefix, LstmVariant.CoupledInputForget),
        CellKind.Gru => new GruCell<T>(inputSize, hiddenSize, parameters, prefix),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown cell kind."),
    };

    /// <summary>Whether a cell of this kind always has biases (only Elman cells may go without).</summary>
    public static bool AlwaysHasBias(CellKind kind) => kind != CellKind.Elman;

    /// <summary>Checks sizes shared by every cell constructor.</summary>
    internal static void CheckSizes(int inputSize, int hiddenSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inputSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(hiddenSize);
    }

    /// <summary>PyTorch's default: every parameter uniform in ±1/√H.</summary>
    internal static void UniformByHidden<T>(IRecurrentCell<T> cell, Rng rng) where T : unmanaged, IFloatingPointIeee754<T>
    {
        double limit = 1.0 / Math.Sqrt(cell.HiddenSize);
        foreach (var p in cell.Parameters) Init.Uniform(p.Value, limit, rng);
    }

    /// <summary>The non-null parameters, in order (for a cell's <see cref="IRecurrentCell{T}.Parameters"/>).</summary>
    internal static Parameter<T>[] List<T>(params Parameter<T>?[] parameters) where T : unmanaged, IFloatingPointIeee754<T> =>
        parameters.OfType<Parameter<T>>().ToArray();
}
