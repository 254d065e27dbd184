using Calico.Sdk.Resources;

namespace Calico.Datastore.Etcd.Layout;

/// <summary>
/// BlockAffinity at <c>/calico/ipam/v2/host/&lt;node&gt;/ipv4/block/10.0.0.0-26</c> (type <c>virtual</c>:
/// <c>/calico/ipam/v2/virtual/&lt;name&gt;/...</c>); the value holds only <c>state</c> and <c>deleted</c>, node and CIDR
/// live in the key. The resource name is <c>&lt;node&gt;-&lt;cidr name&gt;</c>, e.g. <c>node1-10-0-0-0-26</c>.
/// </summary>
internal sealed class BlockAffinityLayout(ResourceKind kind) : IpamLayout<V2Affinity>(kind, IpamV2JsonContext.Default.V2Affinity)
{
    private const string HostRoot = Root + "host/";
    private const string VirtualRoot = Root + "virtual/";
    private const int HashedNameLength = 253;
    private const int HashLength = 11;

    // Host and virtual affinities share one contiguous range ("host/" < ... < "virtual/"); other keys in it
    // (the per-host marker /calico/ipam/v2/host/<node>) are not affinities and are skipped.
    public override string RangeStart => HostRoot;

    public override string RangeEnd => PrefixEnd(VirtualRoot);

    public override string KeyOf(Resource stored)
    {
        var name = stored.Metadata.Name!;
        var spec = ((BlockAffinity)stored).Spec;
        if (string.IsNullOrEmpty(spec.Node) || spec.Node.Contains('/', StringComparison.Ordinal) || !CidrNames.TryParseCidr(spec.Cidr, out var cidr))
        {
            throw InvalidKey(null, name, "a BlockAffinity needs spec.node (no '/') and spec.cidr (a canonical CIDR): they form its etcd key");
        }

        var expected = NameOf(spec.Node, cidr);
        if (!string.Equals(expected, name, StringComparison.Ordinal))
        {
            throw InvalidKey(null, name, $"a BlockAffinity of node '{spec.Node}' and {cidr} must be named '{expected}'");
        }

        return Key(IsVirtual(spec.Type) ? VirtualRoot : HostRoot, spec.Node, cidr);
    }

    /// <summary>
    /// Calico's name of the affinity of a node for a block: <c>&lt;node&gt;-&lt;cidr name&gt;</c>, or, when that would
    /// be 253 characters or longer, the node truncated so that <c>-</c> + 11 hex characters of
    /// SHA-256(node + cidr name) + <c>-</c> + cidr name make exactly 253.
    /// </summary>
    public static string NameOf(string node, System.Net.IPNetwork cidr)
    {
        var blockName = CidrNames.Name(cidr);
        var name = node + "-" + blockName;
        if (name.Length < HashedNameLength)
        {
            return name;
        }

        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(node + blockName)))[..HashLength];
        return node[..(HashedNameLength - blockName.Length - HashLength - 2)] + "-" + hash + "-" + blockName;
    }

    /// <summary>
    /// A hashed name does not contain the whole node name, so its key cannot be computed: the keys of every node
    /// starting with the kept part are searched instead (host and virtual).
    /// </summary>
    public override IReadOnlyList<string>? SearchPrefixes(string? @namespace, string name)
    {
        if (name.Length != HashedNameLength)
        {
            return null;
        }

        for (var i = name.IndexOf('-', StringComparison.Ordinal); i > 0; i = name.IndexOf('-', i + 1))
        {
            var rest = name[(i + 1)..];
            var dash = rest.IndexOf('-', StringComparison.Ordinal);
            if (dash == HashLength && rest[..HashLength].All(char.IsAsciiHexDigitLower) && CidrNames.TryParseName(rest[(HashLength + 1)..], out _))
            {
                return [HostRoot + name[..i], VirtualRoot + name[..i]];
            }
        }

        return null;
    }

    /// <summary>Every split of the name into node and CIDR name, host affinities first.</summary>
    public override IReadOnlyList<string> CandidateKeys(string? @namespace, string name)
    {
        var host = new List<string>();
        var virtualKeys = new List<string>();
        for (var i = name.IndexOf('-', StringComparison.Ordinal); i > 0; i = name.IndexOf('-', i + 1))
        {
            if (CidrNames.TryParseName(name[(i + 1)..], out var cidr))
            {
                host.Add(Key(HostRoot, name[..i], cidr));
                virtualKeys.Add(Key(VirtualRoot, name[..i], cidr));
            }
        }

        return host.Count > 0
            ? [.. host, .. virtualKeys]
            : throw InvalidKey(null, name, "a BlockAffinity is named '<node>-<cidr name>', e.g. 'node1-10-0-0-0-26'");
    }

    public override bool TryParseKey(string key, out string? @namespace, out string name)
    {
        @namespace = null;
        name = string.Empty;
        return TryParse(key, out var node, out var cidr, out _) && (name = NameOf(node, cidr)).Length > 0;
    }

    protected override V2Affinity ToValue(Resource stored, StashedMetadata? metadata)
    {
        var spec = ((BlockAffinity)stored).Spec;
        return new V2Affinity { State = spec.State, Deleted = spec.Deleted ?? false, Metadata = metadata };
    }

    protected override Resource FromValue(V2Affinity value, string key, string name, string revision)
    {
        TryParse(key, out var node, out var cidr, out var isVirtual);
        return new BlockAffinity
        {
            Spec = new BlockAffinitySpec
            {
                State = value.State,
                Node = node,
                Type = isVirtual ? "virtual" : "host",
                Cidr = cidr.ToString(),
                Deleted = value.Deleted,
            },
        };
    }

    protected override StashedMetadata? StashOf(V2Affinity value) => value.Metadata;

    private static bool IsVirtual(string? type) => string.Equals(type, "virtual", StringComparison.Ordinal);

    private static string Key(string root, string node, System.Net.IPNetwork cidr) =>
        $"{root}{node}/ipv{CidrNames.Version(cidr)}/block/{CidrNames.KeyPart(cidr)}";

    private static bool TryParse(string key, out string node, out System.Net.IPNetwork cidr, out bool isVirtual)
    {
        node = string.Empty;
        cidr = default;
        isVirtual = key.StartsWith(VirtualRoot, StringComparison.Ordinal);
        var root = isVirtual ? VirtualRoot : HostRoot;
        if (!key.StartsWith(root, StringComparison.Ordinal))
        {
            return false;
        }

        var parts = key[root.Length..].Split('/');
        if (parts.Length != 4 || parts[0].Length == 0 || parts[1] is not ("ipv4" or "ipv6") || parts[2] != "block"
            || !CidrNames.TryParseKeyPart(parts[3], out cidr))
        {
            return false;
        }

        node = parts[0];
        return true;
    }
}
