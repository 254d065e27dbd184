using System.Security.Cryptography;
using System.Text;
using Calico.Dataplane.Nftables.Rendering;
using Calico.Sdk.Dataplane;
using Calico.Sdk.Linux;

namespace Calico.Dataplane.Nftables;

/// <summary>Runs <c>nft</c>: scripts as one transaction (<c>nft -f -</c>) and stateless listings of our table.</summary>
internal sealed class NftRunner(NftablesDataplaneOptions options, TableLayout layout)
{
    /// <summary>Commits a script atomically.</summary>
    /// <exception cref="DataplaneApplyException">nft rejected it (nothing changed) or could not be run.</exception>
    public async Task<TimeSpan> ApplyAsync(string script, CancellationToken cancellationToken)
    {
        try
        {
            var result = await SystemProgram.RunAsync(options.NftProgram, ["-f", "-"], Options(script), cancellationToken).ConfigureAwait(false);
            return result.Elapsed;
        }
        catch (SystemProgramException e)
        {
            throw new DataplaneApplyException($"nft transaction on table {layout.Qualified} failed; the previous ruleset is intact: {e.Message}", e);
        }
    }

    /// <summary>
    /// A hash of <c>nft -s list table</c> (stateless: counters excluded, so traffic does not change it), or null
    /// when the table does not exist.
    /// </summary>
    public async Task<string?> HashAsync(CancellationToken cancellationToken)
    {
        var result = await SystemProgram.RunAsync(
            options.NftProgram,
            ["-s", "list", "table", layout.Family, layout.Name],
            Options(null) with { SuccessExitCodes = [0, 1] },
            cancellationToken).ConfigureAwait(false);
        if (result.ExitCode != 0)
        {
            return null;
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(result.StandardOutput)));
    }

    private SystemProgramOptions Options(string? input) => new()
    {
        StandardInput = input,
        Namespace = options.Namespace,
        Timeout = options.CommandTimeout,
    };
}
