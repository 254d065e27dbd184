using System.Net;
using System.Runtime.InteropServices;

namespace Calico.Sdk.Linux.Netlink;

/// <summary>RTM_NEWRULE / RTM_DELRULE / RTM_GETRULE encoding and policy-rule decoding.</summary>
internal static class RuleCodec
{
    internal static void Encode(NetlinkWriter writer, ushort type, ushort flags, RuleInfo rule)
    {
        var family = Codec.Family(rule.Family);
        var message = writer.BeginMessage(type, flags, 0);
        writer.Write(new FibRuleHdr
        {
            Family = family,
            DestinationLength = (byte)(rule.Destination?.PrefixLength ?? 0),
            SourceLength = (byte)(rule.Source?.PrefixLength ?? 0),
            Table = rule.Table < 256 ? (byte)rule.Table : (byte)0,
            Action = (byte)rule.Action,
        });
        if (rule.Source is { } source)
        {
            Codec.CheckSameFamily(source.BaseAddress, family, "source", rule);
            writer.Address(Nl.FRA_SRC, source.BaseAddress);
        }

        if (rule.Destination is { } destination)
        {
            Codec.CheckSameFamily(destination.BaseAddress, family, "destination", rule);
            writer.Address(Nl.FRA_DST, destination.BaseAddress);
        }

        if (rule.FirewallMark is { } mark)
        {
            writer.U32(Nl.FRA_FWMARK, mark);
        }

        if (rule.FirewallMask is { } mask)
        {
            writer.U32(Nl.FRA_FWMASK, mask);
        }

        if (rule.Priority is { } priority)
        {
            writer.U32(Nl.FRA_PRIORITY, priority);
        }

        if (rule.InputInterface is { } iif)
        {
            Codec.CheckInterfaceName(iif, nameof(rule.InputInterface));
            writer.String(Nl.FRA_IIFNAME, iif);
        }

        if (rule.OutputInterface is { } oif)
        {
            Codec.CheckInterfaceName(oif, nameof(rule.OutputInterface));
            writer.String(Nl.FRA_OIFNAME, oif);
        }

        if (rule.Table >= 256)
        {
            writer.U32(Nl.FRA_TABLE, rule.Table);
        }

        writer.EndMessage(message);
    }

    internal static void Dump(NetlinkWriter writer, byte family)
    {
        var message = writer.BeginMessage(Nl.RTM_GETRULE, Codec.Dump, 0);
        writer.Write(new FibRuleHdr { Family = family });
        writer.EndMessage(message);
    }

    internal static RuleInfo Decode(ReadOnlySpan<byte> payload)
    {
        var header = MemoryMarshal.Read<FibRuleHdr>(payload);
        uint table = header.Table;
        uint? priority = null, mark = null, mask = null;
        IPNetwork? source = null, destination = null;
        string? iif = null, oif = null;
        var attributes = new AttributeReader(payload[12..]);
        while (attributes.Next())
        {
            switch (attributes.Type)
            {
                case Nl.FRA_PRIORITY: priority = attributes.U32; break;
                case Nl.FRA_TABLE: table = attributes.U32; break;
                case Nl.FRA_SRC: source = new IPNetwork(attributes.Address, header.SourceLength); break;
                case Nl.FRA_DST: destination = new IPNetwork(attributes.Address, header.DestinationLength); break;
                case Nl.FRA_FWMARK: mark = attributes.U32; break;
                case Nl.FRA_FWMASK: mask = attributes.U32; break;
                case Nl.FRA_IIFNAME: iif = attributes.String; break;
                case Nl.FRA_OIFNAME: oif = attributes.String; break;
            }
        }

        return new RuleInfo(Codec.FromFamily(header.Family))
        {
            Priority = priority,
            Table = table,
            Action = (RuleAction)header.Action,
            Source = source,
            Destination = destination,
            FirewallMark = mark,
            FirewallMask = mask,
            InputInterface = iif,
            OutputInterface = oif,
        };
    }
}
