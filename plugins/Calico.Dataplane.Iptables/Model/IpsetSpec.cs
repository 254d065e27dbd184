namespace Calico.Dataplane.Iptables.Model;

/// <summary>
/// One ipset as it is (or will be) in the kernel. Immutable once built: a change makes a new instance, so two
/// models share unchanged sets and a diff compares references first.
/// </summary>
/// <param name="Name">The ipset name.</param>
/// <param name="Type"><c>hash:net</c> or <c>hash:ip,port</c>.</param>
/// <param name="Family">4 or 6.</param>
/// <param name="Elements">The elements as ipset writes them (<c>10.0.0.0/8</c>, <c>10.0.0.1,tcp:80</c>).</param>
internal sealed record IpsetSpec(string Name, string Type, int Family, IReadOnlySet<string> Elements)
{
    private static long _versions;

    /// <summary>A number unique to this instance (a derived spec names its base by it, without keeping it alive).</summary>
    public long Version { get; } = Interlocked.Increment(ref _versions);

    /// <summary>The <see cref="Version"/> this spec was derived from by <see cref="Added"/>/<see cref="Removed"/>, or 0.</summary>
    public long BaseVersion { get; init; }

    /// <summary>Elements not in the base spec (when <see cref="BaseVersion"/> is set).</summary>
    public IReadOnlyCollection<string> Added { get; init; } = [];

    /// <summary>Elements of the base spec not in this one (when <see cref="BaseVersion"/> is set).</summary>
    public IReadOnlyCollection<string> Removed { get; init; } = [];

    /// <summary>The <c>create</c> line of an ipset restore script for this set under <paramref name="name"/>.</summary>
    public string CreateLine(string name) =>
        $"create {name} {Type} family {(Family == 4 ? "inet" : "inet6")} hashsize 1024 maxelem 1048576";
}
