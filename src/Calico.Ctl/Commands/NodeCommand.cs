using System.Globalization;
using System.Text.Json;
using Calico.Ctl.Cli;
using Calico.Ctl.Output;
using Calico.Sdk.Serialization;
using Calico.Sdk.Status;

namespace Calico.Ctl.Commands;

/// <summary><c>node status | diags | checksystem</c>: commands that run on the node itself.</summary>
internal static partial class NodeCommand
{
    public const string PrefixVariable = "FELIX_ENDPOINTSTATUSPATHPREFIX";

    public static Task<int> RunAsync(CtlContext ctx, string[] args)
    {
        var (sub, rest) = CtlApp.Split(args);
        return sub switch
        {
            "status" => StatusAsync(ctx, rest),
            "diags" => DiagsAsync(ctx, rest),
            "checksystem" => CheckSystemAsync(ctx, rest),
            _ => throw new CtlException((sub is null ? string.Empty : $"Invalid node command: '{sub}'\n\n")
                + "Usage:\n  calicoctl node <command> [<args>...]\n\n    status       View the current status of a Calico node.\n    diags        Gather a diagnostics bundle for a Calico node.\n    checksystem  Verify the compute host is able to run a Calico node instance."),
        };
    }

    /// <summary>The agent's status file, or null when there is none (or it cannot be read).</summary>
    internal static NodeAgentStatus? ReadStatus(CtlContext ctx, out string path)
    {
        path = StatusPaths.NodeStatusFile(ctx.Env(PrefixVariable) ?? StatusPaths.DefaultPrefix);
        try
        {
            return File.Exists(path) ? JsonSerializer.Deserialize(File.ReadAllText(path), StatusJsonContext.Default.NodeAgentStatus) : null;
        }
        catch (Exception ex) when (ex is JsonException or IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Whether the process exists and is not a zombie (read from <c>/proc/PID/stat</c>, no signals needed).</summary>
    internal static bool IsAlive(CtlContext ctx, int pid)
    {
        if (pid <= 0)
        {
            return false;
        }

        var stat = Path.Combine(ctx.HostRoot, "proc", pid.ToString(CultureInfo.InvariantCulture), "stat");
        try
        {
            var text = File.ReadAllText(stat);
            var close = text.LastIndexOf(')');
            return close < 0 || close + 2 >= text.Length || text[close + 2] is not ('Z' or 'X');
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static async Task<int> StatusAsync(CtlContext ctx, string[] args)
    {
        ParsedArgs.Parse(args, ArgSpec.Create());
        var status = ReadStatus(ctx, out _);
        if (status is null || !IsAlive(ctx, status.ProcessId))
        {
            await ctx.Out.WriteLineAsync("Calico process is not running.").ConfigureAwait(false);
            return 1;
        }

        await ctx.Out.WriteLineAsync("Calico process is running.").ConfigureAwait(false);

        // The source-generated contract sets an absent list to null (init-only properties), so read defensively.
        IReadOnlyList<string> routers = status.Routers is null ? [] : status.Routers;
        IReadOnlyList<BgpPeerStatus> allPeers = status.BgpPeers is null ? [] : status.BgpPeers;
        if (!routers.Contains("bgp", StringComparer.OrdinalIgnoreCase) && allPeers.Count == 0)
        {
            await ctx.Out.WriteLineAsync("\nThe BGP backend process is not running.\n").ConfigureAwait(false);
            return 0;
        }

        var now = ctx.Time.GetUtcNow();
        foreach (var (family, v6) in new[] { ("IPv4", false), ("IPv6", true) })
        {
            await ctx.Out.WriteLineAsync($"\n{family} BGP status").ConfigureAwait(false);
            var peers = allPeers.Where(p => p.PeerAddress.Contains(':', StringComparison.Ordinal) == v6).ToList();
            if (peers.Count == 0)
            {
                await ctx.Out.WriteLineAsync($"No {family} peers found.").ConfigureAwait(false);
                continue;
            }

            BoxTable.Write(ctx.Out, ["PEER ADDRESS", "PEER TYPE", "STATE", "SINCE", "INFO"],
                [.. peers.Select(p => (IReadOnlyList<string>)[p.PeerAddress, p.PeerType, State(p), Since(p.Since, now), Info(p)])]);
        }

        await ctx.Out.WriteLineAsync().ConfigureAwait(false);
        return 0;
    }

    /// <summary>BIRD's protocol state column: <c>up</c> once established, <c>start</c> while connecting.</summary>
    private static string State(BgpPeerStatus p) => p.State.Equals("Established", StringComparison.OrdinalIgnoreCase) ? "up" : "start";

    private static string Info(BgpPeerStatus p) => string.IsNullOrEmpty(p.Info) ? p.State : $"{p.State} {p.Info}";

    /// <summary>BIRD prints the time of day for a change today and the date otherwise.</summary>
    private static string Since(DateTimeOffset since, DateTimeOffset now) =>
        since.UtcDateTime.Date == now.UtcDateTime.Date
            ? since.UtcDateTime.ToString("HH:mm:ss", CultureInfo.InvariantCulture)
            : since.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
