using System.Numerics;
using RnnLstm.Cells;
using RnnLstm.Numerics;

namespace RnnLstm.Models;

/// <summary>
/// The forward-mode (R-operator) pass of a one-layer Elman <see cref="SequenceModel{T}"/>: the directional derivative
/// <c>J v</c> of every state and of the output along a direction v of the weights, computed from the states of the
/// model's last forward pass.
/// </summary>
/// <remarks>
/// <para>v has the layout of <see cref="ParameterSet{T}.Values"/>; its pieces U_v, V_v, b_v, W_v, c_v are the slices at
/// the parameters' offsets. With R(·) the derivative along v (Pearlmutter 1994):</para>
/// <code>
/// R(h_0) = 0
/// R(a_t) = U_v x_t + b_v + V_v h_{t-1} + V R(h_{t-1})     x [T, B, I], h and R(h) [T+1, B, H]
/// R(h_t) = σ_h'(a_t) ⊙ R(a_t)                              (ElmanCell.ForwardDirectional)
/// R(y)   = σ_y'(a_y) ⊙ (W_v h + c_v + W R(h))              h = h_T per sequence (last step) or every h_t, y [N, O]
/// </code>
/// <para>A sequence that has ended (step t ≥ its length) carries its state, so it carries R(h) as well. The pass costs
/// about one forward pass; it never forms J, which has one row per output and one column per weight.</para>
/// </remarks>
public sealed class ElmanDirectionalPass<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly SequenceModel<T> _model;
    private readonly RecurrentLayer<T> _layer;
    private readonly ElmanCell<T> _cell;
    private T[] _rh = [], _rzx = [], _ry = [];
    private int _steps, _batch, _rows;

    /// <summary>Prepares the pass for <paramref name="model"/>, which must have one Elman layer.</summary>
    public ElmanDirectionalPass(SequenceModel<T> model)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (model.Layers.Count != 1 || model.Layers[0].Cell is not ElmanCell<T> cell)
            throw new ArgumentException($"The directional pass is written for one Elman layer; the model is {model.Spec}.", nameof(model));
        _model = model;
        _layer = model.Layers[0];
        _cell = cell;
    }

    /// <summary>R(h_0)..R(h_T) of the last <see cref="Run"/>, [T+1, B, H] (R(h_0) = 0).</summary>
    public ReadOnlySpan<T> HiddenDirections => _rh.AsSpan(0, (_steps + 1) * _batch * _cell.HiddenSize);

    /// <summary>R(y) of the last <see cref="Run"/>, [N, O] like the model's output.</summary>
    public ReadOnlySpan<T> OutputDirection => _ry.AsSpan(0, _rows * _model.Spec.OutputSize);

    /// <summary>
    /// Computes R(h) and R(y) along <paramref name="direction"/> at the model's current weights. The model's last
    /// forward pass must have been on this <paramref name="x"/> [T, B, I] with these <paramref name="lengths"/>
    /// (its states are reused, not recomputed).
    /// </summary>
    /// <returns>R(y), [N, O].</returns>
    public ReadOnlySpan<T> Run(ReadOnlySpan<T> direction, ReadOnlySpan<T> x, int steps, int batch, ReadOnlySpan<int> lengths = default)
    {
        int I = _cell.InputSize, H = _cell.HiddenSize, BH = batch * H;
        if (direction.Length != _model.Parameters.Count)
            throw new ArgumentException($"direction has {direction.Length} values; the model has {_model.Parameters.Count} parameters.", nameof(direction));
        if (_layer.Steps != steps || _layer.Batch != batch)
            throw new InvalidOperationException($"The model's last forward pass was [T, B] = [{_layer.Steps}, {_layer.Batch}], not [{steps}, {batch}]; run Forward on this batch first.");
        if (x.Length != steps * batch * I)
            throw new ArgumentException($"x has {x.Length} values; [T, B, I] = [{steps}, {batch}, {I}] needs {steps * batch * I}.", nameof(x));
        if (!lengths.IsEmpty && lengths.Length != batch)
            throw new ArgumentException($"lengths has {lengths.Length} entries; the batch has {batch}.", nameof(lengths));
        _steps = steps;
        _batch = batch;
        Buffers.Grow(ref _rh, (steps + 1) * BH);
        Buffers.Grow(ref _rzx, BH);

        var uV = Slice(direction, _cell.InputWeights);
        var vV = Slice(direction, _cell.RecurrentWeights);
        var states = _layer.HiddenStates;
        var rh = _rh.AsSpan(0, (steps + 1) * BH);
        var rzx = _rzx.AsSpan(0, BH);
        rh.Slice(0, BH).Clear();                                              // R(h_0) = 0: the initial state does not depend on the weights
        for (int t = 0; t < steps; t++)
        {
            if (_cell.Bias is { } bias) MatMul.BroadcastRows<T>(Slice(direction, bias), rzx, batch); else rzx.Clear();
            MatMul.AddProductTransposed<T>(x.Slice(t * batch * I, batch * I), uV, rzx, batch, H, I); // U_v x_t + b_v
            _cell.ForwardDirectional(rzx, vV, states.Slice(t * BH, BH), rh.Slice(t * BH, BH), states.Slice((t + 1) * BH, BH),
                rh.Slice((t + 1) * BH, BH), batch);
            for (int b = 0; b < batch && !lengths.IsEmpty; b++)               // an ended sequence carries R(h) with h
                if (t >= lengths[b]) rh.Slice(t * BH + b * H, H).CopyTo(rh.Slice((t + 1) * BH + b * H, H));
        }
        return RunHead(direction, rh, steps, batch);
    }

    /// <summary>R(y) = σ_y'(a_y) ⊙ (W_v h + c_v + W R(h)) on the rows the head read.</summary>
    private ReadOnlySpan<T> RunHead(ReadOnlySpan<T> direction, ReadOnlySpan<T> rh, int steps, int batch)
    {
        var head = _model.Head;
        int H = head.InputSize, O = head.OutputSize, BH = batch * H;
        bool everyStep = _model.Spec.Output == OutputMode.EveryStep;
        _rows = everyStep ? steps * batch : batch;
        var h = everyStep ? _layer.Outputs : _layer.FinalHidden;
        var rTop = everyStep ? rh.Slice(BH, steps * BH) : rh.Slice(steps * BH, BH);
        Buffers.Grow(ref _ry, _rows * O);
        var ry = _ry.AsSpan(0, _rows * O);
        if (head.Bias is { } bias) MatMul.BroadcastRows<T>(Slice(direction, bias), ry, _rows); else ry.Clear();
        MatMul.AddProductTransposed<T>(h, Slice(direction, head.Weights), ry, _rows, O, H); // W_v h + c_v
        MatMul.AddProductTransposed<T>(rTop, head.Weights.Value, ry, _rows, O, H);          // + W R(h)
        var y = head.Output;
        for (int k = 0; k < ry.Length; k++) ry[k] *= DenseLayer<T>.Slope(head.Activation, y[k]);
        return ry;
    }

    private static ReadOnlySpan<T> Slice(ReadOnlySpan<T> direction, Parameter<T> parameter) => direction.Slice(parameter.Offset, parameter.Length);
}
