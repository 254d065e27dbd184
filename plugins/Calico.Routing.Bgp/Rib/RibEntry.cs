namespace Calico.Routing.Bgp.Rib;

/// <summary>Every path for one prefix, the best one and the equal-cost set.</summary>
internal sealed class RibEntry
{
    private static readonly RibPath[] None = [];

    public List<RibPath> Paths { get; } = new(2);

    public RibPath? Best { get; private set; }

    /// <summary>The best path and every path equal to it up to the router-id tie-break (ECMP).</summary>
    public RibPath[] Multipath { get; private set; } = None;

    /// <summary>Recomputes best and multipath; true when either changed.</summary>
    public bool Recompute()
    {
        RibPath? best = null;
        foreach (var path in Paths)
        {
            if (best is null || BestPath.Compare(path, best) < 0)
            {
                best = path;
            }
        }

        var multipath = best is null ? None : Paths.Where(p => BestPath.MultipathCompare(p, best) == 0 && !p.Source.IsLocal).ToArray();
        var changed = !ReferenceEquals(best, Best) || !multipath.SequenceEqual(Multipath);
        Best = best;
        Multipath = multipath;
        return changed;
    }
}
