using System.Diagnostics;
using System.Formats.Tar;
using System.IO.Compression;
using Xunit;

namespace Calico.Ctl.Tests;

/// <summary>The real executable (its entry point, streams and exit codes) and the diagnostics bundle.</summary>
public sealed class ProgramTests
{
    [Fact]
    public async Task The_executable_prints_to_stdout_and_stderr_and_exits_like_calicoctl()
    {
        var work = Workspace.Create();
        try
        {
            var env = new Dictionary<string, string> { ["SQLITE_PATH"] = Path.Combine(work, "calico.db") };
            var version = await RunExeAsync(work, env, "version", "--client");
            Assert.Equal(0, version.Code);
            Assert.StartsWith("Client Version:    v", version.Stdout, StringComparison.Ordinal);
            Assert.Equal(string.Empty, version.Stderr);

            var create = await RunExeAsync(work, env, "create", "-f", "pools.yaml");
            Assert.Equal((0, "Successfully created 3 'IPPool' resource(s)\n", ""), (create.Code, create.Stdout, create.Stderr));

            var again = await RunExeWithInputAsync(work, env, File.ReadAllText(Path.Combine(work, "pools.yaml")), "create", "-f", "-");
            Assert.Equal(1, again.Code);
            Assert.Equal(string.Empty, again.Stdout);
            Assert.StartsWith("Failed to create any 'IPPool' resources:\nhit error: resource already exists: IPPool(pool-a) (stdin document 1)", again.Stderr, StringComparison.Ordinal);

            var get = await RunExeAsync(work, env, "get", "ippools", "-o", "name");
            Assert.Equal("ippool/pool-a\nippool/pool-b\nippool/pool-c\n", get.Stdout);

            var help = await RunExeAsync(work, env, "--help");
            Assert.Equal(0, help.Code);
            Assert.Contains("calicoctl [options] <command> [<args>...]", help.Stdout, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    [Fact]
    public async Task Node_diags_writes_a_bundle_with_status_datastore_ipam_kernel_state_and_logs()
    {
        var work = Workspace.Create();
        try
        {
            var prefix = Path.Combine(work, "run");
            Directory.CreateDirectory(Path.Combine(prefix, "status"));
            File.WriteAllText(Path.Combine(prefix, "status", "node.json"), File.ReadAllText(Path.Combine(work, "status-vxlan.json")).Replace("\"$PID\"", "1", StringComparison.Ordinal));
            Directory.CreateDirectory(Path.Combine(work, "logs", "felix"));
            File.WriteAllText(Path.Combine(work, "logs", "felix", "current"), "felix log line\n");
            var runner = new CtlRunner(work, new Dictionary<string, string>
            {
                ["SQLITE_PATH"] = Path.Combine(work, "calico.db"),
                ["FELIX_ENDPOINTSTATUSPATHPREFIX"] = prefix,
                ["PATH"] = Environment.GetEnvironmentVariable("PATH") ?? "/usr/sbin:/usr/bin",
            });
            Assert.Equal(0, (await runner.RunAsync("create -f pools.yaml")).ExitCode);

            var result = await runner.RunAsync("node diags --log-dir logs --output-dir bundle");

            Assert.Equal(0, result.ExitCode);
            var bundle = Path.Combine(work, "bundle", "diags-20260102_100000.tar.gz");
            Assert.EndsWith($"Diags saved to {bundle}\n", result.Stdout, StringComparison.Ordinal);
            var entries = new Dictionary<string, string>(StringComparer.Ordinal);
            await using (var gz = new GZipStream(File.OpenRead(bundle), CompressionMode.Decompress))
            {
                using var tar = new TarReader(gz);
                while (tar.GetNextEntry() is { } entry)
                {
                    entries[entry.Name] = entry.DataStream is { } data ? new StreamReader(data).ReadToEnd() : string.Empty;
                }
            }

            Assert.Contains("\"dataplane\": \"nftables\"", entries["diagnostics/node-status.json"], StringComparison.Ordinal);
            Assert.Contains("name: pool-b", entries["diagnostics/datastore.yaml"], StringComparison.Ordinal);
            Assert.Contains("Check complete; found 0 problems.", entries["diagnostics/ipam-check.txt"], StringComparison.Ordinal);
            Assert.Contains("lo", entries["diagnostics/ip-addr.txt"], StringComparison.Ordinal);
            Assert.Equal("felix log line\n", entries["diagnostics/logs/felix/current"]);
            Assert.Contains("v3.30.0", entries["diagnostics/version.txt"], StringComparison.Ordinal);
            Assert.Contains("diagnostics/nft-ruleset.txt", entries.Keys);
            Assert.Contains("diagnostics/conntrack-stats.txt", entries.Keys);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static Task<(int Code, string Stdout, string Stderr)> RunExeAsync(string work, Dictionary<string, string> env, params string[] args) =>
        RunExeWithInputAsync(work, env, null, args);

    private static async Task<(int Code, string Stdout, string Stderr)> RunExeWithInputAsync(string work, Dictionary<string, string> env, string? stdin, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = work,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = stdin is not null,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "calicoctl.dll"));
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        foreach (var (k, v) in env)
        {
            psi.Environment[k] = v;
        }

        using var p = Process.Start(psi)!;
        if (stdin is not null)
        {
            await p.StandardInput.WriteAsync(stdin);
            p.StandardInput.Close();
        }

        var stdout = p.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = p.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await p.WaitForExitAsync(TestContext.Current.CancellationToken);
        return (p.ExitCode, await stdout, await stderr);
    }
}
