using Calico.Sdk.Datastore;
using Calico.Sdk.Resources;
using Microsoft.Data.Sqlite;

namespace Calico.Datastore.Sqlite;

/// <content>Get and consistent, paged list.</content>
public sealed partial class SqliteDatastore
{
    /// <inheritdoc />
    public Task<Resource?> GetAsync(ResourceKind kind, string? @namespace, string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(kind);
        cancellationToken.ThrowIfCancellationRequested();
        var ns = DatastoreKeys.Validate(kind, @namespace, name);
        StoredValue? current;
        try
        {
            using var rented = RentReader();
            var connection = rented.Connection;
            current = ReadCurrent(connection, null, kind, ns, name);
        }
        catch (SqliteException ex)
        {
            throw Unavailable("get", kind, ns, name, ex);
        }

        return Task.FromResult(current is null ? null : ResourceCodec.Decode(kind, current.Value, ns, name, Format(current.Revision)));
    }

    /// <inheritdoc />
    /// <remarks>
    /// A continued page is read at the first page's revision: rows changed since are replaced by the value they
    /// had then, taken from the event log (each event keeps the value it replaced).
    /// </remarks>
    public Task<ResourceList<Resource>> ListAsync(ResourceKind kind, ListOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(kind);
        cancellationToken.ThrowIfCancellationRequested();
        var filter = new ListFilter(DatastoreKeys.ValidateList(kind, options), options?.NamePrefix ?? string.Empty);
        var limit = options?.Limit ?? 0;
        ListContinueToken? token = options?.Continue is { } c ? ListContinueToken.Decode(kind, c) : null;
        var after = token?.LastKey ?? string.Empty;
        var page = new List<Row>();
        long listRevision;
        var more = false;
        try
        {
            using var rented = RentReader();
            var connection = rented.Connection;
            using var tx = connection.BeginTransaction(deferred: true);
            var (revision, compacted) = ReadMeta(connection, tx);
            listRevision = token?.Revision ?? revision;
            if (listRevision > revision)
            {
                throw new DatastoreDataException(DataErrorReason.InvalidContinueToken, $"The continue token for {kind.Kind} names revision {listRevision}, which does not exist yet.", kind.Kind);
            }

            if (listRevision < compacted)
            {
                throw new RevisionCompactedException(kind.Kind, Format(listRevision), Format(compacted));
            }

            var overrides = StateAt(connection, tx, kind, listRevision, after, filter);
            using var lease = Command(
                connection,
                tx,
                "SELECT key, namespace, name, value, mod_revision FROM resources WHERE kind = $kind AND key > $after"
                + (filter.Namespace is null ? string.Empty : " AND namespace = $ns")
                + (filter.Prefix.Length == 0 ? string.Empty : " AND substr(name, 1, $plen) = $prefix")
                + " ORDER BY key;",
                ("$kind", KindKey(kind)),
                ("$after", after),
                ("$ns", filter.Namespace),
                ("$plen", filter.Prefix.Length),
                ("$prefix", filter.Prefix));
            using var reader = lease.Value.ExecuteReader();
            var o = 0;
            Row? current = ReadRow(reader);
            while (current is not null || o < overrides.Count)
            {
                // Merge the live rows with the reconstructed ones, in key order.
                Row? candidate;
                var cmp = current is null ? 1 : o >= overrides.Count ? -1 : string.CompareOrdinal(current.Key, overrides[o].Key);
                if (cmp < 0)
                {
                    candidate = current!.Revision <= listRevision ? current : null;
                    current = ReadRow(reader);
                }
                else
                {
                    candidate = overrides[o++].Row;
                    if (cmp == 0)
                    {
                        current = ReadRow(reader);
                    }
                }

                if (candidate is null)
                {
                    continue;
                }

                if (limit > 0 && page.Count == limit)
                {
                    more = true;
                    break;
                }

                page.Add(candidate);
            }
        }
        catch (SqliteException ex)
        {
            throw Unavailable("list", kind, filter.Namespace, null, ex);
        }

        var items = new List<Resource>(page.Count);
        var failures = new List<DecodeFailure>();
        foreach (var row in page)
        {
            var rev = Format(row.Revision);
            try
            {
                items.Add(ResourceCodec.Decode(kind, row.Value, row.Namespace, row.Name, rev));
            }
            catch (DatastoreDataException ex)
            {
                failures.Add(new DecodeFailure(kind, row.Namespace, row.Name, rev, ex.Message));
            }
        }

        var next = more ? new ListContinueToken(listRevision, page[^1].Key).Encode() : null;
        return Task.FromResult(new ResourceList<Resource>(items, Format(listRevision), next, failures));
    }

    /// <summary>For keys of the kind changed after <paramref name="at"/>: their row at that revision (null = absent), in key order.</summary>
    private List<(string Key, Row? Row)> StateAt(SqliteConnection connection, SqliteTransaction tx, ResourceKind kind, long at, string after, ListFilter filter)
    {
        var state = new Dictionary<string, Row?>(StringComparer.Ordinal);
        using var lease = Command(
            connection,
            tx,
            "SELECT key, namespace, name, prev_value, prev_revision FROM events WHERE kind = $kind AND revision > $at AND key > $after ORDER BY revision;",
            ("$kind", KindKey(kind)),
            ("$at", at),
            ("$after", after));
        using var reader = lease.Value.ExecuteReader();
        while (reader.Read())
        {
            var key = reader.GetString(0);
            var ns = reader.IsDBNull(1) ? null : reader.GetString(1);
            var name = reader.GetString(2);
            if (state.ContainsKey(key) || !filter.Matches(ns, name))
            {
                continue;
            }

            // The first change after `at` replaced the value the key had at `at`.
            state[key] = reader.IsDBNull(3) ? null : new Row(key, ns, name, (byte[])reader[3], reader.GetInt64(4));
        }

        return state.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => (kv.Key, kv.Value)).ToList();
    }

    private static Row? ReadRow(SqliteDataReader reader) =>
        reader.Read()
            ? new Row(reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetString(2), (byte[])reader[3], reader.GetInt64(4))
            : null;

    /// <summary>One key's value at a revision.</summary>
    private sealed record Row(string Key, string? Namespace, string Name, byte[] Value, long Revision);

    /// <summary>The namespace and name-prefix filter of a list.</summary>
    private readonly record struct ListFilter(string? Namespace, string Prefix)
    {
        internal bool Matches(string? ns, string name) =>
            (Namespace is null || Namespace == ns) && name.StartsWith(Prefix, StringComparison.Ordinal);
    }
}
