// Builds the RnnLstm library (RnnLstm.Lib.csproj, found by walking up from the notebook's folder) into
// artifacts/lib, where the notebook's next cell #r's it. About 2 s when nothing changed.
// After a rebuild that changed the library, restart the kernel: a loaded assembly cannot be replaced.
// (#load'ed by the notebooks' first cell; kept as a script, not compiled into the library it builds.)
using System.Diagnostics;
using System.IO;

var repoRoot = new DirectoryInfo(Environment.CurrentDirectory);
while (repoRoot is not null && !File.Exists(Path.Combine(repoRoot.FullName, "RnnLstm.Lib.csproj")))
    repoRoot = repoRoot.Parent;
if (repoRoot is null)
    throw new Exception($"RnnLstm.Lib.csproj not found above {Environment.CurrentDirectory}: open the notebook from inside the repository.");

// No build servers or reused nodes: they would outlive this cell and keep its output pipes open.
var build = new ProcessStartInfo("dotnet",
    "build RnnLstm.Lib.csproj -c Release -o artifacts/lib -nologo -v q -nodeReuse:false -p:UseSharedCompilation=false")
{
    WorkingDirectory = repoRoot.FullName,
    RedirectStandardOutput = true,
    RedirectStandardError = true,
};
using (var process = Process.Start(build)!)
{
    var output = process.StandardOutput.ReadToEndAsync();
    var errors = process.StandardError.ReadToEndAsync();
    process.WaitForExit();
    if (process.ExitCode != 0)
        throw new Exception($"Building the library failed (dotnet build RnnLstm.Lib.csproj in {repoRoot.FullName}):\n{await output}{await errors}");
}
