namespace Calico.Sdk.Serialization;

/// <summary>Options of <see cref="ResourceSerializer"/> reads.</summary>
public sealed record ReadOptions
{
    /// <summary>The defaults: structural checks only (syntax, kinds, field names and types).</summary>
    public static ReadOptions Default { get; } = new();

    /// <summary>
    /// Apply Calico's write-time defaults (<see cref="Validation.ResourceDefaults.Apply"/>) to every resource read.
    /// </summary>
    public bool ApplyDefaults { get; init; }

    /// <summary>
    /// Also run <see cref="Validation.ResourceValidator"/> on every resource read (after defaulting, when enabled),
    /// so semantic errors are reported with the same document index and path as structural ones.
    /// </summary>
    public bool Validate { get; init; }
}
