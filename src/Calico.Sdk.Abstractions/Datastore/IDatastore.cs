using Calico.Sdk.Resources;

namespace Calico.Sdk.Datastore;

/// <summary>
/// The store of Calico resources, keyed by (kind, namespace, name). Every component reads and writes resources
/// through this contract; backends (in-memory, SQLite, etcd v3, later Kubernetes) must pass the conformance suite
/// in <c>Calico.Sdk.Testing</c>.
/// </summary>
/// <remarks>
/// <para><b>Revisions.</b> Every write is assigned a store revision, returned as an opaque string in
/// <see cref="ObjectMeta.ResourceVersion"/>, <see cref="ResourceList{T}.Revision"/> and
/// <see cref="WatchEvent.Revision"/>. Callers may compare revisions for equality and pass them back; they must
/// never parse or order them. <see cref="DatastoreRevision.Beginning"/> is the one well-known value.</para>
/// <para><b>Compare-and-swap.</b> Only single-object compare-and-swap exists: <see cref="UpdateAsync"/> always,
/// and <see cref="DeleteAsync"/> when an expected revision is given. There are no multi-key transactions, so that
/// every caller ports to a Kubernetes API backend.</para>
/// <para><b>Idempotency.</b> Reads are side-effect free. Writes are not idempotent: a repeated create fails with
/// <see cref="ResourceAlreadyExistsException"/>, a repeated update with <see cref="ResourceConflictException"/>,
/// a repeated delete with <see cref="ResourceNotFoundException"/>. After <see cref="DatastoreOutcomeUnknownException"/>
/// a caller that must know the outcome reads the object back and compares.</para>
/// <para><b>Concurrency.</b> Implementations are thread-safe: any number of calls, including watches, may run at
/// once on one instance, and several instances (and processes) may share one store.</para>
/// <para><b>Cancellation.</b> Every call honours its token. A write cancelled before it reached the store throws
/// <see cref="OperationCanceledException"/> and changed nothing; a write whose cancellation raced with its commit
/// throws <see cref="DatastoreOutcomeUnknownException"/>.</para>
/// <para><b>Errors.</b> Every failure is a <see cref="DatastoreException"/> subclass naming the kind, namespace
/// and name it concerns, except caller bugs (null arguments, a resource whose CLR type is not the kind's, an update
/// without <c>metadata.resourceVersion</c>), which throw <see cref="ArgumentException"/>. A name or namespace
/// that would break the key layout (empty, <c>/</c>, <c>.</c>, <c>..</c>, control characters, too long) is a
/// <see cref="DatastoreDataException"/> and nothing is written.</para>
/// <para><b>Objects.</b> Returned resources are fresh instances owned by the caller; inputs are never mutated.
/// Namespaced kinds require a namespace on every single-object call; cluster-scoped kinds require none
/// (<see langword="null"/> or empty).</para>
/// </remarks>
public interface IDatastore : IAsyncDisposable
{
    /// <summary>Reads one object.</summary>
    /// <param name="kind">The kind.</param>
    /// <param name="namespace">The namespace (namespaced kinds) or <see langword="null"/>.</param>
    /// <param name="name">The name.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The object with its revision, or <see langword="null"/> when it does not exist.</returns>
    /// <exception cref="DatastoreDataException">The key is invalid, or the stored value cannot be decoded.</exception>
    /// <exception cref="DatastoreUnavailableException">The store could not be reached.</exception>
    Task<Resource?> GetAsync(ResourceKind kind, string? @namespace, string name, CancellationToken cancellationToken = default);

