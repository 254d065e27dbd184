using System.Text.RegularExpressions;
using Calico.Dataplane.Iptables.Rendering;
using Calico.Sdk.Dataplane;
using Calico.Sdk.Linux;

namespace Calico.Dataplane.Iptables.Kernel;

/// <summary>Runs <c>ipset</c>: restore scripts, listings of names, saves of our sets.</summary>
internal sealed partial class IpsetRunner(IptablesDataplaneOptions options)
{
    /// <summary>Runs an ipset restore script (not atomic: on failure, lines before the failing one took effect).</summary>
    /// <exception cref="DataplaneApplyException">ipset rejected a line or could not be run.</exception>
    public async Task RestoreAsync(string script, CancellationToken cancellationToken)
    {
        try
        {
            await SystemProgram.RunAsync(options.IpsetProgram, ["restore"], Options(script), cancellationToken).ConfigureAwait(false);
        }
        catch (SystemProgramException e)
        {
            throw new DataplaneApplyException($"ipset restore failed: {e.Message}", e);
        }
    }

    /// <summary>Every set name in the namespace.</summary>
    /// <exception cref="DataplaneApplyException">The listing could not be run.</exception>
    public async Task<List<string>> NamesAsync(CancellationToken cancellationToken)
    {
        try
        {
            var result = await SystemProgram.RunAsync(options.IpsetProgram, ["list", "-n"], Options(null), cancellationToken).ConfigureAwait(false);
            return [.. result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
        }
        catch (SystemProgramException e)
        {
            throw new DataplaneApplyException($"ipset list -n failed: {e.Message}", e);
        }
    }

    /// <summary>Our sets as <c>ipset save</c> prints them, lines sorted (hash sets list elements in bucket order).</summary>
    public async Task<string> OurSetsAsync(CancellationToken cancellationToken)
    {
        var result = await SystemProgram.RunAsync(options.IpsetProgram, ["save"], Options(null), cancellationToken).ConfigureAwait(false);
        var ours = result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(l => l.Split(' ') is [_, var name, ..] && Names.IsOurSet(name))
            .Select(l => InitVal().Replace(l, string.Empty)) // a set's random hash seed changes when a full sync rewrites it
            .Order(StringComparer.Ordinal);
        return string.Join('\n', ours);
    }

    private SystemProgramOptions Options(string? input) => new()
    {
        StandardInput = input,
        Namespace = options.Namespace,
        Timeout = options.CommandTimeout,
    };

    [GeneratedRegex(@" initval 0x[0-9a-f]+")]
    private static partial Regex InitVal();
}
