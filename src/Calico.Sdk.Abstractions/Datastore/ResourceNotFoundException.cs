namespace Calico.Sdk.Datastore;

/// <summary>An update or delete named an object that does not exist.</summary>
public sealed class ResourceNotFoundException : DatastoreException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="kind">The kind name.</param>
    /// <param name="namespace">The namespace, or <see langword="null"/>.</param>
    /// <param name="name">The name.</param>
    public ResourceNotFoundException(string kind, string? @namespace, string name)
        : base($"{Describe(kind, @namespace, name)} does not exist.", kind, @namespace, name, null)
    {
    }
}
