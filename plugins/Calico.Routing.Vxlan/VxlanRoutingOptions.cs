using Calico.Sdk.Linux;

namespace Calico.Routing.Vxlan;

/// <summary>Settings of the VXLAN router (Felix's <c>vxlanVNI</c>, <c>vxlanPort</c>, <c>vxlanMTU</c>, <c>vxlanMTUV6</c>).</summary>
public sealed class VxlanRoutingOptions
{
    /// <summary>Calico's VXLAN device name.</summary>
    public const string DefaultDeviceName = "vxlan.calico";

    /// <summary>Calico's IPv6 VXLAN device name.</summary>
    public const string DefaultDeviceNameV6 = "vxlan-v6.calico";

    /// <summary>The route protocol that marks the VXLAN router's routes (see docs/routing.md).</summary>
    public const byte DefaultRouteProtocol = 81;

    /// <summary>The device name. Default <c>vxlan.calico</c>.</summary>
    public string DeviceName { get; set; } = DefaultDeviceName;

    /// <summary>The IPv6 device name (same VNI and port as the IPv4 device). Default <c>vxlan-v6.calico</c>.</summary>
    public string DeviceNameV6 { get; set; } = DefaultDeviceNameV6;

    /// <summary>The VXLAN network identifier. Default 4096.</summary>
    public int Vni { get; set; } = 4096;

    /// <summary>The UDP port. Default 4789.</summary>
    public int Port { get; set; } = 4789;

    /// <summary>The device MTU; 0 (default) is the underlay device's MTU minus 50.</summary>
    public int Mtu { get; set; }

    /// <summary>The IPv6 device MTU; 0 (default) is the IPv6 underlay device's MTU minus 70.</summary>
    public int MtuV6 { get; set; }

    /// <summary>The route protocol of the router's routes. Default 81.</summary>
    public byte RouteProtocol { get; set; } = DefaultRouteProtocol;

    /// <summary>The network namespace to program, or null for the process's own.</summary>
    public NetworkNamespace? Namespace { get; set; }

    /// <summary>Every problem with the settings, each naming the setting, its value and the rule.</summary>
    /// <returns>The problems; empty when valid.</returns>
    internal List<string> Problems()
    {
        var problems = new List<string>();
        if (string.IsNullOrEmpty(DeviceName) || DeviceName.Length > 15 || DeviceName.Contains('/', StringComparison.Ordinal) || DeviceName.Any(char.IsWhiteSpace))
        {
            problems.Add($"VxlanRoutingOptions.DeviceName '{DeviceName}' must be 1-15 characters without '/' or spaces");
        }

        if (string.IsNullOrEmpty(DeviceNameV6) || DeviceNameV6.Length > 15 || DeviceNameV6.Contains('/', StringComparison.Ordinal) || DeviceNameV6.Any(char.IsWhiteSpace))
        {
            problems.Add($"VxlanRoutingOptions.DeviceNameV6 '{DeviceNameV6}' must be 1-15 characters without '/' or spaces");
        }
        else if (DeviceNameV6 == DeviceName)
        {
            problems.Add($"VxlanRoutingOptions.DeviceNameV6 '{DeviceNameV6}' must differ from DeviceName: each family has its own device");
        }

        if (Vni is < 1 or > 0xFFFFFF)
        {
            problems.Add($"VxlanRoutingOptions.Vni {Vni} must be 1..16777215 (24 bits)");
        }

        if (Port is < 1 or > 65535)
        {
            problems.Add($"VxlanRoutingOptions.Port {Port} must be 1..65535");
        }

        if (Mtu != 0 && Mtu is < 68 or > 65535)
        {
            problems.Add($"VxlanRoutingOptions.Mtu {Mtu} must be 0 (from the underlay) or 68..65535");
        }

        if (MtuV6 != 0 && MtuV6 is < 1280 or > 65535)
        {
            problems.Add($"VxlanRoutingOptions.MtuV6 {MtuV6} must be 0 (from the underlay) or 1280..65535 (the IPv6 minimum)");
        }

        if (RouteProtocol <= 4)
        {
            problems.Add($"VxlanRoutingOptions.RouteProtocol {RouteProtocol} is reserved for the kernel and iproute2 (0-4); use the router's own id (default 81)");
        }

        return problems;
    }
}
