using Calico.Sdk.Resources;

namespace Calico.Sdk.Datastore;

/// <summary>
/// Validation of the (namespace, name) part of a key, shared by every backend so that all of them accept and
/// reject exactly the same keys. Keys are printable ASCII without '/', so that they fit every key layout (etcd
/// paths, SQLite, Kubernetes names) and sort the same way everywhere (ordinal = byte order).
/// </summary>
public static class DatastoreKeys
{
    /// <summary>The longest accepted name (a DNS-1123 subdomain).</summary>
    public const int MaxNameLength = 253;

    /// <summary>The longest accepted namespace (a DNS-1123 label).</summary>
    public const int MaxNamespaceLength = 63;

    /// <summary>Validates the key of a single-object call and normalises the namespace.</summary>
    /// <param name="kind">The kind.</param>
    /// <param name="namespace">The namespace as given.</param>
    /// <param name="name">The name as given.</param>
    /// <returns>The namespace: non-empty for namespaced kinds, <see langword="null"/> for cluster-scoped kinds.</returns>
    /// <exception cref="DatastoreDataException">The key is invalid (<see cref="DataErrorReason.InvalidKey"/>).</exception>
    public static string? Validate(ResourceKind kind, string? @namespace, string? name)
    {
        ArgumentNullException.ThrowIfNull(kind);
        var ns = ValidateNamespace(kind, @namespace, required: true);
        var problem = Check(name, MaxNameLength, allowEmpty: false);
        if (problem is not null)
        {
            throw new DatastoreDataException(DataErrorReason.InvalidKey, $"Invalid name {Quote(name)} for {kind.Kind}: {problem}.", kind.Kind, ns, name);
        }

        return ns;
    }

    /// <summary>Validates the namespace filter and name prefix of a list.</summary>
    /// <param name="kind">The kind.</param>
    /// <param name="options">The list options, or <see langword="null"/>.</param>
    /// <returns>The namespace filter: <see langword="null"/> for all namespaces or a cluster-scoped kind.</returns>
    /// <exception cref="DatastoreDataException">The namespace or prefix is invalid.</exception>
    public static string? ValidateList(ResourceKind kind, ListOptions? options)
    {
        ArgumentNullException.ThrowIfNull(kind);
        if (options is null)
        {
            return null;
        }

        if (options.Limit < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Limit, "ListOptions.Limit must be 0 (no limit) or positive.");
        }

        var ns = ValidateNamespace(kind, options.Namespace, required: false);
        var problem = Check(options.NamePrefix ?? string.Empty, MaxNameLength, allowEmpty: true);
        if (problem is not null)
        {
            throw new DatastoreDataException(DataErrorReason.InvalidKey, $"Invalid name prefix {Quote(options.NamePrefix)} for {kind.Kind}: {problem}.", kind.Kind, ns, options.NamePrefix);
        }

        return ns;
    }

    private static string? ValidateNamespace(ResourceKind kind, string? @namespace, bool required)
    {
        if (!kind.Namespaced)
        {
            if (!string.IsNullOrEmpty(@namespace))
            {
                throw new DatastoreDataException(DataErrorReason.InvalidKey, $"{kind.Kind} is cluster-scoped but namespace '{@namespace}' was given.", kind.Kind, @namespace, null);
            }

            return null;
        }

        if (string.IsNullOrEmpty(@namespace))
        {
            if (required)
            {
                throw new DatastoreDataException(DataErrorReason.InvalidKey, $"{kind.Kind} is namespaced: a namespace is required.", kind.Kind, null, null);
            }

            return null;
        }

        var problem = Check(@namespace, MaxNamespaceLength, allowEmpty: false);
        if (problem is not null)
        {
            throw new DatastoreDataException(DataErrorReason.InvalidKey, $"Invalid namespace {Quote(@namespace)} for {kind.Kind}: {problem}.", kind.Kind, @namespace, null);
        }

        return @namespace;
    }

    private static string? Check(string? value, int maxLength, bool allowEmpty)
    {
        if (string.IsNullOrEmpty(value))
        {
            return allowEmpty ? null : "it is empty";
        }

        if (value.Length > maxLength)
        {
            return $"it is {value.Length} characters long, the limit is {maxLength}";
        }

        if (value is "." or "..")
        {
            return "'.' and '..' are path components, not names";
        }

        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '/')
            {
                return $"'/' at position {i} would break the key layout";
            }

            if (c <= ' ' || c > '~')
            {
                return $"character U+{(int)c:X4} at position {i} is not printable ASCII";
            }
        }

        return null;
    }

    private static string Quote(string? value) => value is null ? "(null)" : "'" + value.Replace("\n", "\\n", StringComparison.Ordinal) + "'";
}
