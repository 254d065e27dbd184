namespace Calico.Sdk.Datastore;

/// <summary>Base of every typed datastore outcome; names the object it concerns when there is one.</summary>
public abstract class DatastoreException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong, where and why.</param>
    /// <param name="kind">The kind name, or <see langword="null"/>.</param>
    /// <param name="namespace">The namespace, or <see langword="null"/>.</param>
    /// <param name="name">The name, or <see langword="null"/>.</param>
    /// <param name="innerException">The cause, or <see langword="null"/>.</param>
    protected DatastoreException(string message, string? kind, string? @namespace, string? name, Exception? innerException)
        : base(message, innerException)
    {
        Kind = kind;
        Namespace = string.IsNullOrEmpty(@namespace) ? null : @namespace;
        Name = name;
    }

    /// <summary>The kind of the object concerned, or <see langword="null"/>.</summary>
    public string? Kind { get; }

    /// <summary>The namespace of the object concerned, or <see langword="null"/>.</summary>
    public string? Namespace { get; }

    /// <summary>The name of the object concerned, or <see langword="null"/>.</summary>
    public string? Name { get; }

    /// <summary>Formats an object reference for messages: <c>Tier 'default'</c>, <c>NetworkPolicy 'ns/name'</c>.</summary>
    /// <param name="kind">The kind name.</param>
    /// <param name="namespace">The namespace, or <see langword="null"/>.</param>
    /// <param name="name">The name.</param>
    /// <returns>The reference.</returns>
    public static string Describe(string? kind, string? @namespace, string? name) =>
        $"{kind ?? "resource"} '{(string.IsNullOrEmpty(@namespace) ? name : @namespace + "/" + name)}'";
}
