namespace Calico.Sdk.Linux;

/// <summary>A Linux bridge (<c>ip link add NAME type bridge</c>).</summary>
/// <param name="Name">The interface name.</param>
public sealed record BridgeLink(string Name) : LinkSpec(Name)
{
    /// <inheritdoc />
    public override string Kind => "bridge";
}
