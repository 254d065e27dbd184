using System.Text;
using Calico.Dataplane.Nftables.Rendering;
using Calico.Sdk.Dataplane;
using Calico.Sdk.Hashing;
using Calico.Sdk.Linux;
using LibNftables = Calico.Sdk.Linux.Nftables;

namespace Calico.Dataplane.Nftables;

/// <summary>
/// Runs nft scripts as one transaction each: in-process through libnftables (one context on a thread pinned to the
/// namespace, no fork/exec per commit) when <see cref="NftablesDataplaneOptions.InProcess"/> is set and the library
/// loads, otherwise through the <c>nft -f -</c> program. Listings for the tamper check always use the program.
/// </summary>
internal sealed class NftRunner(NftablesDataplaneOptions options, TableLayout layout) : IDisposable
{
    private readonly Lock _lock = new();
    private LibNftables? _context;
    private bool _disposed;

    /// <summary>Whether commits go through libnftables in-process.</summary>
    public bool InProcess => options.InProcess && LibNftables.IsAvailable;

    /// <summary>Commits a script atomically.</summary>
    /// <exception cref="DataplaneApplyException">nft rejected it (nothing changed) or could not be run.</exception>
    public async Task ApplyAsync(string script, CancellationToken cancellationToken)
    {
        if (InProcess)
        {
            try
            {
                await Context().RunAsync(script, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (NftablesException e)
            {
                throw new DataplaneApplyException($"nft transaction on table {layout.Qualified} failed; the previous ruleset is intact: {e.Message}", e);
            }
        }

        try
        {
            await SystemProgram.RunAsync(options.NftProgram, ["-f", "-"], Options(script), cancellationToken).ConfigureAwait(false);
        }
        catch (SystemProgramException e)
        {
            throw new DataplaneApplyException($"nft transaction on table {layout.Qualified} failed; the previous ruleset is intact: {e.Message}", e);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_lock)
        {
            _disposed = true;
            _context?.Dispose();
            _context = null;
        }
    }

    private LibNftables Context()
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _context ??= LibNftables.Open(options.Namespace);
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

        return Convert.ToHexStringLower(Sha256.HashData(Encoding.UTF8.GetBytes(result.StandardOutput)));
    }

    private SystemProgramOptions Options(string? input) => new()
    {
        StandardInput = input,
        Namespace = options.Namespace,
        Timeout = options.CommandTimeout,
    };
}
