using System.Text.Json;

namespace Calico.Cni.Tests.Harness;

/// <summary>One plugin invocation's outcome: exit code, the JSON it printed, stderr.</summary>
internal sealed record CniCall(int ExitCode, string Output, string Error, TimeSpan Elapsed)
{
    public bool Succeeded => ExitCode == 0;

    /// <summary>The error code of a failed call (the spec's <c>code</c> field).</summary>
    public int Code => Succeeded ? 0 : Json().GetProperty("code").GetInt32();

    public string Message => Succeeded ? string.Empty : Json().GetProperty("msg").GetString() ?? string.Empty;

    public JsonElement Json()
    {
        using var doc = JsonDocument.Parse(Output);
        return doc.RootElement.Clone();
    }

    public override string ToString() => $"exit {ExitCode}: {Output} {Error}";
}
