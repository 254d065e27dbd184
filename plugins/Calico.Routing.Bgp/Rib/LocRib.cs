using Calico.Routing.Bgp.Wire;

namespace Calico.Routing.Bgp.Rib;

/// <summary>
/// The Loc-RIB: per prefix, one path per source (the Adj-RIB-In after import policy is folded in, since only the
/// accepted path per peer is needed) and the selected best path.
/// </summary>
internal sealed class LocRib
{
    private readonly Dictionary<BgpPrefix, RibEntry> _entries = [];

    public int Count => _entries.Count;

    public IEnumerable<KeyValuePair<BgpPrefix, RibEntry>> Entries => _entries;

    public RibEntry? Get(BgpPrefix prefix) => _entries.GetValueOrDefault(prefix);

    /// <summary>Adds or replaces the path from <paramref name="path"/>'s source; true when the selection changed.</summary>
    public bool Set(BgpPrefix prefix, RibPath path)
    {
        if (!_entries.TryGetValue(prefix, out var entry))
        {
            entry = new RibEntry();
            _entries.Add(prefix, entry);
        }

        var index = entry.Paths.FindIndex(p => ReferenceEquals(p.Source, path.Source));
        if (index >= 0)
        {
            entry.Paths[index] = path;
        }
        else
        {
            entry.Paths.Add(path);
        }

        return entry.Recompute() || index >= 0;
    }

    /// <summary>Removes the path from <paramref name="source"/>; true when the selection changed.</summary>
    public bool Remove(BgpPrefix prefix, PathSource source)
    {
        if (!_entries.TryGetValue(prefix, out var entry))
        {
            return false;
        }

        var index = entry.Paths.FindIndex(p => ReferenceEquals(p.Source, source));
        if (index < 0)
        {
            return false;
        }

        entry.Paths.RemoveAt(index);
        if (entry.Paths.Count == 0)
        {
            _entries.Remove(prefix);
            return true;
        }

        return entry.Recompute();
    }

    /// <summary>Prefixes for which <paramref name="source"/> holds a path (optionally only stale ones).</summary>
    public List<BgpPrefix> PrefixesFrom(PathSource source, bool staleOnly = false, BgpFamily? family = null) =>
        [.. _entries.Where(e => (family is null || e.Key.Family == family) && e.Value.Paths.Exists(p => ReferenceEquals(p.Source, source) && (!staleOnly || p.Stale))).Select(e => e.Key)];
}
