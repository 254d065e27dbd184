using System.Net.NetworkInformation;
using System.Text;

namespace Calico.Sdk.Linux;

/// <summary>A veth pair (<c>ip link add NAME type veth peer name PEER [netns NS]</c>).</summary>
/// <param name="Name">This end's name.</param>
/// <param name="PeerName">The other end's name.</param>
public sealed record VethLink(string Name, string PeerName) : LinkSpec(Name)
{
    /// <summary>Create the peer directly in this namespace (must stay open until the request is sent).</summary>
    public NetworkNamespace? PeerNamespace { get; init; }

    /// <summary>The peer's MAC address, or null for a random one.</summary>
    public PhysicalAddress? PeerMacAddress { get; init; }

    /// <summary>The peer's MTU, or null to use this end's.</summary>
    public int? PeerMtu { get; init; }

    /// <inheritdoc />
    public override string Kind => "veth";

    private protected override void AppendOptions(StringBuilder text)
    {
        text.Append(" peer '").Append(PeerName).Append('\'');
        if (PeerNamespace is not null)
        {
            text.Append(" in ").Append(PeerNamespace);
        }
    }
}
