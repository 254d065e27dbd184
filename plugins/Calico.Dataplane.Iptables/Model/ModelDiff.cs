using System.Text;
using Calico.Dataplane.Iptables.Kernel;
using Calico.Dataplane.Iptables.Rendering;

namespace Calico.Dataplane.Iptables.Model;

/// <summary>Turns models into transactions: the difference between two models, or a full rewrite over what the kernel holds.</summary>
internal static class ModelDiff
{
    /// <summary>The smallest transaction that turns <paramref name="old"/> into <paramref name="next"/>.</summary>
    public static Transaction Delta(KernelModel old, KernelModel next)
    {
        var commands = 0;
        var ipset = new StringBuilder();
        foreach (var (name, set) in next.Sets.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            if (!old.Sets.TryGetValue(name, out var before))
            {
                commands += Create(ipset, name, set);
            }
            else if (set.BaseVersion == before.Version)
            {
                // Derived from the committed spec: the change is known without comparing 10,000 elements.
                foreach (var element in set.Removed.Order(StringComparer.Ordinal))
                {
                    ipset.Append("del ").Append(name).Append(' ').Append(element).Append('\n');
                    commands++;
                }

                foreach (var element in set.Added.Order(StringComparer.Ordinal))
                {
                    ipset.Append("add ").Append(name).Append(' ').Append(element).Append('\n');
                    commands++;
                }
            }
            else if (!ReferenceEquals(before, set))
            {
                foreach (var element in before.Elements.Where(e => !set.Elements.Contains(e)).Order(StringComparer.Ordinal))
                {
                    ipset.Append("del ").Append(name).Append(' ').Append(element).Append('\n');
                    commands++;
                }

                foreach (var element in set.Elements.Where(e => !before.Elements.Contains(e)).Order(StringComparer.Ordinal))
                {
                    ipset.Append("add ").Append(name).Append(' ').Append(element).Append('\n');
                    commands++;
                }
            }
        }

        var tables = new string?[2];
        foreach (var family in KernelModel.Families)
        {
            var text = new StringBuilder();
            foreach (var table in KernelModel.Tables)
            {
                var oldChains = old.Chains(family, table);
                var nextChains = next.Chains(family, table);
                if (oldChains.Count == 0 && nextChains.Count == 0)
                {
                    continue;
                }

                var written = nextChains.Where(c => !oldChains.TryGetValue(c.Key, out var body) || !body.SameRules(c.Value))
                    .OrderBy(c => c.Key, StringComparer.Ordinal).ToList();
                var removed = oldChains.Keys.Where(k => !nextChains.ContainsKey(k)).Order(StringComparer.Ordinal).ToList();
                var hooks = new List<string>();
                foreach (var (builtin, chain) in KernelView.HookTargets[table])
                {
                    if (nextChains.ContainsKey(chain) && !oldChains.ContainsKey(chain))
                    {
                        hooks.Add("-I " + builtin + " 1 -j " + chain);
                    }
                    else if (oldChains.ContainsKey(chain) && !nextChains.ContainsKey(chain))
                    {
                        hooks.Add("-D " + builtin + " -j " + chain);
                    }
                }

                if (written.Count > 0 || removed.Count > 0)
                {
                    Restore(text, table, written, removed, hooks, ref commands);
                }
            }

            tables[family == 4 ? 0 : 1] = text.Length == 0 ? null : text.ToString();
        }

        var destroy = old.Sets.Keys.Where(k => !next.Sets.ContainsKey(k)).Order(StringComparer.Ordinal).ToList();
        return new Transaction(null, ipset.Length == 0 ? null : ipset.ToString(), tables[0], tables[1], destroy, commands + destroy.Count);
    }

