using System.Text.Json.Serialization.Metadata;

namespace Calico.Sdk.Resources;

/// <summary>
/// Describes one kind of resource: its names, scope, CLR type and the source-generated JSON contract used to
/// (de)serialise it without reflection.
/// </summary>
public sealed class ResourceKind
{
    private readonly Type clrType;
    private Func<JsonTypeInfo>? typeInfoFactory;
    private JsonTypeInfo? typeInfo;

    /// <summary>Creates a kind descriptor from a JSON contract that is already built.</summary>
    /// <param name="apiVersion">The group/version, e.g. <c>projectcalico.org/v3</c>.</param>
    /// <param name="kind">The kind, e.g. <c>IPPool</c>.</param>
    /// <param name="plural">The lower-case plural used in keys and on the command line, e.g. <c>ippools</c>.</param>
    /// <param name="namespaced">Whether objects of this kind live in a namespace.</param>
    /// <param name="typeInfo">The source-generated JSON contract of the CLR type.</param>
    /// <param name="shortNames">Other names calicoctl accepts, e.g. <c>ipp</c>, <c>pool</c>.</param>
    public ResourceKind(string apiVersion, string kind, string plural, bool namespaced, JsonTypeInfo typeInfo, params string[] shortNames)
        : this(apiVersion, kind, plural, namespaced, (typeInfo ?? throw new ArgumentNullException(nameof(typeInfo))).Type, shortNames, null)
    {
        this.typeInfo = typeInfo;
    }

    /// <summary>
    /// Creates a kind descriptor whose JSON contract is built on first use. Building a source-generated contract
    /// costs ~0.15 ms (more for the first of a context): a short-lived process (the CNI plugin) that touches one or
    /// two kinds should not pay for all of them.
    /// </summary>
    /// <param name="apiVersion">The group/version, e.g. <c>projectcalico.org/v3</c>.</param>
    /// <param name="kind">The kind, e.g. <c>IPPool</c>.</param>
    /// <param name="plural">The lower-case plural used in keys and on the command line, e.g. <c>ippools</c>.</param>
    /// <param name="namespaced">Whether objects of this kind live in a namespace.</param>
    /// <param name="clrType">The CLR type of the kind (a <see cref="Resource"/>).</param>
    /// <param name="typeInfoFactory">Returns the source-generated JSON contract of <paramref name="clrType"/>; called on first use.</param>
    /// <param name="shortNames">Other names calicoctl accepts, e.g. <c>ipp</c>, <c>pool</c>.</param>
    public ResourceKind(string apiVersion, string kind, string plural, bool namespaced, Type clrType, Func<JsonTypeInfo> typeInfoFactory, params string[] shortNames)
        : this(apiVersion, kind, plural, namespaced, clrType, shortNames, typeInfoFactory ?? throw new ArgumentNullException(nameof(typeInfoFactory)))
    {
    }

    private ResourceKind(string apiVersion, string kind, string plural, bool namespaced, Type clrType, string[]? shortNames, Func<JsonTypeInfo>? typeInfoFactory)
    {
        ArgumentException.ThrowIfNullOrEmpty(apiVersion);
        ArgumentException.ThrowIfNullOrEmpty(kind);
        ArgumentException.ThrowIfNullOrEmpty(plural);
        ArgumentNullException.ThrowIfNull(clrType);
        if (!typeof(Resource).IsAssignableFrom(clrType))
        {
            throw new ArgumentException($"The CLR type of kind '{kind}' is {clrType}, which is not a Resource.", typeInfoFactory is null ? "typeInfo" : nameof(clrType));
        }

        ApiVersion = apiVersion;
        Kind = kind;
        Plural = plural;
        Namespaced = namespaced;
        this.clrType = clrType;
        this.typeInfoFactory = typeInfoFactory;
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
    public Type ClrType => clrType;

    /// <summary>The source-generated JSON contract for <see cref="ClrType"/> (built on first use when created from a factory).</summary>
    /// <exception cref="InvalidOperationException">The factory returned nothing or a contract for another type.</exception>
    public JsonTypeInfo TypeInfo => Volatile.Read(ref typeInfo) ?? BuildTypeInfo();

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

    private JsonTypeInfo BuildTypeInfo()
    {
        // Racing threads may both call the factory; the source-generated context caches its contracts, so they get
        // the same instance, and either result is correct.
        var factory = Volatile.Read(ref typeInfoFactory);
        if (factory is null)
        {
            return Volatile.Read(ref typeInfo)!;
        }

        var built = factory()
            ?? throw new InvalidOperationException($"The JSON contract factory of kind '{Kind}' returned null.");
        if (built.Type != clrType)
        {
            throw new InvalidOperationException($"The JSON contract factory of kind '{Kind}' returned a contract for {built.Type}, expected {clrType}.");
        }

        Volatile.Write(ref typeInfo, built);
        Volatile.Write(ref typeInfoFactory, null);
        return built;
    }
}
