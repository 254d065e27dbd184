using Xunit;

namespace Calico.Ctl.Tests;

/// <summary>
/// The golden transcripts are checked against Calico's own wording, not just regenerated: each string scripts
/// written for calicoctl match on must appear verbatim in the transcripts (which the replay tests then prove).
/// </summary>
public sealed class CalicoStringsTests
{
    public static TheoryData<string, string> Strings() => new()
    {
        { "create", "Successfully created 3 'IPPool' resource(s)" },
        { "create", "Failed to create any 'IPPool' resources:\nhit error: resource already exists: IPPool(pool-a)" },
        { "create", "Partial success: created 1 out of 2 'IPPool' resources:" },
        { "create", "Successfully created 2 resource(s)" },
        { "apply-replace-delete", "Successfully applied 2 'IPPool' resource(s)" },
        { "apply-replace-delete", "Successfully replaced 3 'IPPool' resource(s)" },
        { "apply-replace-delete", "Successfully deleted 1 'IPPool' resource(s)" },
        { "apply-replace-delete", "Failed to delete 'IPPool' resource: resource does not exist: IPPool(pool-e)" },
        { "errors", "Failed to replace 'IPPool' resource: resource does not exist: IPPool(pool-e)" },
        { "errors", "Failed to get resources: resource type 'foo' is not supported" },
        { "get", "NAME     CIDR           SELECTOR\npool-a   10.10.0.0/16   all()\n" },
        { "get", "NAME     CIDR           NAT     IPIPMODE   VXLANMODE   DISABLED   DISABLEBGPEXPORT   SELECTOR         ASSIGNMENTMODE" },
        { "namespaces", "NAMESPACE   NAME        TIER" },
        { "label-patch", "Successfully patched 1 'IPPool' resource" },
        { "ipam", "+----------+--------------+---------------------------+------------+----------------------------------+\n| GROUPING |     CIDR     |         IPS TOTAL         | IPS IN USE |             IPS FREE             |" },
        { "ipam", "| IP Pool  | 10.10.0.0/16 |                     65536 | 5 (0%)     | 65531 (100%)                     |" },
        { "ipam", "| Block    | 10.10.0.0/26 |                        64 | 4 (6%)     | 60 (94%)                         |" },
        { "ipam", "|    IP     | BORROWING-NODE |    BLOCK     | BLOCK OWNER | TYPE | ALLOCATED-TO |" },
        { "ipam", "| StrictAffinity     | false |" },
        { "ipam", "Successfully set StrictAffinity to: true" },
        { "ipam", "IP 10.10.0.2 is in use\nAttributes:\n" },
        { "ipam", "IP 10.10.9.9 is not currently assigned" },
        { "ipam", "Successfully released IP address 10.10.0.4" },
        { "ipam", "IP address 10.10.0.4 is not assigned" },
        { "ipam", "Datastore is not locked. Run the `calicoctl datastore migrate lock` command in order to release leaked IPs" },
        { "ipam", "Check complete; found 1 problems." },
        { "node", "Calico process is running.\n\nIPv4 BGP status\n+--------------+-------------------+-------+------------+" },
        { "node", "| PEER ADDRESS |     PEER TYPE     | STATE |   SINCE    |               INFO                |" },
        { "node", "| 192.0.2.12   | node-to-node mesh | up    | 09:30:04   | Established                       |" },
        { "node", "\nIPv6 BGP status\n" },
        { "node", "Calico process is not running.\n[exit 1]" },
        { "node", "System meets minimum system requirements to run Calico!" },
        { "node", "System doesn't meet minimum system requirements to run Calico\n[exit 1]" },
        { "version", "Client Version:    v3.30.0-sdk.0.1.0\nGit commit:        <commit>\nCluster Version:   v3.30.0-sdk.0.1.0\nCluster Type:      sqlite" },
    };

    [Theory]
    [MemberData(nameof(Strings))]
    public void Transcript_holds_calicos_wording(string transcript, string text)
    {
        // Stderr lines carry a "! " marker in the transcripts; the wording is checked without it.
        var golden = File.ReadAllText(Path.Combine(Transcript.GoldenDirectory, transcript + ".txt")).ReplaceLineEndings("\n").Replace("\n! ", "\n", StringComparison.Ordinal);
        Assert.Contains(text, golden, StringComparison.Ordinal);
    }
}
