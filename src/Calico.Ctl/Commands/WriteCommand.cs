using Calico.Ctl.Cli;
using Calico.Ctl.Input;
using Calico.Sdk.Datastore;
using Calico.Sdk.Resources;
using Calico.Sdk.Validation;

namespace Calico.Ctl.Commands;

/// <summary>
/// <c>create</c>, <c>apply</c>, <c>replace</c> (and <c>validate</c>). Two phases: everything that can be known
/// before writing — syntax, fields, values, namespaces, immutable fields against the stored object, IP pool
/// overlaps — is checked for every document first, and one bad document refuses the whole input. Then each
/// resource is written on its own (single-object compare-and-swap); what only the write can reveal (already
/// exists, does not exist, conflict) is reported per document.
/// </summary>
internal static class WriteCommand
{
    private static ArgSpec Spec() => ArgSpec.Create()
        .Value("filename", "f").Flag("recursive", "R").Flag("skip-empty").Flag("skip-exists")
        .Value("namespace", "n");

    public static async Task<int> ValidateAsync(CtlContext ctx, string[] args)
    {
        var parsed = ParsedArgs.Parse(args, Spec());
        var docs = InputLoader.Load(ctx, parsed.GetAll("filename"), parsed.Has("recursive"), validate: true, parsed.Has("skip-empty"));
        RefuseIfInvalid(docs, Namespaces.Assign(docs.Where(d => d.Resource is not null && d.Errors.Count == 0), parsed.Get("namespace")));
        await ctx.Out.WriteLineAsync($"Successfully validated {docs.Count} resource(s)").ConfigureAwait(false);
        return 0;
    }

    public static async Task<int> RunAsync(CtlContext ctx, string verb, string[] args)
    {
        var parsed = ParsedArgs.Parse(args, Spec());
        var docs = InputLoader.Load(ctx, parsed.GetAll("filename"), parsed.Has("recursive"), validate: true, parsed.Has("skip-empty"));
        RefuseIfInvalid(docs, Namespaces.Assign(docs.Where(d => d.Resource is not null && d.Errors.Count == 0), parsed.Get("namespace")));

        await using var session = new Session(ctx, parsed);
        var store = session.Store;
        var ct = ctx.CancellationToken;

        // Phase 1: read what exists and check the rules that need it. Reads only.
        var existing = new Resource?[docs.Count];
        var errors = new List<(InputDocument Doc, ResourceError Error)>();
        List<IPPool>? pools = null;
        var batchPools = new List<IPPool>();
        for (var i = 0; i < docs.Count; i++)
        {
            var r = docs[i].Resource!;
            var kind = Namespaces.KindOf(r);
            existing[i] = await store.GetAsync(kind, r.Metadata.Namespace, r.Metadata.Name!, ct).ConfigureAwait(false);
            if (existing[i] is { } old && verb != "create")
            {
                errors.AddRange(ResourceValidator.ValidateUpdate(old, r, docs[i].DocumentIndex).Select(e => (docs[i], e)));
            }

            if (r is IPPool pool && (existing[i] is null || verb != "create"))
            {
                pools ??= [.. (await store.ListAllAsync(ResourceKinds.IPPool, cancellationToken: ct).ConfigureAwait(false)).Items.Cast<IPPool>()];
                var others = pools.Where(p => p.Metadata.Name != pool.Metadata.Name).Concat(batchPools);
                errors.AddRange(IPPoolOverlap.Check(pool, others, docs[i].DocumentIndex).Select(e => (docs[i], e)));
                batchPools.Add(pool);
            }
        }

        if (errors.Count > 0)
        {
            throw Refuse(errors.Select(e => $"{e.Doc.Source}: {Messages.Describe(e.Error)}").ToList());
        }

        // A cluster always has its ClusterInformation and built-in tiers (policies land in tier default);
        // the first write to a fresh datastore creates them, as Calico's components do at start-up.
        await DatastoreBootstrap.EnsureInitializedAsync(store, ctx.Time, ct).ConfigureAwait(false);

        // Phase 2: one write per resource.
        var result = new BatchResult(verb);
        for (var i = 0; i < docs.Count; i++)
        {
            var doc = docs[i];
            var r = doc.Resource!;
            var kind = Namespaces.KindOf(r);
            try
            {
                await WriteOneAsync(store, verb, kind, r, existing[i], parsed.Has("skip-exists"), ct).ConfigureAwait(false);
                result.Succeeded(doc, r.Kind, Messages.Id(r));
            }
            catch (DatastoreException ex)
            {
                result.Failed(doc, r.Kind, Messages.Id(r), Messages.Datastore(ex));
            }
        }

        return result.Report(ctx);
    }

    internal static void RefuseIfInvalid(List<InputDocument> docs, List<string> extra)
    {
        var bad = docs.Where(d => d.Errors.Count > 0 || d.Resource is null).ToList();
        if (bad.Count == 0 && extra.Count == 0)
        {
            return;
        }

        var lines = bad.SelectMany(d => d.Errors.Select(e => $"{d.Source}: {Messages.Describe(e)}"))
            .Concat(extra)
            .ToList();
        throw Refuse(lines);
    }

    private static CtlException Refuse(List<string> lines) =>
        new($"Failed to execute command: {lines.Count} error(s) in the input; nothing was written:\n" + string.Join('\n', lines));

    private static async Task WriteOneAsync(IDatastore store, string verb, ResourceKind kind, Resource r, Resource? existing, bool skipExists, CancellationToken ct)
    {
        switch (verb)
        {
            case "create":
                try
                {
                    await store.CreateAsync(kind, r, ct).ConfigureAwait(false);
                }
                catch (ResourceAlreadyExistsException) when (skipExists)
                {
                    // --skip-exists: an existing resource counts as done.
                }

                break;
            case "replace":
                if (existing is null)
                {
                    throw new ResourceNotFoundException(r.Kind, r.Metadata.Namespace, r.Metadata.Name!);
                }

                await store.UpdateAsync(kind, Carry(existing, r), ct).ConfigureAwait(false);
                break;
            default:
                if (existing is null)
                {
                    await store.CreateAsync(kind, r, ct).ConfigureAwait(false);
                }
                else
                {
                    await store.UpdateAsync(kind, Carry(existing, r), ct).ConfigureAwait(false);
                }

                break;
        }
    }

    /// <summary>Keeps the stored identity (uid, creation time); compares against the input's resourceVersion when it has one.</summary>
    private static Resource Carry(Resource existing, Resource updated)
    {
        updated.Metadata.ResourceVersion ??= existing.Metadata.ResourceVersion;
        updated.Metadata.Uid ??= existing.Metadata.Uid;
        updated.Metadata.CreationTimestamp ??= existing.Metadata.CreationTimestamp;
        return updated;
    }
}
