using Calico.Sdk.Linux;

namespace Calico.Routing.Ipip;

/// <summary>Settings of the IP-in-IP router (Felix's <c>ipipMTU</c>).</summary>
public sealed class IpipRoutingOptions
{
    /// <summary>The device: the kernel's IPv4-in-IPv4 fallback tunnel, which Calico uses as its point-to-multipoint tunnel.</summary>
    public const string DeviceName = "tunl0";

    /// <summary>The route protocol that marks the IPIP router's routes (see docs/routing.md).</summary>
    public const byte DefaultRouteProtocol = 83;

    /// <summary>The device MTU; 0 (default) is the underlay device's MTU minus 20.</summary>
    public int Mtu { get; set; }

    /// <summary>The route protocol of the router's routes. Default 83.</summary>
    public byte RouteProtocol { get; set; } = DefaultRouteProtocol;

    /// <summary>The network namespace to program, or null for the process's own.</summary>
    public NetworkNamespace? Namespace { get; set; }

    /// <summary>Every problem with the settings.</summary>
    /// <returns>The problems; empty when valid.</returns>
    internal List<string> Problems()
    {
        var problems = new List<string>();
        if (Mtu != 0 && Mtu is < 68 or > 65535)
        {
            problems.Add($"IpipRoutingOptions.Mtu {Mtu} must be 0 (from the underlay) or 68..65535");
        }

        if (RouteProtocol <= 4)
        {
            problems.Add($"IpipRoutingOptions.RouteProtocol {RouteProtocol} is reserved for the kernel and iproute2 (0-4); use the router's own id (default 83)");
        }

        return problems;
    }
}
