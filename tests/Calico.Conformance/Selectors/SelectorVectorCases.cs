namespace Calico.Conformance.Selectors;

/// <summary>Evaluate <paramref name="Selector"/> on <paramref name="Labels"/>; expect <paramref name="Matches"/>.</summary>
internal sealed record EvaluationCase(string Where, string Selector, Dictionary<string, string> Labels, bool Matches);

/// <summary>Must parse; when <paramref name="Canonical"/> is given, to that canonical form.</summary>
internal sealed record ValidCase(string Where, string Selector, string? Canonical);

/// <summary>Parses <paramref name="In"/> to canonical <paramref name="Out"/> with unique id <paramref name="Uid"/> (when given).</summary>
internal sealed record CanonicalCase(string Where, string In, string Out, string? Uid);

/// <summary>Parses <paramref name="In"/>, prefixes its labels with <paramref name="Prefix"/>; expects canonical <paramref name="Out"/>.</summary>
internal sealed record PrefixCase(string Where, string In, string Prefix, string Out);
