using Calico.Dataplane.Iptables.Kernel;
using Calico.Dataplane.Iptables.Model;
using Calico.Dataplane.Iptables.Rendering;
using Calico.Sdk.Dataplane;

namespace Calico.Dataplane.Iptables;

/// <summary>Running transactions: backend choice, ordering of ipset and iptables, rollback, deferred set destruction.</summary>
public sealed partial class IptablesDataplane
{
    private static readonly TimeSpan DestroyRetry = TimeSpan.FromMilliseconds(10);
    private readonly HashSet<string> _deferredDestroy = new(StringComparer.Ordinal);

    /// <summary>Whether a delta would create a set that still exists because its destruction was deferred.</summary>
    private bool RecreatesDeferred(KernelModel committed, KernelModel next) =>
        _deferredDestroy.Count > 0 && next.Sets.Keys.Any(n => !committed.Sets.ContainsKey(n) && _deferredDestroy.Contains(n));

    private async Task<IptablesRunner> EnsureBackendAsync(CancellationToken cancellationToken)
    {
        if (_iptables is { } ready)
        {
            return ready;
        }

        IptablesBackend backend;
        try
        {
            backend = await IptablesRunner.DetectAsync(_options, cancellationToken).ConfigureAwait(false);
        }
        catch (Calico.Sdk.Linux.SystemProgramException e)
        {
            throw new DataplaneApplyException($"cannot detect the iptables backend: {e.Message}", e);
        }

        var runner = new IptablesRunner(_options, backend);
        await RemoveFromOtherBackendAsync(backend == IptablesBackend.Nft ? IptablesBackend.Legacy : IptablesBackend.Nft, cancellationToken).ConfigureAwait(false);
        _iptables = runner;
        return runner;
    }

    // Our chains in the other backend's tables are our leftovers (from a run with the other backend): two
    // backends hooking the same built-in chains would both police every packet.
    private async Task RemoveFromOtherBackendAsync(IptablesBackend other, CancellationToken cancellationToken)
    {
        var runner = new IptablesRunner(_options, other);
        foreach (var family in KernelModel.Families)
        {
            try
            {
                var script = ModelDiff.Remove(KernelView.ParseTables(await runner.SaveAsync(family, cancellationToken).ConfigureAwait(false)));
                if (script is not null)
                {
                    await runner.RestoreAsync(family, script, cancellationToken).ConfigureAwait(false);
                    Log.RemovedOtherBackend(_logger, other, family);
                }
            }
            catch (DataplaneApplyException e)
            {
                Log.RefreshFailed(_logger, e); // the other backend may not be usable here at all
            }
        }
    }

    /// <summary>
    /// A hash of what we own in the kernel: our chains and hook positions in both families' raw, mangle and filter tables and
    /// our sets' members; null before a backend is chosen. Counters are not part of it, so traffic leaves it unchanged.
    /// </summary>
    private async Task<string?> HashAsync(CancellationToken cancellationToken)
    {
        if (_iptables is not { } runner)
        {
            return null;
        }

        var v4 = runner.SaveAsync(4, cancellationToken);
        var v6 = runner.SaveAsync(6, cancellationToken);
        var sets = _ipset.OurSetsAsync(cancellationToken);
        await Task.WhenAll(v4, v6, sets).ConfigureAwait(false);
        var text = Fingerprint(await v4.ConfigureAwait(false)) + "\n--\n" + Fingerprint(await v6.ConfigureAwait(false)) + "\n--\n" + await sets.ConfigureAwait(false);
        return Convert.ToHexStringLower(Calico.Sdk.Hashing.Sha256.HashData(System.Text.Encoding.UTF8.GetBytes(text)));
    }

    private static string Fingerprint(string save)
    {
        var views = KernelView.ParseTables(save);
        return string.Concat(KernelModel.Tables.Where(views.ContainsKey).Select(t => "*" + t + "\n" + views[t].Fingerprint()));
    }

