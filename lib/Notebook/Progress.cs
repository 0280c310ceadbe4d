using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Runtime.CompilerServices;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Formatting;

namespace RnnLstm.Notebook;

/// <summary>
/// Progress of a long computation, shown while it runs: in a notebook one output that updates in place (a bar and a
/// line of text), elsewhere (tests, the CLI) a plain console line.
/// </summary>
/// <example>
/// <code>
/// var progress = Progress.Start("training");
/// for (int epoch = 1; epoch &lt;= epochs; epoch++)
/// {
///     double loss = TrainOneEpoch();
///     progress.Report((double)epoch / epochs, $"epoch {epoch}/{epochs} loss {loss:F4}");
/// }
/// </code>
/// </example>
/// <remarks>
/// Reports are throttled (a notebook front-end redraws each update, a console would scroll): at most one every
/// <see cref="NotebookInterval"/> in a notebook and every <see cref="ConsoleInterval"/> on a console, but the first
/// report and the one reaching 100 % are always shown.
/// </remarks>
public sealed class Progress
{
    /// <summary>Smallest gap between two updates of the notebook output.</summary>
    public static readonly TimeSpan NotebookInterval = TimeSpan.FromMilliseconds(200);

    /// <summary>Smallest gap between two console lines.</summary>
    public static readonly TimeSpan ConsoleInterval = TimeSpan.FromSeconds(1);

    private readonly string label;
    private readonly IProgressView view;
    private readonly TimeSpan interval;
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private TimeSpan lastShown = TimeSpan.MinValue;

    private Progress(string label, IProgressView view, TimeSpan interval)
    {
        this.label = label;
        this.view = view;
        this.interval = interval;
    }

    /// <summary>Starts showing progress for <paramref name="label"/> (e.g. "training").</summary>
    public static Progress Start(string label)
    {
        var inNotebook = KernelPresence.IsLoaded ? NotebookView.TryCreate(label) : null;
        return inNotebook is not null
            ? new Progress(label, inNotebook, NotebookInterval)
            : new Progress(label, new ConsoleView(), ConsoleInterval);
    }

    /// <summary>Reports how far along the work is.</summary>
    /// <param name="fraction">Done so far, 0 to 1 (clamped).</param>
    /// <param name="message">A short status, e.g. "epoch 3/100 loss 0.012".</param>
    public void Report(double fraction, string message = "")
    {
        fraction = double.IsNaN(fraction) ? 0 : Math.Clamp(fraction, 0, 1);
        TimeSpan now = clock.Elapsed;
        bool due = lastShown == TimeSpan.MinValue || fraction >= 1 || now - lastShown >= interval;
        if (!due) return;
        lastShown = now;
        view.Show(new ProgressState(label, fraction, message, now));
    }
}

/// <summary>What one progress update shows.</summary>
internal readonly record struct ProgressState(string Label, double Fraction, string Message, TimeSpan Elapsed)
{
    public string Text => string.Create(CultureInfo.InvariantCulture,
        $"{Label}: {Fraction * 100,5:F1}%  {Message}  ({Elapsed.TotalSeconds:F1} s)");
}

/// <summary>Where progress goes.</summary>
internal interface IProgressView
{
    void Show(ProgressState state);
}

/// <summary>Console fallback: one plain line per shown update.</summary>
internal sealed class ConsoleView : IProgressView
{
    public void Show(ProgressState state) => Console.WriteLine(state.Text);
}

/// <summary>
/// Notebook view: one displayed value, replaced by each update through <see cref="DisplayedValue.Update"/>, so the
/// notebook shows a single live line rather than hundreds.
/// </summary>
internal sealed class NotebookView : IProgressView
{
    private readonly DisplayedValue displayed;

    private NotebookView(DisplayedValue displayed) => this.displayed = displayed;

    /// <summary>A view bound to the running cell, or null when no cell is running (not in a notebook).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static NotebookView? TryCreate(string label)
    {
        var context = KernelInvocationContext.Current;
        if (context is null) return null;
        EnsureFormatter();
        return new NotebookView(context.Display(new ProgressState(label, 0, "starting", TimeSpan.Zero), HtmlFormatter.MimeType));
    }

    public void Show(ProgressState state) => displayed.Update(state);

    private static int formatterRegistered;

    /// <summary>
    /// Updates go through the kernel's formatter, so the state gets an HTML formatter of its own (a bar and a line),
    /// registered the first time a progress is shown.
    /// </summary>
    private static void EnsureFormatter()
    {
        if (Interlocked.Exchange(ref formatterRegistered, 1) == 1) return;
        NotebookSetup.RegisterHtmlFormatter<ProgressState>(state => string.Create(CultureInfo.InvariantCulture,
            $"<div><progress value=\"{state.Fraction:F3}\" max=\"1\" style=\"width:16em\"></progress> "
            + $"<code>{WebUtility.HtmlEncode(state.Text)}</code></div>"));
    }
}
