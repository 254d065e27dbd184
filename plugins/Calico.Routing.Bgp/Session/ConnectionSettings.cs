using System.Net;
using Calico.Routing.Bgp.Wire;

namespace Calico.Routing.Bgp.Session;

/// <summary>The per-session values a connection needs: who we are, who the peer must be, and the timers.</summary>
internal sealed record ConnectionSettings(uint LocalAs, uint RouterId, uint PeerAs, IPAddress PeerAddress)
{
    public int HoldTime { get; init; } = 90;

    /// <summary>Hold time while waiting for the peer's OPEN (RFC 4271 suggests 4 minutes).</summary>
    public TimeSpan OpenHoldTime { get; init; } = TimeSpan.FromMinutes(4);

    public IReadOnlyList<BgpFamily> Families { get; init; } = [BgpFamily.IPv4Unicast];

    /// <summary>Graceful-restart time advertised (0 disables the capability).</summary>
    public int RestartTime { get; init; } = 120;

    /// <summary>Set while this speaker restarts with forwarding state kept (R and F bits).</summary>
    public bool Restarting { get; init; }

    public bool External => LocalAs != PeerAs;

    public OpenMessage BuildOpen() => new()
    {
        MyAs = LocalAs > ushort.MaxValue ? OpenMessage.AsTrans : (ushort)LocalAs,
        FourOctetAs = LocalAs,
        HoldTime = (ushort)HoldTime,
        BgpIdentifier = RouterId,
        Families = Families,
        RouteRefresh = true,
        GracefulRestart = RestartTime > 0 ? new GracefulRestartCapability(Math.Min(RestartTime, 4095), Restarting, [.. Families.Select(f => (f, Restarting))]) : null,
    };
}
