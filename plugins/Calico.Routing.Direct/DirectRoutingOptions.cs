using Calico.Sdk.Linux;

namespace Calico.Routing.Direct;

/// <summary>Settings of the no-encapsulation (<c>noencap</c>) router.</summary>
public sealed class DirectRoutingOptions
{
    /// <summary>The route protocol that marks the no-encap router's routes (see docs/routing.md).</summary>
    public const byte DefaultRouteProtocol = 82;

    /// <summary>The route protocol of the router's routes. Default 82.</summary>
    public byte RouteProtocol { get; set; } = DefaultRouteProtocol;

    /// <summary>The network namespace to program, or null for the process's own.</summary>
    public NetworkNamespace? Namespace { get; set; }

    /// <summary>Every problem with the settings.</summary>
    /// <returns>The problems; empty when valid.</returns>
    internal List<string> Problems()
    {
        var problems = new List<string>();
        if (RouteProtocol <= 4)
        {
            problems.Add($"DirectRoutingOptions.RouteProtocol {RouteProtocol} is reserved for the kernel and iproute2 (0-4); use the router's own id (default 82)");
        }

        return problems;
    }
}
