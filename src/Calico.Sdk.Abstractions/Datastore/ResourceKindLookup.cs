using Calico.Sdk.Resources;

namespace Calico.Sdk.Datastore;

/// <summary>Finds the registered kind of a CLR type, once per type.</summary>
/// <typeparam name="T">The resource type.</typeparam>
internal static class ResourceKindLookup<T>
    where T : Resource
{
    private static ResourceKind? cached;

    internal static ResourceKind Kind => cached ??= Find(typeof(T));

    internal static ResourceKind Find(Type type)
    {
        foreach (var kind in ResourceKinds.All)
        {
            if (kind.ClrType == type)
            {
                return kind;
            }
        }

        throw new InvalidOperationException($"{type.Name} is not a registered resource kind (ResourceKinds.All); pass its ResourceKind explicitly.");
    }
}