    /// <summary>
    /// The first half of a full sync: lists the set names, then fills scratch copies of every set while both
    /// tables are listed (the two are independent, so the listing costs no extra time), and returns what is
    /// left to run: swaps, both tables, destruction of stale sets. Nothing in use has changed when it returns.
    /// </summary>
    private async Task<Transaction> PrepareFullAsync(KernelModel model, CancellationToken cancellationToken)
    {
        var runner = await EnsureBackendAsync(cancellationToken).ConfigureAwait(false);
        var sets = ModelDiff.FullSets(model, await _ipset.NamesAsync(cancellationToken).ConfigureAwait(false));
        var v4 = runner.SaveAsync(4, cancellationToken);
        var v6 = runner.SaveAsync(6, cancellationToken);
        var prepare = sets.Prepare is { } script ? _ipset.RestoreAsync(script, cancellationToken) : Task.CompletedTask;
        try
        {
            await Task.WhenAll(v4, v6, prepare).ConfigureAwait(false);
        }
        catch (DataplaneApplyException)
        {
            var scratch = (await _ipset.NamesAsync(cancellationToken).ConfigureAwait(false)).Where(n => n.StartsWith(Names.TempSetPrefix, StringComparison.Ordinal));
            await DestroyAsync([.. scratch], model, cancellationToken).ConfigureAwait(false);
            throw;
        }

        var (tableV4, tableV6, commands) = ModelDiff.FullTables(model, KernelView.ParseTables(await v4.ConfigureAwait(false)), KernelView.ParseTables(await v6.ConfigureAwait(false)));
        return sets with { Prepare = null, V4 = tableV4, V6 = tableV6, Commands = sets.Commands + commands };
    }

    /// <summary>
    /// Runs a transaction: set changes, both families' tables (each atomic, in parallel), then set destruction. When a step fails after something live changed, the committed state is restored by a full
    /// sync before the error is rethrown, so the previous ruleset stays in force.
    /// </summary>
    private async Task ExecuteAsync(Transaction transaction, KernelModel next, CancellationToken cancellationToken, bool rollback = true)
    {
        var runner = await EnsureBackendAsync(cancellationToken).ConfigureAwait(false);
        var changed = false;
        try
        {
            if (transaction.IpsetBefore is { } sets)
            {
                changed = true;
                await _ipset.RestoreAsync(sets, cancellationToken).ConfigureAwait(false);
            }

            var tables = KernelModel.Families.Where(f => transaction.Table(f) is not null)
                .Select(f => runner.RestoreAsync(f, transaction.Table(f)!, cancellationToken)).ToList();
            changed |= tables.Count > 0;
            await Task.WhenAll(tables).ConfigureAwait(false);
        }
        catch (DataplaneApplyException) when (changed && rollback && _model is { } committed)
        {
            await RollbackAsync(committed, cancellationToken).ConfigureAwait(false);
            throw;
        }

        await DestroyAsync(transaction.Destroy, next, cancellationToken).ConfigureAwait(false);
    }

    private async Task RollbackAsync(KernelModel committed, CancellationToken cancellationToken)
    {
        try
        {
            var restore = await PrepareFullAsync(committed, cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(restore, committed, cancellationToken, rollback: false).ConfigureAwait(false);
        }
        catch (DataplaneApplyException e)
        {
            Log.RollbackFailed(_logger, e);
        }
    }

    /// <summary>Retries the destruction of sets that were still in use at the last transaction (refresh loop).</summary>
    private async Task DestroyDeferredAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_deferredDestroy.Count > 0 && _model is { } committed)
            {
                await DestroyAsync([], committed, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Destroys sets no rule uses any more. The kernel may release a rule's reference to a set a moment after
    /// the commit (nf_tables frees old rules asynchronously), so "in use" is retried briefly and then deferred
    /// to the next transaction; a deferred set is never one the current model uses.
    /// </summary>
    private async Task DestroyAsync(IReadOnlyList<string> names, KernelModel next, CancellationToken cancellationToken)
    {
        var wanted = names.Concat(_deferredDestroy).Where(n => !next.Sets.ContainsKey(n)).ToHashSet(StringComparer.Ordinal);
        _deferredDestroy.Clear();
        var delay = DestroyRetry;
        for (var attempt = 0; wanted.Count > 0; attempt++)
        {
            var existing = (await _ipset.NamesAsync(cancellationToken).ConfigureAwait(false)).ToHashSet(StringComparer.Ordinal);
            wanted.IntersectWith(existing);
            if (wanted.Count == 0)
            {
                return;
            }

            try
            {
                await _ipset.RestoreAsync(string.Concat(wanted.Order(StringComparer.Ordinal).Select(n => "destroy " + n + "\n")), cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (DataplaneApplyException) when (attempt < 5)
            {
                await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
                delay *= 2;
            }
            catch (DataplaneApplyException)
            {
                _deferredDestroy.UnionWith(wanted);
                Log.DestroyDeferred(_logger, string.Join(", ", wanted));
                return;
            }
        }
    }
}
