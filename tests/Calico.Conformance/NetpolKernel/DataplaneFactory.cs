using Calico.Dataplane.Iptables;
using Calico.Dataplane.Nftables;
using Calico.Sdk.Dataplane;
using Calico.Sdk.Policy;

namespace Calico.Conformance.NetpolKernel;

/// <summary>
/// Creates the dataplane the runner programs, by the name given with <c>--dataplane</c>: <c>nftables</c> (default)
/// or <c>iptables</c>. The iptables backend follows Felix's <c>FELIX_IPTABLESBACKEND</c> variable
/// (<c>Auto</c>, <c>NFT</c> or <c>Legacy</c>; default Auto).
/// </summary>
internal static class DataplaneFactory
{
    /// <summary>The dataplane name selected on the command line.</summary>
    public static string Name { get; set; } = "nftables";

    /// <summary>Creates the selected dataplane for the node's host namespace.</summary>
    /// <exception cref="InvalidDataException">The name or the backend variable is not known.</exception>
    public static IDataplane Create(KernelNode node, EndpointToHostAction endpointToHost) => Name switch
    {
        "nftables" => new NftablesDataplane(new NftablesDataplaneOptions { Namespace = node.Host, EndpointToHostAction = endpointToHost }),
        "iptables" => new IptablesDataplane(new IptablesDataplaneOptions { Namespace = node.Host, EndpointToHostAction = endpointToHost, Backend = Backend() }),
        _ => throw new InvalidDataException($"dataplane '{Name}' is not nftables or iptables"),
    };

    private static IptablesBackend Backend() => Environment.GetEnvironmentVariable("FELIX_IPTABLESBACKEND")?.ToUpperInvariant() switch
    {
        null or "" or "AUTO" => IptablesBackend.Auto,
        "NFT" => IptablesBackend.Nft,
        "LEGACY" => IptablesBackend.Legacy,
        var other => throw new InvalidDataException($"FELIX_IPTABLESBACKEND '{other}' is not Auto, NFT or Legacy"),
    };
}
