using System.Diagnostics;
using System.Formats.Tar;
using System.Globalization;
using System.IO.Compression;
using Calico.Ctl.Cli;
using Calico.Sdk.Status;

namespace Calico.Ctl.Commands;

/// <content>
/// <c>node diags [--log-dir=DIR] [--output-dir=DIR]</c>: a <c>.tar.gz</c> bundle for bug reports — the agent's status
/// file and endpoint status files, the whole datastore (export), the IPAM check, the kernel's addresses, links,
/// routes, rules, nftables ruleset, ipsets, conntrack statistics and the agent's logs. A part that cannot be
/// collected holds the reason instead; the bundle is always written.
/// </content>
internal static partial class NodeCommand
{
    private static readonly (string File, string Program, string[] Args)[] Dumps =
    [
        ("ip-addr.txt", "ip", ["addr"]),
        ("ip-link.txt", "ip", ["-d", "link"]),
        ("ip-route.txt", "ip", ["route", "show", "table", "all"]),
        ("ip6-route.txt", "ip", ["-6", "route", "show", "table", "all"]),
        ("ip-rule.txt", "ip", ["rule"]),
        ("nft-ruleset.txt", "nft", ["list", "ruleset"]),
        ("ipset.txt", "ipset", ["list"]),
        ("iptables-save.txt", "iptables-save", ["-c"]),
        ("conntrack-stats.txt", "conntrack", ["-S"]),
    ];

    private static async Task<int> DiagsAsync(CtlContext ctx, string[] args)
    {
        var parsed = ParsedArgs.Parse(args, ArgSpec.Create().Value("log-dir").Value("output-dir"));
        var o = ctx.Out;
        await o.WriteLineAsync("Collecting diagnostics").ConfigureAwait(false);
        var outDir = parsed.Get("output-dir") is { } od ? ctx.ResolvePath(od) : Directory.CreateTempSubdirectory("calico-diags-").FullName;
        Directory.CreateDirectory(outDir);
        var work = Path.Combine(outDir, "diagnostics");
        Directory.CreateDirectory(work);
        await o.WriteLineAsync($"Using temp dir: {outDir}").ConfigureAwait(false);
        var now = ctx.Time.GetUtcNow();
        await File.WriteAllTextAsync(Path.Combine(work, "date.txt"), now.ToString("O", CultureInfo.InvariantCulture) + "\n", ctx.CancellationToken).ConfigureAwait(false);
        await File.WriteAllTextAsync(Path.Combine(work, "hostname.txt"), Environment.MachineName + "\n", ctx.CancellationToken).ConfigureAwait(false);
        await File.WriteAllTextAsync(Path.Combine(work, "version.txt"), $"Client Version:    {VersionCommand.ClientVersion}\nGit commit:        {VersionCommand.GitCommit}\n", ctx.CancellationToken).ConfigureAwait(false);

        await o.WriteLineAsync("Copying node status").ConfigureAwait(false);
        var prefix = ctx.Env(PrefixVariable) ?? StatusPaths.DefaultPrefix;
        var statusFile = StatusPaths.NodeStatusFile(prefix);
        await File.WriteAllTextAsync(Path.Combine(work, "node-status.json"), File.Exists(statusFile) ? await File.ReadAllTextAsync(statusFile, ctx.CancellationToken).ConfigureAwait(false) : $"no status file at {statusFile}\n", ctx.CancellationToken).ConfigureAwait(false);
        CopyTree(StatusPaths.EndpointStatusDirectory(prefix), Path.Combine(work, "endpoint-status"));

        await o.WriteLineAsync("Dumping datastore").ConfigureAwait(false);
        await CaptureAsync(ctx, ["datastore", "migrate", "export", .. ConfigArgs(parsed)], Path.Combine(work, "datastore.yaml")).ConfigureAwait(false);
        await o.WriteLineAsync("Checking IPAM").ConfigureAwait(false);
        await CaptureAsync(ctx, ["ipam", "check", .. ConfigArgs(parsed)], Path.Combine(work, "ipam-check.txt")).ConfigureAwait(false);

        foreach (var (file, program, programArgs) in Dumps)
        {
            await o.WriteLineAsync($"Dumping {program} {string.Join(' ', programArgs)}").ConfigureAwait(false);
            await File.WriteAllTextAsync(Path.Combine(work, file), await RunProgramAsync(program, programArgs, ctx.CancellationToken).ConfigureAwait(false), ctx.CancellationToken).ConfigureAwait(false);
        }

        var logDir = parsed.Get("log-dir") ?? "/var/log/calico";
        await o.WriteLineAsync($"Copying Calico logs from {logDir}").ConfigureAwait(false);
        if (!CopyTree(ctx.ResolvePath(logDir), Path.Combine(work, "logs")))
        {
            await File.WriteAllTextAsync(Path.Combine(work, "logs-missing.txt"), $"log directory {logDir} does not exist\n", ctx.CancellationToken).ConfigureAwait(false);
        }

        var bundle = Path.Combine(outDir, $"diags-{now.UtcDateTime.ToString("yyyyMMdd_HHmmss", CultureInfo.InvariantCulture)}.tar.gz");
        await using (var file = File.Create(bundle))
        {
            await using var gzip = new GZipStream(file, CompressionLevel.Optimal);
            await TarFile.CreateFromDirectoryAsync(work, gzip, includeBaseDirectory: true, ctx.CancellationToken).ConfigureAwait(false);
        }

        Directory.Delete(work, recursive: true);
        await o.WriteLineAsync($"Diags saved to {bundle}").ConfigureAwait(false);
        return 0;
    }

    private static string[] ConfigArgs(ParsedArgs parsed) => parsed.Get("config") is { } c ? ["--config", c] : [];

    /// <summary>Runs another calicoctl command in-process and keeps its output (and its error, if any) in a file.</summary>
    private static async Task CaptureAsync(CtlContext ctx, string[] args, string file)
    {
        using var writer = new StringWriter();
        var sub = new CtlContext
        {
            Out = writer, Err = writer, In = ctx.In, Environment = ctx.Environment, WorkingDirectory = ctx.WorkingDirectory,
            Time = ctx.Time, HostRoot = ctx.HostRoot, CancellationToken = ctx.CancellationToken,
        };
        var code = await CtlApp.RunAsync(args, sub).ConfigureAwait(false);
        await File.WriteAllTextAsync(file, writer + (code == 0 ? string.Empty : $"[calicoctl {string.Join(' ', args)} exited with {code}]\n"), ctx.CancellationToken).ConfigureAwait(false);
    }

    private static async Task<string> RunProgramAsync(string program, string[] args, CancellationToken ct)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        try
        {
            using var process = Process.Start(start)!;
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(10));
            var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
            try
            {
                await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                process.Kill(entireProcessTree: true);
                return $"{program} did not finish within 10 s\n";
            }

            return await stdout.ConfigureAwait(false) + await stderr.ConfigureAwait(false) + (process.ExitCode == 0 ? string.Empty : $"[exit code {process.ExitCode}]\n");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            return $"{program} could not be run: {ex.Message}\n";
        }
    }

    private static bool CopyTree(string source, string target)
    {
        if (!Directory.Exists(source))
        {
            return false;
        }

        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var dest = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(dest)!);
            File.Copy(file, dest, overwrite: true);
        }

        return true;
    }
}
