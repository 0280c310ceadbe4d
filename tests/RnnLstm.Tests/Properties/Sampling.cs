using CsCheck;

namespace RnnLstm.Tests.Properties;

/// <summary>
/// Runs a property over cases drawn from a CsCheck generator, deterministically: case i is generated from
/// <c>new PCG(i, seed)</c>, so every run sees the same cases in the same order (CsCheck's own <c>Sample</c> draws
/// fresh seeds after the first iteration). A failure names the case number and prints the case.
/// </summary>
internal static class Sampling
{
    /// <summary>Checks <paramref name="property"/> on <paramref name="count"/> cases of <paramref name="gen"/>.</summary>
    /// <param name="print">How a failing case is shown (keep it short: a file's first lines, not all of them).</param>
    public static void Check<T>(Gen<T> gen, int count, ulong seed, Action<T> property, Func<T, string> print)
    {
        for (uint i = 0; i < count; i++)
        {
            T value = gen.Generate(new PCG(i, seed), null, out _);
            try
            {
                property(value);
            }
            catch (Exception e)
            {
                throw new Xunit.Sdk.XunitException($"case {i} of {count} (seed {seed}) failed: {e.GetType().Name}: {e.Message}\n--- case ---\n{print(value)}\n--- at ---\n{e.StackTrace}");
            }
        }
    }
}