    /// <summary>
    /// The set part of a full sync over the kernel's current set names: every set is filled under a scratch name
    /// first (<see cref="Transaction.Prepare"/>: a failure there changes nothing in use), then swapped with the live
    /// set (atomic for every rule using it) or renamed into place; our stale sets are destroyed at the end.
    /// </summary>
    public static Transaction FullSets(KernelModel next, IReadOnlyCollection<string> existingSets)
    {
        var commands = 0;
        var prepare = new StringBuilder();
        var ipset = new StringBuilder();
        var existing = existingSets.ToHashSet(StringComparer.Ordinal);
        foreach (var leftover in existing.Where(n => n.StartsWith(Names.TempSetPrefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            prepare.Append("destroy ").Append(leftover).Append('\n'); // a crashed run's scratch set
        }

        var index = 0;
        foreach (var (name, set) in next.Sets.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            var scratch = Names.TempSetPrefix + index++.ToString(System.Globalization.CultureInfo.InvariantCulture);
            prepare.Append(set.CreateLine(scratch)).Append('\n');
            foreach (var element in set.Elements.Order(StringComparer.Ordinal))
            {
                prepare.Append("add ").Append(scratch).Append(' ').Append(element).Append('\n');
            }

            if (existing.Contains(name))
            {
                ipset.Append("swap ").Append(scratch).Append(' ').Append(name).Append('\n');
                ipset.Append("destroy ").Append(scratch).Append('\n');
            }
            else
            {
                ipset.Append("rename ").Append(scratch).Append(' ').Append(name).Append('\n');
            }

            commands += set.Elements.Count + 3;
        }

        var destroy = existing.Where(n => Names.IsOurSet(n) && !next.Sets.ContainsKey(n) && !n.StartsWith(Names.TempSetPrefix, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal).ToList();
        return new Transaction(
            prepare.Length == 0 ? null : prepare.ToString(), ipset.Length == 0 ? null : ipset.ToString(), null, null, destroy, commands + destroy.Count);
    }

    /// <summary>
    /// The table part of a full sync over what the tables hold: every chain of <paramref name="next"/> declared
    /// (which flushes it) and refilled, our stale chains removed, hooks put first. A table where we own nothing
    /// and want nothing is not written (listing or restoring it could create it).
    /// </summary>
    public static (string? V4, string? V6, int Commands) FullTables(KernelModel next, IReadOnlyDictionary<string, KernelView> v4, IReadOnlyDictionary<string, KernelView> v6)
    {
        var commands = 0;
        var tables = new string?[2];
        foreach (var family in KernelModel.Families)
        {
            var views = family == 4 ? v4 : v6;
            var text = new StringBuilder();
            foreach (var table in KernelModel.Tables)
            {
                var view = views.GetValueOrDefault(table) ?? KernelView.Parse(string.Empty);
                var chains = next.Chains(family, table);
                var foreign = view.ForeignReferences();
                var stale = view.OurChains.Where(c => !chains.ContainsKey(c) && !foreign.Contains(c)).Order(StringComparer.Ordinal).ToList();
                var hooks = view.HookRepairs(KernelView.Hooks(table, chains.ContainsKey));
                if (chains.Count > 0 || stale.Count > 0 || hooks.Count > 0)
                {
                    Restore(text, table, [.. chains.OrderBy(c => c.Key, StringComparer.Ordinal)], stale, hooks, ref commands);
                }
            }

            tables[family == 4 ? 0 : 1] = text.Length == 0 ? null : text.ToString();
        }

        return (tables[0], tables[1], commands);
    }

    /// <summary>The restore input that removes every trace of us from a family's tables (the other backend's leftovers).</summary>
    public static string? Remove(IReadOnlyDictionary<string, KernelView> views)
    {
        var text = new StringBuilder();
        var commands = 0;
        foreach (var table in KernelModel.Tables)
        {
            if (views.GetValueOrDefault(table) is not { } view)
            {
                continue;
            }

            var ours = view.OurChains.Order(StringComparer.Ordinal).ToList();
            var hooks = view.HookRepairs(new Dictionary<string, string>());
            if (ours.Count > 0 || hooks.Count > 0)
            {
                var foreign = view.ForeignReferences();
                Restore(text, table, [], [.. ours.Where(c => !foreign.Contains(c))], hooks, ref commands);
            }
        }

        return text.Length == 0 ? null : text.ToString();
    }

    private static int Create(StringBuilder ipset, string name, IpsetSpec set)
    {
        ipset.Append(set.CreateLine(name)).Append('\n');
        foreach (var element in set.Elements.Order(StringComparer.Ordinal))
        {
            ipset.Append("add ").Append(name).Append(' ').Append(element).Append('\n');
        }

        return set.Elements.Count + 1;
    }

    // Declaring a chain in --noflush mode creates it or flushes it; removed chains are flushed first so that
    // references between them are gone before they are deleted, all inside the table's one COMMIT. Hook deletes
    // come before the deletes of the chains they jump to.
    private static void Restore(StringBuilder text, string table, List<KeyValuePair<string, ChainBody>> written, List<string> removed, List<string> hooks, ref int commands)
    {
        text.Append('*').Append(table).Append('\n');
        foreach (var (name, _) in written)
        {
            text.Append(':').Append(name).Append(" - [0:0]\n");
        }

        foreach (var name in removed)
        {
            text.Append(':').Append(name).Append(" - [0:0]\n");
        }

        foreach (var (name, body) in written)
        {
            foreach (var rule in body.Rules)
            {
                text.Append("-A ").Append(name).Append(' ').Append(rule).Append('\n');
            }

            commands += body.Rules.Count + 1;
        }

        foreach (var line in hooks)
        {
            text.Append(line).Append('\n');
        }

        foreach (var name in removed)
        {
            text.Append("-X ").Append(name).Append('\n');
        }

        commands += hooks.Count + removed.Count;
        text.Append("COMMIT\n");
    }
}
