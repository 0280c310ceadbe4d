using System.Text;
using Microsoft.DotNet.Interactive.Documents;
using Microsoft.DotNet.Interactive.Events;
using Microsoft.DotNet.Interactive.Formatting;

namespace RnnLstm.Cli.Notebooks;

/// <summary>
/// Turns the kernel's events for one cell into the outputs a notebook file stores, the way a notebook front-end
/// shows them: console text merged into one stream output, a displayed value replaced when it is updated (progress),
/// errors as error outputs.
/// </summary>
internal sealed class CellOutputs
{
    private readonly List<InteractiveDocumentOutputElement> elements = [];
    private readonly Dictionary<string, int> indexOfDisplayId = [];

    /// <summary>The outputs, in the order they appeared.</summary>
    public IReadOnlyList<InteractiveDocumentOutputElement> Elements => elements;

    /// <summary>Adds every event's output; returns the error message if the cell failed, else null.</summary>
    public string? AddAll(IEnumerable<KernelEvent> events)
    {
        string? error = null;
        foreach (var e in events)
        {
            switch (e)
            {
                case StandardOutputValueProduced stdout: AddText(stdout, "stdout"); break;
                case StandardErrorValueProduced stderr: AddText(stderr, "stderr"); break;
                case DisplayedValueUpdated updated: Replace(updated); break;
                case ReturnValueProduced returned: AddReturnValue(returned); break;
                case DisplayedValueProduced displayed: AddDisplay(displayed); break;
                case ErrorProduced produced: AddError(produced.Message, "Error"); break;
                case CommandFailed failed:
                    error = failed.Message;
                    AddError(failed.Message, failed.Exception?.GetType().Name ?? "Error", failed.Exception?.StackTrace);
                    break;
            }
        }
        return error;
    }

    /// <summary>Adds an error output.</summary>
    public void AddError(string message, string name, string? stackTrace = null) =>
        elements.Add(new ErrorElement(message, name, stackTrace?.Split('\n') ?? []));

    private void AddText(DisplayEvent e, string stream)
    {
        string text = string.Concat(e.FormattedValues.Where(v => v.MimeType == PlainTextFormatter.MimeType).Select(v => v.Value));
        if (elements.Count > 0 && elements[^1] is TextElement last && last.Name == stream)
            elements[^1] = new TextElement(last.Text + text, stream); // one stream output per run of prints, as Jupyter does
        else
            elements.Add(new TextElement(text, stream));
    }

    private void AddDisplay(DisplayEvent e)
    {
        if (Data(e) is not { Count: > 0 } data) return;
        if (e.ValueId is { } id) indexOfDisplayId[id] = elements.Count;
        elements.Add(new DisplayElement(data));
    }

    private void AddReturnValue(ReturnValueProduced e)
    {
        if (Data(e) is not { Count: > 0 } data) return;
        var element = new ReturnValueElement();
        foreach (var (mime, value) in data) element.Data[mime] = value;
        elements.Add(element);
    }

    /// <summary>An update replaces the displayed value in place (the notebook keeps only the latest).</summary>
    private void Replace(DisplayedValueUpdated e)
    {
        if (e.ValueId is { } id && indexOfDisplayId.TryGetValue(id, out int index) && Data(e) is { Count: > 0 } data)
            elements[index] = new DisplayElement(data);
        else
            AddDisplay(e);
    }

    private static Dictionary<string, object>? Data(DisplayEvent e) =>
        e.FormattedValues
            .Where(v => !v.SuppressDisplay)
            .GroupBy(v => v.MimeType)
            .ToDictionary(g => g.Key, g => (object)g.Last().Value);
}
