using System.Net;

namespace Calico.Cni.Cni;

/// <summary>An interface in a CNI result.</summary>
internal sealed record CniInterface(string Name, string? Mac, int? Mtu, string? Sandbox);

/// <summary>An address in a CNI result: the address, its prefix length and the index of its interface.</summary>
internal sealed record CniIp(IPAddress Address, int PrefixLength, IPAddress? Gateway, int? Interface)
{
    public override string ToString() => Address + "/" + PrefixLength.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>A route in a CNI result.</summary>
internal sealed record CniRoute(IPAddress Destination, int PrefixLength, IPAddress? Gateway);

/// <summary>The result of ADD (and of a delegated IPAM ADD).</summary>
internal sealed record CniResult(IReadOnlyList<CniInterface> Interfaces, IReadOnlyList<CniIp> Ips, IReadOnlyList<CniRoute> Routes);
