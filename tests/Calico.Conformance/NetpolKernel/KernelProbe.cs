using System.Net;

namespace Calico.Conformance.NetpolKernel;

/// <summary>One connection attempt between two pods of a <see cref="KernelNode"/>.</summary>
/// <param name="From">The client pod key (<c>x/a</c>).</param>
/// <param name="To">The server pod key.</param>
/// <param name="Port">The destination port.</param>
/// <param name="Protocol">TCP, UDP or SCTP.</param>
internal sealed record KernelProbe(string From, string To, int Port, string Protocol);

/// <summary>What the kernel did with a probe.</summary>
/// <param name="Allowed">Whether the server observed the connection, datagram or INIT.</param>
/// <param name="Detail">How the client saw it (connected, timed out, refused...).</param>
internal sealed record KernelProbeResult(bool Allowed, string Detail);

/// <summary>A pod of a <see cref="KernelNode"/>.</summary>
/// <param name="Key">The pod key (<c>x/a</c>).</param>
/// <param name="HostInterface">The host end of its veth.</param>
/// <param name="IPv4">Its IPv4 address.</param>
/// <param name="IPv6">Its IPv6 address.</param>
internal sealed record KernelPod(string Key, string HostInterface, IPAddress IPv4, IPAddress IPv6);
