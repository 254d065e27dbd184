namespace Calico.Sdk.Datastore;

/// <summary>A create named an object that already exists.</summary>
public sealed class ResourceAlreadyExistsException : DatastoreException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="kind">The kind name.</param>
    /// <param name="namespace">The namespace, or <see langword="null"/>.</param>
    /// <param name="name">The name.</param>
    public ResourceAlreadyExistsException(string kind, string? @namespace, string name)
        : base($"{Describe(kind, @namespace, name)} already exists.", kind, @namespace, name, null)
    {
    }
}
