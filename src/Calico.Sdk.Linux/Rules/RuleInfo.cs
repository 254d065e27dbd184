using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Calico.Sdk.Linux;

/// <summary>A policy routing rule (<c>ip [-6] rule add [from P] [to P] [fwmark M/MASK] [iif I] [oif O] [priority N]
/// table T</c>).</summary>
/// <param name="Family">InterNetwork or InterNetworkV6.</param>
public sealed record RuleInfo(AddressFamily Family)
{
    /// <summary>The priority (preference), or null to let the kernel pick one.</summary>
    public uint? Priority { get; init; }

    /// <summary>The table looked up by <see cref="RuleAction.ToTable"/>.</summary>
    public uint Table { get; init; }

    /// <summary>The action.</summary>
    public RuleAction Action { get; init; } = RuleAction.ToTable;

    /// <summary>Match packets from this prefix, or null.</summary>
    public IPNetwork? Source { get; init; }

    /// <summary>Match packets to this prefix, or null.</summary>
    public IPNetwork? Destination { get; init; }

    /// <summary>Match this firewall mark, or null.</summary>
    public uint? FirewallMark { get; init; }

    /// <summary>The mark mask, or null (all bits).</summary>
    public uint? FirewallMask { get; init; }

    /// <summary>Match the input interface name, or null.</summary>
    public string? InputInterface { get; init; }

    /// <summary>Match the output interface name, or null.</summary>
    public string? OutputInterface { get; init; }

    /// <inheritdoc />
    public override string ToString()
    {
        var text = new StringBuilder(Family == AddressFamily.InterNetworkV6 ? "-6 rule" : "rule");
        if (Priority is { } priority)
        {
            text.Append(" priority ").Append(priority.ToString(CultureInfo.InvariantCulture));
        }

        text.Append(" from ").Append(Source?.ToString() ?? "all");
        if (Destination is { } destination)
        {
            text.Append(" to ").Append(destination);
        }

        if (FirewallMark is { } mark)
        {
            text.Append(" fwmark 0x").Append(mark.ToString("x", CultureInfo.InvariantCulture));
        }

        text.Append(Action == RuleAction.ToTable ? " table " + Table.ToString(CultureInfo.InvariantCulture) : " " + Action.ToString().ToLowerInvariant());
        return text.ToString();
    }
}
