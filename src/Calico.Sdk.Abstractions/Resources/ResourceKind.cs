using System.Text.Json.Serialization.Metadata;

namespace Calico.Sdk.Resources;

/// <summary>
/// Describes one kind of resource: its names, scope, CLR type and the source-generated JSON contract used to
/// (de)serialise it without reflection.
/// </summary>
public sealed class ResourceKind
{
    /// <summary>Creates a kind descriptor.</summary>
    /// <param name="apiVersion">The group/version, e.g. <c>projectcalico.org/v3</c>.</param>
    /// <param name="kind">The kind, e.g. <c>IPPool</c>.</param>
    /// <param name="plural">The lower-case plural used in keys and on the command line, e.g. <c>ippools</c>.</param>
    /// <param name="namespaced">Whether objects of this kind live in a namespace.</param>
    /// <param name="typeInfo">The source-generated JSON contract of the CLR type.</param>
    /// <param name="shortNames">Other names calicoctl accepts, e.g. <c>ipp</c>, <c>pool</c>.</param>
    public ResourceKind(string apiVersion, string kind, string plural, bool namespaced, JsonTypeInfo typeInfo, params string[] shortNames)
    {
        ArgumentException.ThrowIfNullOrEmpty(apiVersion);
        ArgumentException.ThrowIfNullOrEmpty(kind);
        ArgumentException.ThrowIfNullOrEmpty(plural);
        ArgumentNullException.ThrowIfNull(typeInfo);
        if (!typeof(Resource).IsAssignableFrom(typeInfo.Type))
        {
            throw new ArgumentException($"JSON contract for '{kind}' is for {typeInfo.Type}, which is not a Resource.", nameof(typeInfo));
        }

        ApiVersion = apiVersion;
        Kind = kind;
        Plural = plural;
        Namespaced = namespaced;
        TypeInfo = typeInfo;
        ShortNames = shortNames ?? [];
    }

    /// <summary>The group/version, e.g. <c>projectcalico.org/v3</c>.</summary>
    public string ApiVersion { get; }

    /// <summary>The kind, e.g. <c>IPPool</c>.</summary>
    public string Kind { get; }

    /// <summary>The lower-case plural, e.g. <c>ippools</c>.</summary>
    public string Plural { get; }

    /// <summary>Whether objects of this kind live in a namespace.</summary>
    public bool Namespaced { get; }

    /// <summary>Other accepted names, e.g. <c>ipp</c>.</summary>
    public IReadOnlyList<string> ShortNames { get; }

    /// <summary>The CLR type of the kind.</summary>
    public Type ClrType => TypeInfo.Type;

    /// <summary>The source-generated JSON contract for <see cref="ClrType"/>.</summary>
    public JsonTypeInfo TypeInfo { get; }

    /// <summary>Creates an empty resource of this kind with its envelope filled in.</summary>
    /// <returns>A new resource.</returns>
    public Resource CreateInstance()
    {
        var instance = TypeInfo.CreateObject?.Invoke()
            ?? throw new InvalidOperationException($"The JSON contract for kind '{Kind}' has no constructor.");
        return (Resource)instance;
    }

    /// <summary>Whether <paramref name="name"/> names this kind (kind, plural, singular or short name; case-insensitive).</summary>
    /// <param name="name">A kind name as typed by a user.</param>
    /// <returns><see langword="true"/> when it names this kind.</returns>
    public bool Matches(string name)
    {
        if (string.Equals(name, Kind, StringComparison.OrdinalIgnoreCase)
            || string.Equals(name, Plural, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        foreach (var shortName in ShortNames)
        {
            if (string.Equals(name, shortName, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <inheritdoc />
    public override string ToString() => Kind;
}
