using System.Diagnostics;

namespace Calico.Datastore.Tests.Sqlite;

/// <summary>Starts this test executable as a child writer process (see <see cref="ChildProcessMode"/>) and kills it if the test ends first.</summary>
internal sealed class ChildProcess : IAsyncDisposable
{
    private readonly Process process;

    public ChildProcess(string mode, string path, int count)
    {
        var exe = Path.Combine(AppContext.BaseDirectory, "Calico.Datastore.Tests");
        var info = File.Exists(exe)
            ? new ProcessStartInfo(exe)
            : new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet") { ArgumentList = { "exec", exe + ".dll" } };
        info.RedirectStandardInput = true;
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        info.UseShellExecute = false;
        info.Environment[ChildProcessMode.ModeVariable] = mode;
        info.Environment[ChildProcessMode.PathVariable] = path;
        info.Environment[ChildProcessMode.CountVariable] = count.ToString(System.Globalization.CultureInfo.InvariantCulture);
        process = Process.Start(info) ?? throw new InvalidOperationException("Could not start " + exe);
    }

    public StreamWriter Input => process.StandardInput;

    public StreamReader Output => process.StandardOutput;

    public async Task<(int ExitCode, string Error)> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        var error = process.StandardError.ReadToEndAsync(cts.Token);
        await process.WaitForExitAsync(cts.Token);
        return (process.ExitCode, await error);
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
    }
}
