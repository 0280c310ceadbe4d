using System.Runtime.InteropServices;

namespace RnnLstm.Bench.Harness;

/// <summary>
/// libtorch's OpenMP (libgomp) wait policy. By default an idle OpenMP thread spins before it sleeps; on a machine
/// whose 2 cores are shared with other processes that made TorchSharp's 2-thread steps swing from milliseconds to
/// seconds (every parallel region waiting out a scheduler time slice; OMP_WAIT_POLICY=ACTIVE reproduces it at will,
/// PASSIVE removes it). <c>--omp-passive</c> sets OMP_WAIT_POLICY=PASSIVE for this process before libtorch loads.
/// </summary>
public static class OpenMp
{
    public static string Policy { get; private set; } = Environment.GetEnvironmentVariable("OMP_WAIT_POLICY") ?? "default";

    // Environment.SetEnvironmentVariable changes only .NET's copy; libgomp reads the C environment when it loads.
    [DllImport("libc", EntryPoint = "setenv")]
    static extern int SetEnv(string name, string value, int overwrite);

    public static void UsePassiveWaiting()
    {
        if (!OperatingSystem.IsLinux()) return;
        if (SetEnv("OMP_WAIT_POLICY", "PASSIVE", 1) != 0) throw new InvalidOperationException("setenv(OMP_WAIT_POLICY) failed");
        Policy = "PASSIVE (--omp-passive)";
    }
}
