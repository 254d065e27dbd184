using System.Globalization;
using System.Text;
using Calico.Datastore.Etcd.Layout;
using Calico.Datastore.Etcd.Rpc;
using Calico.Sdk.Datastore;
using Calico.Sdk.Resources;

namespace Calico.Datastore.Etcd;

/// <content>Paged lists: etcd range requests with a limit, every page pinned to the first page's revision.</content>
public sealed partial class EtcdDatastore
{
    /// <inheritdoc />
    public async Task<ResourceList<Resource>> ListAsync(ResourceKind kind, ListOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(kind);
        var ns = DatastoreKeys.ValidateList(kind, options);
        var namePrefix = string.IsNullOrEmpty(options?.NamePrefix) ? null : options!.NamePrefix;
        var limit = options?.Limit ?? 0;
        var layout = EtcdLayouts.For(kind);
        var (start, end) = layout.ListRange(ns, namePrefix);
        long revision = 0;
        var from = start;
        if (options?.Continue is { } token)
        {
            (revision, from) = ParseContinue(kind, token, start, end);
        }

        var items = new List<Resource>();
        var failures = new List<DecodeFailure>();
        while (true)
        {
            // Ask for one more than still needed, to learn whether another page exists without a further round trip.
            var want = limit == 0 ? _options.ListPageSize : Math.Min(_options.ListPageSize, limit - items.Count + 1);
            var request = new RangeRequest { Key = Bytes(from), RangeEnd = Bytes(end), Limit = want, Revision = revision };
            var atRevision = revision;
            var page = await ReadAsync("list", kind, ns, null, ct => _connection.RangeAsync(request, ct), cancellationToken, atRevision).ConfigureAwait(false);
            Observe(page.Header);
            if (revision == 0)
            {
                revision = page.Header.Revision;
            }

            foreach (var kv in page.Kvs)
            {
                var key = kv.Key.ToStringUtf8();
                if (!layout.TryParseKey(key, out var keyNs, out var keyName) || !layout.Matches(keyNs, keyName, ns, namePrefix))
                {
                    continue;
                }

                if (limit > 0 && items.Count + failures.Count == limit)
                {
                    return new ResourceList<Resource>(items, Revision(revision), MakeContinue(revision, key), failures);
                }

                try
                {
                    items.Add(layout.Decode(key, kv.Value.Span, keyNs, keyName, Revision(kv.ModRevision)));
                }
                catch (DatastoreDataException ex)
                {
                    failures.Add(new DecodeFailure(kind, keyNs, keyName, Revision(kv.ModRevision), ex.Message));
                }
            }

            if (!page.More || page.Kvs.Count == 0)
            {
                return new ResourceList<Resource>(items, Revision(revision), null, failures);
            }

            from = page.Kvs[^1].Key.ToStringUtf8() + "\0";
        }
    }

    private static string MakeContinue(long revision, string nextKey) =>
        revision.ToString(CultureInfo.InvariantCulture) + ":" + Convert.ToBase64String(Encoding.UTF8.GetBytes(nextKey)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static (long Revision, string From) ParseContinue(ResourceKind kind, string token, string start, string end)
    {
        var colon = token.IndexOf(':', StringComparison.Ordinal);
        if (colon > 0 && long.TryParse(token.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out var revision) && revision > 0)
        {
            var b64 = token[(colon + 1)..].Replace('-', '+').Replace('_', '/');
            b64 = b64.PadRight(b64.Length + ((4 - (b64.Length % 4)) % 4), '=');
            var bytes = new byte[b64.Length];
            if (Convert.TryFromBase64String(b64, bytes, out var written))
            {
                var from = Encoding.UTF8.GetString(bytes, 0, written);
                if (string.CompareOrdinal(from, start) >= 0 && string.CompareOrdinal(from, end) < 0)
                {
                    return (revision, from);
                }
            }
        }

        throw new DatastoreDataException(
            DataErrorReason.InvalidContinueToken,
            $"The continue token '{token}' is malformed or belongs to another list of {kind.Kind}; list again without it.",
            kind.Kind);
    }
}
