using System.Text.Json;
using System.Text.Json.Serialization;

namespace Calico.Ctl.Commands;

/// <summary>The report <c>ipam check -o FILE</c> writes and <c>ipam release --from-report FILE</c> reads.</summary>
internal sealed record IpamReport(
    string Version,
    string GeneratedAt,
    int Blocks,
    int Handles,
    int AllocatedAddresses,
    int InUseAddresses,
    IReadOnlyList<LeakedAddress> LeakedAddresses,
    IReadOnlyList<ReportedProblem> Problems);

/// <summary>An address allocated in IPAM that no workload endpoint or node uses; the sequence number pins the allocation.</summary>
internal sealed record LeakedAddress(string Ip, string? Handle, string Block, ulong? SequenceNumber, string? Node, string? Workload);

/// <summary>An IPAM structure problem found by the SDK's check.</summary>
internal sealed record ReportedProblem(string Kind, string Subject, string Detail);

/// <summary>Source-generated (AOT-safe) JSON for the report.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(IpamReport))]
internal sealed partial class CtlJsonContext : JsonSerializerContext
{
}