    /// <summary>
    /// Lists objects of a kind, optionally one namespace and a name prefix, in key order: the ordinal order of
    /// <c>namespace/name</c> (just <c>name</c> for cluster-scoped kinds), which is also etcd's byte order.
    /// Every page of one list (followed through <see cref="ListOptions.Continue"/>) is read at the same store
    /// revision, so a list followed by <see cref="WatchAsync"/> from <see cref="ResourceList{T}.Revision"/> misses
    /// and repeats nothing. A stored value that cannot be decoded is reported in
    /// <see cref="ResourceList{T}.DecodeFailures"/> instead of failing the list.
    /// </summary>
    /// <param name="kind">The kind.</param>
    /// <param name="options">Filters and paging; <see langword="null"/> lists everything in one page.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>One page of objects.</returns>
    /// <exception cref="RevisionCompactedException">A continuation's revision has been compacted: list again from the start.</exception>
    /// <exception cref="DatastoreDataException">The namespace, prefix or continuation token is invalid.</exception>
    /// <exception cref="DatastoreUnavailableException">The store could not be reached.</exception>
    Task<ResourceList<Resource>> ListAsync(ResourceKind kind, ListOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Creates an object. The store assigns <c>metadata.resourceVersion</c>, and <c>metadata.uid</c> and
    /// <c>metadata.creationTimestamp</c> when they are not set; any resourceVersion on the input is ignored.
    /// </summary>
    /// <param name="kind">The kind; the resource's CLR type must be <see cref="ResourceKind.ClrType"/>.</param>
    /// <param name="resource">The object to store (not mutated).</param>
    /// <param name="cancellationToken">Cancels the write (see the remarks on cancellation).</param>
    /// <returns>The stored object with its revision.</returns>
    /// <exception cref="ResourceAlreadyExistsException">An object with that key exists.</exception>
    /// <exception cref="DatastoreDataException">The key is invalid or the value is larger than the backend accepts.</exception>
    /// <exception cref="DatastoreOutcomeUnknownException">The reply was lost; the object may have been created.</exception>
    /// <exception cref="DatastoreUnavailableException">The store could not be reached; nothing was written.</exception>
    Task<Resource> CreateAsync(ResourceKind kind, Resource resource, CancellationToken cancellationToken = default);

    /// <summary>
    /// Replaces an object if, and only if, its current revision equals the input's <c>metadata.resourceVersion</c>
    /// (compare-and-swap). The object is stored as given apart from its revision, so keep the <c>uid</c> and
    /// <c>creationTimestamp</c> of the object you read.
    /// </summary>
    /// <param name="kind">The kind.</param>
    /// <param name="resource">The new state; <c>metadata.resourceVersion</c> is required (not mutated).</param>
    /// <param name="cancellationToken">Cancels the write (see the remarks on cancellation).</param>
    /// <returns>The stored object with its new revision.</returns>
    /// <exception cref="ResourceConflictException">The object changed since that revision: read, merge and retry.</exception>
    /// <exception cref="ResourceNotFoundException">The object does not exist.</exception>
    /// <exception cref="DatastoreDataException">The key is invalid or the value is larger than the backend accepts.</exception>
    /// <exception cref="DatastoreOutcomeUnknownException">The reply was lost; the update may have been applied.</exception>
    /// <exception cref="DatastoreUnavailableException">The store could not be reached; nothing was written.</exception>
    Task<Resource> UpdateAsync(ResourceKind kind, Resource resource, CancellationToken cancellationToken = default);

    /// <summary>
    /// Deletes an object, compare-and-swap when <paramref name="expectedRevision"/> is given. Deleting works even
    /// when the stored value cannot be decoded, which is how corrupt data is removed.
    /// </summary>
    /// <param name="kind">The kind.</param>
    /// <param name="namespace">The namespace (namespaced kinds) or <see langword="null"/>.</param>
    /// <param name="name">The name.</param>
    /// <param name="expectedRevision">The revision the object must have, or <see langword="null"/> to delete unconditionally.</param>
    /// <param name="cancellationToken">Cancels the write (see the remarks on cancellation).</param>
    /// <returns>A task that completes when the object is gone.</returns>
    /// <exception cref="ResourceConflictException">The object's revision is not <paramref name="expectedRevision"/>.</exception>
    /// <exception cref="ResourceNotFoundException">The object does not exist.</exception>
    /// <exception cref="DatastoreDataException">The key is invalid.</exception>
    /// <exception cref="DatastoreOutcomeUnknownException">The reply was lost; the object may have been deleted.</exception>
    /// <exception cref="DatastoreUnavailableException">The store could not be reached; nothing was written.</exception>
    Task DeleteAsync(ResourceKind kind, string? @namespace, string name, string? expectedRevision = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Streams every change of one kind, in revision order, strictly after <paramref name="afterRevision"/>.
    /// Resuming with the <see cref="WatchEvent.Revision"/> of the last event handled neither loses nor repeats
    /// events. A value that cannot be decoded yields a <see cref="WatchEventType.DecodeError"/> event naming the key,
    /// and the watch goes on. Transient connection loss is handled inside the backend (it resumes from the last
    /// revision delivered).
    /// </summary>
    /// <param name="kind">The kind.</param>
    /// <param name="afterRevision">
    /// Deliver changes after this revision: a <see cref="ResourceList{T}.Revision"/> or <see cref="WatchEvent.Revision"/>,
    /// <see cref="DatastoreRevision.Beginning"/> for all retained history, or <see langword="null"/> for changes from now on.
    /// </param>
    /// <param name="cancellationToken">Ends the watch (the enumeration throws <see cref="OperationCanceledException"/>).</param>
    /// <returns>The change stream; it ends only by cancellation, disposal of the store, or an exception.</returns>
    /// <exception cref="RevisionCompactedException">
    /// The revision is older than the retained history (at start, or because the watcher fell behind): list again
    /// and watch from the list's revision.
    /// </exception>
    /// <exception cref="DatastoreUnavailableException">The backend gave up reconnecting; resume from the last revision seen.</exception>
    IAsyncEnumerable<WatchEvent> WatchAsync(ResourceKind kind, string? afterRevision = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Lists and watches a set of kinds: yields a snapshot (one <see cref="WatchEventType.Added"/> change per
    /// object, and <see cref="WatchEventType.DecodeError"/> changes for undecodable values), then one
    /// <see cref="SyncEventType.InSync"/> marker, then changes in revision order per kind. When a watch hits a
    /// compacted revision, the sync lists again, yields <see cref="SyncEventType.Resync"/>, then exactly the changes
    /// that bring the consumer from what it was sent to the new snapshot (including deletions), then
    /// <see cref="SyncEventType.InSync"/> again. Transient unavailability is retried with back-off; the consumer
    /// never misses a state. Consumers: the policy engine, Typha.
    /// </summary>
    /// <param name="kinds">The kinds to sync (at least one, no duplicates).</param>
    /// <param name="cancellationToken">Ends the sync.</param>
    /// <returns>The sync stream; it ends only by cancellation or disposal of the store.</returns>
    /// <remarks>Backends without a native multi-kind watch delegate to <c>Calico.Sdk.Datastore.DatastoreSync.RunAsync</c> in Calico.Sdk.</remarks>
    IAsyncEnumerable<SyncEvent> SyncAsync(IReadOnlyList<ResourceKind> kinds, CancellationToken cancellationToken = default);
}
