namespace Calico.Sdk.Policy;

/// <summary>What an IP set's members are.</summary>
public enum IpSetKind
{
    /// <summary>Addresses and CIDRs (ipset <c>hash:net</c>, nft interval set). Id prefix <c>s:</c>.</summary>
    Net,

    /// <summary>Address + protocol + port (ipset <c>hash:ip,port</c>, nft concatenated set). Id prefix <c>n:</c>.</summary>
    NetPort,
}
