using System.Numerics;
using System.Numerics.Tensors;
using RnnLstm.Cells;
using RnnLstm.Numerics;
using RnnLstm.Numerics.Kernels;

namespace RnnLstm.Models;

/// <summary>
/// Runs a recurrent cell over a sequence for a batch, and back through time.
/// </summary>
/// <remarks>
/// <para>Shapes (time-major, like PyTorch with <c>batch_first = false</c>): input x [T, B, I]; outputs h_1..h_T
/// [T, B, H]; initial and final states [B, H].</para>
/// <para>Forward: the input projection <c>zx_t = U x_t + b</c> does not depend on h, so the projections of a block of
/// steps are one matrix product (all T steps while they fit in <see cref="ProjectionBlockValues"/> values, else blocks
/// that stay in the core's cache instead of a [T, B, G·H] array that goes out to memory and back); then, for each step,
/// the cell turns (zx_t, h_{t-1}, c_{t-1}) into (h_t, c_t) and caches what its backward step needs. The float32
/// standard LSTM (with AVX-512, H a multiple of 32, no masked lengths) runs the whole pass in
/// <c>LstmCell.TryForwardSequence</c> instead: one product [x_t | h_{t-1}]·[U | V]ᵀ per step, the same states and
/// caches.</para>
/// <para>Backward (BPTT) is the same loop reversed, carrying dh (and dc) from step t to step t-1:
/// <c>dh_t = dL/dh_t(output) + dh carried from t+1</c>. With truncation k, the carry is cut every k steps (counted
/// from the start), so each chunk of k steps learns only from losses inside it; k ≥ T is full BPTT. As soon as the
/// loop has passed back over a block of steps, that block's dL/dzx gives the input projection's gradients (dU, db,
/// dx), summed over its steps in one product each while it is still in cache, and, for the Elman and LSTM cells
/// (where dL/d(V h_{t-1}) is dL/dzx) at sizes where one step's product is worth splitting, its steps' dV. None of them
/// is on the chain from dh_t to dh_{t-1}, so a worker computes one block's while the loop goes on with the next
/// (dL/dzx is kept for two blocks of steps).</para>
/// <para>Sequences of different lengths share a batch: beyond its length an element's state is carried unchanged
/// (h_t = h_{t-1}), and in the backward pass its gradient passes straight through those steps. The final state is
/// then each element's state after its last real step.</para>
/// <para>All buffers are kept between calls and grown only when T or B grows, so steady-state training allocates
/// nothing.</para>
/// </remarks>
public sealed class RecurrentLayer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private int _steps, _batch;
    private T[] _x = [], _zx = [], _h = [], _c = [], _cache = [];
    private int[] _lengths = [];
    private bool _masked, _hasInputGradient, _forBackward;
    private T[]? _h0, _c0;
    private T[] _dzx = [], _dx = [], _dh = [], _dc = [], _dhPrev = [], _dcPrev = [];
    private double[] _dhNorms = [];

    private BlockGradients? _blockGradients;
    private readonly PackedWeights<T> _u;                                     // U for x_t Uᵀ, packed once per pass when blocks repeat

    /// <summary>Values of zx one block of input projections may hold (256 KiB of float32: half a typical L2 cache).</summary>
    public const int ProjectionBlockValues = 1 << 16;

    /// <summary>Wraps <paramref name="cell"/>.</summary>
    public RecurrentLayer(IRecurrentCell<T> cell)
    {
        Cell = cell ?? throw new ArgumentNullException(nameof(cell));
        _u = new PackedWeights<T>(cell.InputWeights, cell.GateCount * cell.HiddenSize, cell.InputSize, transposed: true);
    }

    /// <summary>The cell applied at every step (its weights are shared over time).</summary>
    public IRecurrentCell<T> Cell { get; }
    /// <summary>I.</summary>
    public int InputSize => Cell.InputSize;
    /// <summary>H.</summary>
    public int HiddenSize => Cell.HiddenSize;
    /// <summary>T of the last forward pass.</summary>
    public int Steps => _steps;
    /// <summary>B of the last forward pass.</summary>
    public int Batch => _batch;

    /// <summary>h_1..h_T of the last forward pass, [T, B, H].</summary>
    public ReadOnlySpan<T> Outputs => _h.AsSpan(_batch * HiddenSize, _steps * _batch * HiddenSize);
    /// <summary>All states h_0..h_T, [T+1, B, H].</summary>
    public ReadOnlySpan<T> HiddenStates => _h.AsSpan(0, (_steps + 1) * _batch * HiddenSize);
    /// <summary>All cell states c_0..c_T, [T+1, B, H] (empty for cells without cell state).</summary>
    public ReadOnlySpan<T> CellStates => !Cell.HasCellState ? default
        : KeptForBackward ? _c.AsSpan(0, (_steps + 1) * _batch * HiddenSize) : throw AfterInfer(nameof(CellStates));
    /// <summary>h_T, [B, H].</summary>
    public ReadOnlySpan<T> FinalHidden => _h.AsSpan(_steps * _batch * HiddenSize, _batch * HiddenSize);
    /// <summary>c_T, [B, H] (empty for cells without cell state).</summary>
    public ReadOnlySpan<T> FinalCell => Cell.HasCellState ? _c.AsSpan(_steps * _batch * HiddenSize, _batch * HiddenSize) : default;
    /// <summary>What step <paramref name="t"/> (0-based) cached for its backward pass, [B · CacheWidth] (e.g. the LSTM's gate activations).</summary>
    public ReadOnlySpan<T> StepCache(int t) => KeptForBackward
        ? _cache.AsSpan(t * _batch * Cell.CacheWidth, _batch * Cell.CacheWidth) : throw AfterInfer(nameof(StepCache));

    // Whether the last pass kept what Backward reads (a Forward, or no pass yet).
    private bool KeptForBackward => _forBackward || _steps == 0;

    /// <summary>dL/dx from the last backward pass, [T, B, I].</summary>
    /// <exception cref="InvalidOperationException">The last backward pass was told not to compute it.</exception>
    public ReadOnlySpan<T> InputGradient => _hasInputGradient
        ? _dx.AsSpan(0, _steps * _batch * InputSize)
        : throw new InvalidOperationException("The last Backward skipped dL/dx (inputGradient: false).");
    /// <summary>dL/dh_0 from the last backward pass, [B, H].</summary>
    public ReadOnlySpan<T> InitialHiddenGradient => _dh.AsSpan(0, _batch * HiddenSize);
    /// <summary>dL/dc_0 from the last backward pass, [B, H] (empty without cell state).</summary>
    public ReadOnlySpan<T> InitialCellGradient => Cell.HasCellState ? _dc.AsSpan(0, _batch * HiddenSize) : default;
    /// <summary>‖dL/dh_t‖ (over the batch) for t = 0..T-1 from the last backward pass: how far the error reached back in time.</summary>
    public ReadOnlySpan<double> HiddenGradientNorms => _dhNorms.AsSpan(0, _steps);

    /// <summary>Starts the next forward passes from these states ([B, H] each) instead of zeros.</summary>
    public void SetInitialState(ReadOnlySpan<T> h0, ReadOnlySpan<T> c0 = default)
    {
        if (h0.Length == 0 || h0.Length % HiddenSize != 0)
            throw new ArgumentException($"h0 has {h0.Length} values; it must be [B, H] with H = {HiddenSize}.", nameof(h0));
        if (Cell.HasCellState && c0.Length != h0.Length)
            throw new ArgumentException($"c0 has {c0.Length} values; it must match h0 ({h0.Length}).", nameof(c0));
        CopyInto(ref _h0, h0);                                                   // reuses the arrays: no allocation when carrying state
        if (Cell.HasCellState) CopyInto(ref _c0, c0); else _c0 = null;
    }

    /// <summary>Makes the final state of the last forward pass the initial state of the next (stateful use, sampling).</summary>
    public void CarryState() => SetInitialState(FinalHidden, FinalCell);

    /// <summary>Starts the next forward passes from zero states again.</summary>
    public void ResetState() { _h0 = null; _c0 = null; }

    /// <summary>Runs the cell over <paramref name="x"/> [T, B, I]; results in <see cref="Outputs"/> and <see cref="FinalHidden"/>.</summary>
    /// <param name="lengths">Optional length of each sequence in the batch (1..T); omitted means all T.</param>
    public void Forward(ReadOnlySpan<T> x, int steps, int batch, ReadOnlySpan<int> lengths = default) =>
        Run(x, steps, batch, lengths, forBackward: true);

    /// <summary>
    /// Runs the cell over <paramref name="x"/> [T, B, I] for inference: the same <see cref="Outputs"/>,
    /// <see cref="FinalHidden"/> and <see cref="FinalCell"/> as <see cref="Forward"/>, bit for bit, without keeping
    /// what <see cref="Backward"/> needs (no copy of x; the fused float32 LSTM pass writes neither its step caches nor
    /// the cell states between c_0 and c_T). Until the next <see cref="Forward"/>, <see cref="Backward"/>,
    /// <see cref="CellStates"/> and <see cref="StepCache"/> refuse.
    /// </summary>
    /// <param name="lengths">Optional length of each sequence in the batch (1..T); omitted means all T.</param>
    public void Infer(ReadOnlySpan<T> x, int steps, int batch, ReadOnlySpan<int> lengths = default) =>
        Run(x, steps, batch, lengths, forBackward: false);

    private void Run(ReadOnlySpan<T> x, int steps, int batch, ReadOnlySpan<int> lengths, bool forBackward)
    {
        int I = InputSize, H = HiddenSize, GH = Cell.GateCount * H, W = Cell.CacheWidth;
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(steps);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batch);
        if (x.Length != steps * batch * I)
            throw new ArgumentException($"x has {x.Length} values; [T, B, I] = [{steps}, {batch}, {I}] needs {steps * batch * I}.", nameof(x));
        if (_h0 is not null && _h0.Length != batch * H)
            throw new ArgumentException($"The initial state is for batch {_h0.Length / H}, not {batch}; call ResetState first.", nameof(batch));
        SetShape(steps, batch, lengths);
        _forBackward = forBackward;
        if (forBackward) x.CopyTo(_x);                                         // kept for dU in the backward pass
        var input = forBackward ? _x.AsSpan(0, steps * batch * I) : x;
        var h0 = _h.AsSpan(0, batch * H);
        if (_h0 is null) h0.Clear(); else _h0.CopyTo(h0);
        if (Cell.HasCellState)
        {
            var c0 = _c.AsSpan(0, batch * H);
            if (_c0 is null) c0.Clear(); else _c0.CopyTo(c0);
        }

        if (!_masked && Cell is LstmCell<T> lstm                               // float32 LSTM: one fused product per step
            && lstm.TryForwardSequence(input, _h, _c, forBackward ? _cache : default, steps, batch)) return;

        int block = ProjectionBlock(steps, batch);
        if (block < steps) _u.Pack();
        Cell.BeginSteps(backward: false);
        try
        {
            for (int t0 = 0; t0 < steps; t0 += block)
            {
                int n = Math.Min(block, steps - t0);
                var zx = _zx.AsSpan(0, n * batch * GH);
                if (Cell.Bias is { } bias) MatMul.BroadcastRows<T>(bias.Value, zx, n * batch);
                else zx.Clear();
                MatMul.AddProductTransposed<T>(input.Slice(t0 * batch * I, n * batch * I), _u, zx, n * batch); // zx = U x + b, steps t0..t0+n
                for (int t = t0; t < t0 + n; t++)
                {
                    Cell.Forward(zx.Slice((t - t0) * batch * GH, batch * GH), State(_h, t), State(_c, t), State(_h, t + 1), State(_c, t + 1),
                        _cache.AsSpan(t * batch * W, batch * W), batch);
                    if (_masked) CarryFinishedSequences(t);
                }
            }
        }
        finally { Cell.EndSteps(); _u.Release(); }
    }

    /// <summary>
    /// The weight gradients of steps t0..t0+n, from the block's dL/dzx: the input projection's (dU += dzxᵀ x,
    /// db += Σ dzx and, if wanted, dx = dzx U) and, when dV goes with them (<see cref="AddsRecurrentGradientPerBlock"/>),
    /// dV += dzx_tᵀ h_{t-1} for each of its steps. None of them is on the chain that carries dh back through time, so
    /// BPTT then hands them to a worker (<see cref="KernelThreads.Start"/>) and goes on with the next block. Two chunks,
    /// dV and the rest: if BPTT is done with the next block first, the calling thread takes the one the worker has not
    /// reached.
    /// </summary>
    private sealed class BlockGradients(RecurrentLayer<T> layer) : IParallelWork
    {
        private int _t0, _n;
        private bool _withRecurrent;

        /// <summary>Adds the gradients of steps t0..t0+n: on a worker when dV goes with them
        /// (<paramref name="withRecurrent"/>: the pass's <see cref="AddsRecurrentGradientPerBlock"/>), else here and now.</summary>
        public KernelThreads.Background Start(int t0, int n, bool withRecurrent)
        {
            (_t0, _n, _withRecurrent) = (t0, n, withRecurrent);
            if (!withRecurrent) { RunChunk(0, 1); return default; }
            return KernelThreads.Start(this, chunks: 2);
        }

        /// <inheritdoc/>
        public void RunChunk(int chunk, int chunks)
        {
            if ((chunks == 1 || chunk == 0) && _withRecurrent) layer.RecurrentGradient(_t0, _n);
            if (chunks == 1 || chunk == 1) layer.BackwardProjection(_t0, _n);
        }
    }

    /// <summary>
    /// Whether this pass adds dV a block of steps at a time with the block's other weight gradients (off the chain of
    /// steps, on a worker when there is one): where the cell leaves dV to the layer and one step's product is large
    /// enough to be split over threads (<see cref="PackedGemm.ParallelThreshold"/>), which is where a second thread can
    /// pay. Otherwise the layer adds each step's dV as it comes, on the calling thread. The products and their order
    /// are the same either way (see <see cref="RecurrentGradient"/>), and the same as when the cells added their own.
    /// </summary>
    private bool AddsRecurrentGradientPerBlock =>
        Cell.LayerSumsRecurrentGradient && (long)_batch * Cell.GateCount * HiddenSize * HiddenSize >= PackedGemm.ParallelThreshold;

    /// <summary>
    /// dV += dzx_tᵀ h_{t-1} for steps t0+n-1 down to t0 (for a cell that leaves dV to the layer): one product per step,
    /// added in the order BPTT reaches the steps, so dV gets the same additions in the same order whether the steps are
    /// added one by one as they come or a block at a time on a worker.
    /// </summary>
    private void RecurrentGradient(int t0, int n)
    {
        int BH = _batch * HiddenSize, stepValues = _batch * Cell.GateCount * HiddenSize;
        var dzx = BlockDzx(t0, n);
        for (int t = t0 + n - 1; t >= t0; t--)
            MatMul.AddTransposedProduct<T>(dzx.Slice((t - t0) * stepValues, stepValues), _h.AsSpan(t * BH, BH), Cell.RecurrentWeights.Grad,
                Cell.GateCount * HiddenSize, HiddenSize, _batch);
    }

    /// <summary>The backward pass of the input projection for steps t0..t0+n: dU += dzxᵀ x, db += Σ dzx and, if wanted, dx = dzx U.</summary>
    private void BackwardProjection(int t0, int n)
    {
        int rows = n * _batch, GH = Cell.GateCount * HiddenSize, I = InputSize;
        var dzx = BlockDzx(t0, n);                                             // the block's dL/dzx, step t0 first
        MatMul.AddTransposedProduct<T>(dzx, _x.AsSpan(t0 * _batch * I, rows * I), Cell.InputWeights.Grad, GH, I, rows);
        if (Cell.Bias is { } bias) MatMul.AddColumnSums<T>(dzx, bias.Grad, rows, GH);
        if (!_hasInputGradient) return;
        var dx = _dx.AsSpan(t0 * _batch * I, rows * I);
        dx.Clear();
        MatMul.AddProduct<T>(dzx, Cell.InputWeights.Value, dx, rows, I, GH);
    }

    /// <summary>
    /// dL/dzx of steps t0..t0+n (a block, t0 a multiple of the block size) or, with n = 1, of step t0 alone. Blocks
    /// alternate between the two halves of the buffer, so a block's gradients can be summed while BPTT writes the next.
    /// </summary>
    private Span<T> BlockDzx(int t0, int n)
    {
        int block = ProjectionBlock(_steps, _batch), stepValues = _batch * Cell.GateCount * HiddenSize;
        return _dzx.AsSpan(((t0 / block & 1) * block + t0 % block) * stepValues, n * stepValues);
    }

    /// <summary>Steps per block of input projections: as many as fit in <see cref="ProjectionBlockValues"/>, at least one.</summary>
    private int ProjectionBlock(int steps, int batch) =>
        Math.Clamp(ProjectionBlockValues / (batch * Cell.GateCount * HiddenSize), 1, steps);

    /// <summary>
    /// Backpropagates through time: accumulates the gradients of U, V, b (and the cell's other parameters), and
    /// fills <see cref="InputGradient"/>, <see cref="InitialHiddenGradient"/> and <see cref="InitialCellGradient"/>.
    /// </summary>
    /// <param name="dOutputs">dL/dh_t from above for every step, [T, B, H]; empty when only the final state is used.</param>
    /// <param name="dFinalHidden">dL/dh_T from above, [B, H]; may be empty.</param>
    /// <param name="dFinalCell">dL/dc_T from above, [B, H]; may be empty.</param>
    /// <param name="truncateSteps">k for truncated BPTT; 0 (or ≥ T) backpropagates through the whole sequence.</param>
    /// <param name="inputGradient">Whether to compute dL/dx (<see cref="InputGradient"/>). A first layer fed with
    /// data does not need it; skipping it saves the product <c>dzx · U</c> (as PyTorch does for inputs that do not
    /// require a gradient).</param>
    public void Backward(ReadOnlySpan<T> dOutputs, ReadOnlySpan<T> dFinalHidden = default, ReadOnlySpan<T> dFinalCell = default,
        int truncateSteps = 0, bool inputGradient = true)
    {
        int T_ = _steps, B = _batch, H = HiddenSize, GH = Cell.GateCount * H, W = Cell.CacheWidth, BH = B * H;
        if (T_ == 0) throw new InvalidOperationException("Backward needs a Forward pass first.");
        if (!_forBackward) throw AfterInfer(nameof(Backward));
        CheckGradientShape(dOutputs, T_ * BH, nameof(dOutputs));
        CheckGradientShape(dFinalHidden, BH, nameof(dFinalHidden));
        CheckGradientShape(dFinalCell, Cell.HasCellState ? BH : 0, nameof(dFinalCell));
        ArgumentOutOfRangeException.ThrowIfNegative(truncateSteps);

        Span<T> dh = _dh.AsSpan(0, BH), dc = _dc.AsSpan(0, BH), dhPrev = _dhPrev.AsSpan(0, BH), dcPrev = _dcPrev.AsSpan(0, BH);
        if (!Cell.HasCellState) { dc = default; dcPrev = default; }
        CopyOrClear(dFinalHidden, dh);                                         // the carry from "step T+1"
        CopyOrClear(dFinalCell, dc);

        int block = ProjectionBlock(T_, B);
        _hasInputGradient = inputGradient;
        _blockGradients ??= new BlockGradients(this);
        var pending = default(KernelThreads.Background);                       // the gradients of the block after this one
        bool perBlock = AddsRecurrentGradientPerBlock;
        Cell.BeginSteps(backward: true);
        try
        {
            for (int t = T_ - 1; t >= 0; t--)
            {
                if (!dOutputs.IsEmpty) TensorPrimitives.Add(dh, dOutputs.Slice(t * BH, BH), dh); // dh_t = dL/dh_t(output) + carry
                _dhNorms[t] = double.CreateChecked(TensorPrimitives.Norm<T>(dh));
                dhPrev.Clear();
                dcPrev.Clear();
                if (_masked) PassThroughFinishedSequences(t, dh, dc, dhPrev, dcPrev);
                Cell.Backward(dh, dc, State(_h, t), State(_c, t), State(_h, t + 1), State(_c, t + 1),
                    _cache.AsSpan(t * B * W, B * W), BlockDzx(t, 1), dhPrev, dcPrev, B);
                if (Cell.LayerSumsRecurrentGradient && !perBlock) RecurrentGradient(t, 1);   // dV += dzx_tᵀ h_{t-1}
                if (truncateSteps > 0 && t % truncateSteps == 0 && t > 0) { dhPrev.Clear(); dcPrev.Clear(); } // chunk boundary
                dhPrev.CopyTo(dh);
                dcPrev.CopyTo(dc);
                if (t % block != 0) continue;
                // Steps t.. are a whole block. The block after it must be summed before its half of dzx is written
                // again (by the block before this one); then this block's sums start, while its dzx is in cache.
                var after = pending;
                pending = default;                                             // finished once, even if it throws
                after.Finish();
                pending = _blockGradients.Start(t, Math.Min(block, T_ - t), perBlock);
            }
        }
        finally
        {
            try { pending.Finish(); }                                          // no worker may still be writing
            finally { Cell.EndSteps(); }
        }
        // dh, dc now hold dL/dh_0, dL/dc_0.

    }

    private Span<T> State(T[] states, int t)
    {
        int BH = _batch * HiddenSize;
        return states.Length == 0 ? default : states.AsSpan(t * BH, BH);
    }

    private void SetShape(int steps, int batch, ReadOnlySpan<int> lengths)
    {
        int I = InputSize, H = HiddenSize, GH = Cell.GateCount * H;
        _steps = steps;
        _batch = batch;
        Buffers.Grow(ref _x, steps * batch * I);
        Buffers.Grow(ref _zx, ProjectionBlock(steps, batch) * batch * GH);
        Buffers.Grow(ref _dzx, 2 * ProjectionBlock(steps, batch) * batch * GH);     // two blocks: see BlockDzx
        Buffers.Grow(ref _dx, steps * batch * I);
        Buffers.Grow(ref _h, (steps + 1) * batch * H);
        if (Cell.HasCellState) Buffers.Grow(ref _c, (steps + 1) * batch * H);
        Buffers.Grow(ref _cache, steps * batch * Cell.CacheWidth);
        Buffers.Grow(ref _dh, batch * H); Buffers.Grow(ref _dc, batch * H); Buffers.Grow(ref _dhPrev, batch * H); Buffers.Grow(ref _dcPrev, batch * H);
        Buffers.Grow(ref _dhNorms, steps);

        _masked = false;
        if (lengths.IsEmpty) return;
        if (lengths.Length != batch)
            throw new ArgumentException($"lengths has {lengths.Length} entries; the batch has {batch}.", nameof(lengths));
        Buffers.Grow(ref _lengths, batch);
        for (int b = 0; b < batch; b++)
        {
            if (lengths[b] < 1 || lengths[b] > steps)
                throw new ArgumentOutOfRangeException(nameof(lengths), lengths[b], $"lengths[{b}] must be between 1 and T = {steps}.");
            _lengths[b] = lengths[b];
            _masked |= lengths[b] < steps;
        }
    }

    /// <summary>After step t, every sequence already finished keeps its state: h_{t+1} = h_t, c_{t+1} = c_t.</summary>
    private void CarryFinishedSequences(int t)
    {
        int H = HiddenSize;
        for (int b = 0; b < _batch; b++)
        {
            if (t < _lengths[b]) continue;
            State(_h, t).Slice(b * H, H).CopyTo(State(_h, t + 1).Slice(b * H, H));
            if (Cell.HasCellState) State(_c, t).Slice(b * H, H).CopyTo(State(_c, t + 1).Slice(b * H, H));
        }
    }

    /// <summary>The backward twin of <see cref="CarryFinishedSequences"/>: the gradient of a finished sequence skips the cell.</summary>
    private void PassThroughFinishedSequences(int t, Span<T> dh, Span<T> dc, Span<T> dhPrev, Span<T> dcPrev)
    {
        int H = HiddenSize;
        for (int b = 0; b < _batch; b++)
        {
            if (t < _lengths[b]) continue;
            dh.Slice(b * H, H).CopyTo(dhPrev.Slice(b * H, H));
            dh.Slice(b * H, H).Clear();
            if (dc.IsEmpty) continue;
            dc.Slice(b * H, H).CopyTo(dcPrev.Slice(b * H, H));
            dc.Slice(b * H, H).Clear();
        }
    }

    private static InvalidOperationException AfterInfer(string what) =>
        new($"{what} needs a Forward pass: the last pass was Infer, which keeps only the outputs and the final state.");

    private static void CheckGradientShape(ReadOnlySpan<T> gradient, int expected, string name)
    {
        if (!gradient.IsEmpty && gradient.Length != expected)
            throw new ArgumentException($"{name} has {gradient.Length} values; expected {expected} (or none).", name);
    }

    private static void CopyInto(ref T[]? destination, ReadOnlySpan<T> source)
    {
        if (destination is null || destination.Length != source.Length) destination = new T[source.Length];
        source.CopyTo(destination);
    }

    private static void CopyOrClear(ReadOnlySpan<T> source, Span<T> destination)
    {
        if (destination.IsEmpty) return;
        if (source.IsEmpty) destination.Clear(); else source.CopyTo(destination);
    }

}
