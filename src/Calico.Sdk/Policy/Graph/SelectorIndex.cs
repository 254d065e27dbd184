using Calico.Sdk.Selectors;

namespace Calico.Sdk.Policy.Graph;

/// <summary>
/// Which labelled nodes each registered selector matches, maintained incrementally: a label change re-evaluates
/// only the selectors that mention a changed label name.
/// </summary>
internal sealed class SelectorIndex(Action<SelectorEntry, LabelledNode, bool> onChange)
{
    private readonly Dictionary<string, SelectorEntry> _entries = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<SelectorEntry>> _byLabel = new(StringComparer.Ordinal);
    private readonly HashSet<LabelledNode> _nodes = [];
    private int _stamp;

    public int Count => _entries.Count;

    public IEnumerable<LabelledNode> Nodes => _nodes;

    public SelectorEntry Acquire(Selector selector)
    {
        if (!_entries.TryGetValue(selector.UniqueId, out var entry))
        {
            entry = new SelectorEntry(selector);
            _entries[selector.UniqueId] = entry;
            foreach (var label in selector.LabelNames)
            {
                if (!_byLabel.TryGetValue(label, out var list))
                {
                    list = [];
                    _byLabel[label] = list;
                }

                list.Add(entry);
            }

            foreach (var node in _nodes)
            {
                if (selector.Matches(node))
                {
                    entry.Matches.Add(node);
                    node.Matched.Add(entry);
                }
            }
        }

        entry.RefCount++;
        return entry;
    }

    public void Release(SelectorEntry entry)
    {
        if (--entry.RefCount > 0)
        {
            return;
        }

        _entries.Remove(entry.Selector.UniqueId);
        foreach (var label in entry.Selector.LabelNames)
        {
            var list = _byLabel[label];
            list.Remove(entry);
            if (list.Count == 0)
            {
                _byLabel.Remove(label);
            }
        }

        foreach (var node in entry.Matches)
        {
            node.Matched.Remove(entry);
        }

        entry.Matches.Clear();
    }

    public void AddNode(LabelledNode node)
    {
        _nodes.Add(node);
        foreach (var entry in _entries.Values)
        {
            if (entry.Selector.Matches(node))
            {
                Set(entry, node, true);
            }
        }
    }

    public void RemoveNode(LabelledNode node)
    {
        _nodes.Remove(node);
        foreach (var entry in node.Matched.ToArray())
        {
            Set(entry, node, false);
        }
    }

    /// <summary>Re-evaluates the node against selectors mentioning <paramref name="changedLabels"/> (null: all).</summary>
    public void Reevaluate(LabelledNode node, IEnumerable<string>? changedLabels)
    {
        if (changedLabels is null)
        {
            foreach (var entry in _entries.Values)
            {
                Check(entry, node);
            }

            return;
        }

        var stamp = ++_stamp;
        foreach (var label in changedLabels)
        {
            if (!_byLabel.TryGetValue(label, out var list))
            {
                continue;
            }

            foreach (var entry in list)
            {
                if (entry.Stamp != stamp)
                {
                    entry.Stamp = stamp;
                    Check(entry, node);
                }
            }
        }
    }

    private void Check(SelectorEntry entry, LabelledNode node)
    {
        var now = entry.Selector.Matches(node);
        if (now != entry.Matches.Contains(node))
        {
            Set(entry, node, now);
        }
    }

    private void Set(SelectorEntry entry, LabelledNode node, bool match)
    {
        if (match)
        {
            entry.Matches.Add(node);
            node.Matched.Add(entry);
        }
        else
        {
            entry.Matches.Remove(node);
            node.Matched.Remove(entry);
        }

        onChange(entry, node, match);
    }
}
