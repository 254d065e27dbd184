namespace Calico.Sdk.Policy;

/// <summary>A failsafe port: host-endpoint traffic to it is always allowed, ahead of any policy.</summary>
/// <param name="Protocol">The IP protocol number (6 TCP, 17 UDP).</param>
/// <param name="Port">The destination port.</param>
public readonly record struct FailsafePort(byte Protocol, int Port)
{
    /// <summary>Felix's default <c>failsafeInboundHostPorts</c>.</summary>
    public static IReadOnlyList<FailsafePort> DefaultInbound { get; } =
        [new(6, 22), new(17, 68), new(6, 179), new(6, 2379), new(6, 2380), new(6, 5473), new(6, 6443), new(6, 6666), new(6, 6667)];

    /// <summary>Felix's default <c>failsafeOutboundHostPorts</c>.</summary>
    public static IReadOnlyList<FailsafePort> DefaultOutbound { get; } =
        [new(17, 53), new(17, 67), new(6, 179), new(6, 2379), new(6, 2380), new(6, 5473), new(6, 6443), new(6, 6666), new(6, 6667)];
}
