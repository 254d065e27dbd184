namespace Calico.Cni.Config;

/// <summary>The <c>ipam</c> section: <c>calico-ipam</c> runs in-process, any other type is delegated.</summary>
internal sealed record IpamConf
{
    public string Type { get; init; } = "calico-ipam";

    public bool AssignIPv4 { get; init; } = true;

    public bool AssignIPv6 { get; init; }

    public IReadOnlyList<string> IPv4Pools { get; init; } = [];

    public IReadOnlyList<string> IPv6Pools { get; init; } = [];

    public bool IsCalico => Type == "calico-ipam";
}
