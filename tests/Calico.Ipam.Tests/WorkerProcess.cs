using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using Calico.Datastore.Sqlite;
using Calico.Sdk.Ipam;

namespace Calico.Ipam.Tests;

/// <summary>
/// This test executable doubles as an IPAM node process: started with <see cref="NodeVariable"/> set, the module
/// initializer opens the SQLite file, prints "ready", waits for "go" on stdin, asks for <see cref="CountVariable"/>
/// single IPv4 addresses (printing "progress" after <see cref="ProgressVariable"/> of them), then prints one
/// "A &lt;address&gt;" line per success and "E &lt;count&gt;" with the number of clean exhaustion errors, and exits before
/// the test runner starts. Any other failure goes to stderr with exit code 1.
/// </summary>
internal sealed class WorkerProcess : IAsyncDisposable
{
    internal const string NodeVariable = "CALICO_IPAM_WORKER_NODE";
    internal const string PathVariable = "CALICO_IPAM_WORKER_DB";
    internal const string CountVariable = "CALICO_IPAM_WORKER_COUNT";
    internal const string ProgressVariable = "CALICO_IPAM_WORKER_PROGRESS";

    private readonly Process _process;

    public WorkerProcess(string node, string path, int count, int progressAfter)
    {
        var exe = Path.Combine(AppContext.BaseDirectory, "Calico.Ipam.Tests");
        var info = File.Exists(exe)
            ? new ProcessStartInfo(exe)
            : new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet") { ArgumentList = { "exec", exe + ".dll" } };
        info.RedirectStandardInput = true;
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        info.UseShellExecute = false;
        info.Environment[NodeVariable] = node;
        info.Environment[PathVariable] = path;
        info.Environment[CountVariable] = count.ToString(CultureInfo.InvariantCulture);
        info.Environment[ProgressVariable] = progressAfter.ToString(CultureInfo.InvariantCulture);
        _process = Process.Start(info) ?? throw new InvalidOperationException("Could not start " + exe);
    }

    public async Task ExpectAsync(string line, CancellationToken ct)
    {
        var got = await _process.StandardOutput.ReadLineAsync(ct).AsTask().WaitAsync(TimeSpan.FromSeconds(60), ct);
        if (got != line)
        {
            throw new InvalidOperationException($"worker said '{got}' instead of '{line}': {await _process.StandardError.ReadToEndAsync(ct)}");
        }
    }

    public async Task GoAsync(CancellationToken ct)
    {
        await _process.StandardInput.WriteLineAsync("go".AsMemory(), ct);
        await _process.StandardInput.FlushAsync(ct);
    }

    /// <summary>Reads the results and waits for a clean exit.</summary>
    public async Task<(List<string> Addresses, int Exhausted)> ResultsAsync(CancellationToken ct)
    {
        var addresses = new List<string>();
        var exhausted = -1;
        var error = _process.StandardError.ReadToEndAsync(ct);
        while (await _process.StandardOutput.ReadLineAsync(ct) is { } line)
        {
            if (line.StartsWith("A ", StringComparison.Ordinal))
            {
                addresses.Add(line[2..]);
            }
            else if (line.StartsWith("E ", StringComparison.Ordinal))
            {
                exhausted = int.Parse(line[2..], CultureInfo.InvariantCulture);
            }
        }

        await _process.WaitForExitAsync(ct).WaitAsync(TimeSpan.FromSeconds(120), ct);
        var stderr = await error;
        return _process.ExitCode == 0 && exhausted >= 0
            ? (addresses, exhausted)
            : throw new InvalidOperationException($"worker exited with {_process.ExitCode}: {stderr}");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

#pragma warning disable CA2255 // A test executable, not a library: this is its worker-process entry point.
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void RunIfWorker()
    {
        if (Environment.GetEnvironmentVariable(NodeVariable) is not { } node)
        {
            return;
        }

        try
        {
            Environment.Exit(WorkAsync(node).GetAwaiter().GetResult());
        }
        catch (Exception ex)
        {
            Console.Error.WriteLine(ex);
            Environment.Exit(1);
        }
    }

    private static async Task<int> WorkAsync(string node)
    {
        var count = int.Parse(Environment.GetEnvironmentVariable(CountVariable)!, CultureInfo.InvariantCulture);
        var progressAfter = int.Parse(Environment.GetEnvironmentVariable(ProgressVariable)!, CultureInfo.InvariantCulture);
        await using var store = new SqliteDatastore(new SqliteDatastoreOptions { Path = Environment.GetEnvironmentVariable(PathVariable)! });
        var ipam = new CalicoIpam(store);
        Console.Out.WriteLine("ready");
        Console.Out.Flush();
        if (Console.In.ReadLine() != "go")
        {
            return 3;
        }

        var addresses = new List<string>(count);
        var exhausted = 0;
        for (var i = 0; i < count; i++)
        {
            if (i == progressAfter)
            {
                Console.Out.WriteLine("progress");
                Console.Out.Flush();
            }

            try
            {
                var result = await ipam.AutoAssignAsync(new AutoAssignRequest($"pod-{node}-{i}", node, 1, 0));
                addresses.Add(result.IPv4.Single().Address.ToString());
            }
            catch (IpamExhaustedException)
            {
                exhausted++;
            }
        }

        foreach (var address in addresses)
        {
            Console.Out.WriteLine("A " + address);
        }

        Console.Out.WriteLine("E " + exhausted.ToString(CultureInfo.InvariantCulture));
        return 0;
    }
}
