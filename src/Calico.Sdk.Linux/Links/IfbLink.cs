namespace Calico.Sdk.Linux;

/// <summary>An intermediate functional block device (<c>ip link add NAME type ifb</c>); also a stand-in where a
/// dummy device would do on kernels built without <c>dummy</c>.</summary>
/// <param name="Name">The interface name.</param>
public sealed record IfbLink(string Name) : LinkSpec(Name)
{
    /// <inheritdoc />
    public override string Kind => "ifb";
}
