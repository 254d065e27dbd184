using System.Net;
using Calico.Sdk.Resources;

namespace Calico.Sdk.Routing;

/// <summary>
/// The addresses of an IPAM block that another node than the block's affine host uses (IPAM borrowing). The block's
/// route points to its affine node, which is wrong for those addresses, so Calico routes each of them as a /32
/// (/128) to the node that holds it; routers receive them as <see cref="RoutedBlock"/>s of that length.
/// </summary>
public static class BorrowedAddresses
{
    /// <summary>The allocation attribute naming the node that holds an address (written by the CNI plugin and IPAM).</summary>
    public const string NodeAttribute = "node";

    /// <summary>
    /// Every live allocation of <paramref name="block"/> whose <c>node</c> attribute names another node than the
    /// block's <c>host:</c> affinity (for a block without host affinity: every live allocation with a node), as a
    /// host route to that node. Allocations in their release cool-down, without a node, or whose attribute index is
    /// out of range are left out; so is everything of a block without a valid CIDR.
    /// </summary>
    /// <param name="block">The stored block.</param>
    /// <param name="encapsulation">The encapsulation of the block's pool, copied to every result.</param>
    /// <returns>The borrowed addresses in ordinal order; empty when there are none.</returns>
    public static IReadOnlyList<RoutedBlock> Of(IPAMBlockSpec block, Encapsulation encapsulation)
    {
        ArgumentNullException.ThrowIfNull(block);
        if (block.Allocations is not { Count: > 0 } allocations || block.Attributes is not { } attributes
            || block.Cidr is not { } text || !IPNetwork.TryParse(text, out var cidr))
        {
            return [];
        }

        var affine = block.Affinity is { } a && a.StartsWith("host:", StringComparison.Ordinal) ? a[5..] : null;
        var size = cidr.BaseAddress.GetAddressBytes().Length * 8 - cidr.PrefixLength;
        var count = size >= 31 ? allocations.Count : Math.Min(allocations.Count, 1 << size);
        var borrowed = new List<RoutedBlock>();
        for (var ordinal = 0; ordinal < count; ordinal++)
        {
            if (allocations[ordinal] is not { } index || index < 0 || index >= attributes.Count
                || attributes[index] is not { ReleasedAt: null, Secondary: { } secondary }
                || !secondary.TryGetValue(NodeAttribute, out var node) || string.IsNullOrEmpty(node) || node == affine)
            {
                continue;
            }

            var address = Add(cidr.BaseAddress, ordinal);
            borrowed.Add(new RoutedBlock(new IPNetwork(address, address.GetAddressBytes().Length * 8), node, encapsulation));
        }

        return borrowed;
    }

    private static IPAddress Add(IPAddress network, int ordinal)
    {
        var bytes = network.GetAddressBytes();
        var carry = ordinal;
        for (var i = bytes.Length - 1; i >= 0 && carry != 0; i--)
        {
            var sum = bytes[i] + (carry & 0xFF);
            bytes[i] = (byte)sum;
            carry = (carry >> 8) + (sum >> 8);
        }

        return new IPAddress(bytes);
    }
}
