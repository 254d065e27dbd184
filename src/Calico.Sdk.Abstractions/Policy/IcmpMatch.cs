namespace Calico.Sdk.Policy;

/// <summary>An ICMP/ICMPv6 type and optional code.</summary>
/// <param name="Type">The ICMP type (0–254).</param>
/// <param name="Code">The code (0–255), or null for any code.</param>
public readonly record struct IcmpMatch(byte Type, byte? Code);
