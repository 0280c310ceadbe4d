using System.Text;

namespace RnnLstm.Tests.Properties;

/// <summary>
/// Captures what code running in the current async flow writes to <see cref="Console.Out"/> and
/// <see cref="Console.Error"/>, while every other test keeps writing to the real console: the console writers are
/// replaced once by writers that forward to an <see cref="AsyncLocal{T}"/> target when one is set. This lets the CLI
/// run in-process, hundreds of times, beside tests running in parallel.
/// </summary>
internal sealed class ConsoleCapture : IDisposable
{
    private static readonly AsyncLocal<StringWriter?> CurrentOut = new(), CurrentError = new();
    private static readonly object Gate = new();
    private static bool _installed;

    private readonly StringWriter _out = new(), _error = new();

    /// <summary>Starts capturing for this async flow.</summary>
    public ConsoleCapture()
    {
        lock (Gate)
        {
            if (!_installed)
            {
                Console.SetOut(new Forwarder(Console.Out, CurrentOut));
                Console.SetError(new Forwarder(Console.Error, CurrentError));
                _installed = true;
            }
        }
        CurrentOut.Value = _out;
        CurrentError.Value = _error;
    }

    public string Out => _out.ToString();
    public string Error => _error.ToString();

    public void Dispose()
    {
        CurrentOut.Value = null;
        CurrentError.Value = null;
    }

    private sealed class Forwarder(TextWriter real, AsyncLocal<StringWriter?> target) : TextWriter
    {
        private TextWriter Writer => target.Value ?? real;
        public override Encoding Encoding => real.Encoding;
        public override void Write(char value) { lock (this) Writer.Write(value); }
        public override void Write(string? value) { lock (this) Writer.Write(value); }
        public override void WriteLine(string? value) { lock (this) Writer.WriteLine(value); }
        public override void Flush() => Writer.Flush();
    }
}
