using Microsoft.DotNet.Interactive.Documents;

namespace RnnLstm.Cli.Notebooks;

/// <summary>How one code cell went.</summary>
/// <param name="Number">The cell's 1-based position in the notebook as written (markdown cells count).</param>
/// <param name="Injected">True for the parameters cell the runner added (it has no number of its own: it follows cell <paramref name="Number"/>).</param>
/// <param name="Seconds">Wall-clock time of the cell.</param>
/// <param name="Error">The error message when the cell failed, else null.</param>
/// <param name="Cell">The cell in the executed notebook, outputs included.</param>
public sealed record CellResult(int Number, bool Injected, double Seconds, string? Error, InteractiveDocumentElement Cell)
{
    /// <summary>True when the cell ran without error.</summary>
    public bool Succeeded => Error is null;

    /// <summary>"cell 4", or "parameters after cell 3" for the injected one.</summary>
    public string Label => Injected ? $"parameters after cell {Number}" : $"cell {Number}";
}

/// <summary>How one notebook went: the executed document (cells with their outputs) and each code cell's result.</summary>
/// <param name="Path">The notebook file that ran.</param>
/// <param name="Executed">The notebook with outputs, including any injected parameters cell.</param>
/// <param name="Cells">Per code cell that ran, in order, up to and including the first failure.</param>
/// <param name="Seconds">Total wall-clock time.</param>
public sealed record NotebookResult(string Path, InteractiveDocument Executed, IReadOnlyList<CellResult> Cells, double Seconds)
{
    /// <summary>The first failing cell, or null if all ran.</summary>
    public CellResult? Failure => Cells.FirstOrDefault(c => !c.Succeeded);
}
