using Calico.Ctl.Cli;
using Calico.Ctl.Input;
using Calico.Sdk.Datastore;
using Calico.Sdk.Resources;
using Calico.Sdk.Serialization;

namespace Calico.Ctl.Commands;

/// <summary>
/// <c>datastore migrate export | import -f FILE | lock | unlock</c>. Export writes every resource of every kind
/// (IPAM included) as one YAML stream; import writes it into another datastore (e.g. SQLite to etcd), creating or
/// updating each object, with calicoctl's per-document report. Lock/unlock set ClusterInformation
/// <c>datastoreReady</c>, which agents and IPAM writers (ipam release/split) honour.
/// </summary>
internal static class DatastoreCommand
{
    public static Task<int> RunAsync(CtlContext ctx, string[] args)
    {
        var (migrate, afterMigrate) = CtlApp.Split(args);
        var (verb, rest) = CtlApp.Split(afterMigrate);
        if (migrate != "migrate" || verb is null)
        {
            throw new CtlException("Usage:\n  calicoctl datastore migrate export\n  calicoctl datastore migrate import --filename=<FILENAME>\n  calicoctl datastore migrate lock\n  calicoctl datastore migrate unlock");
        }

        return verb switch
        {
            "export" => ExportAsync(ctx, rest),
            "import" => ImportAsync(ctx, rest),
            "lock" => SetReadyAsync(ctx, rest, ready: false),
            "unlock" => SetReadyAsync(ctx, rest, ready: true),
            var other => throw new CtlException($"Invalid datastore migrate command: '{other}' (use export, import, lock or unlock)"),
        };
    }

    /// <summary>Every stored object, kind by kind in catalogue order, without store-assigned revisions.</summary>
    internal static async Task<List<Resource>> ExportAllAsync(IDatastore store, CancellationToken ct)
    {
        var all = new List<Resource>();
        foreach (var kind in ResourceKinds.All)
        {
            var list = await store.ListAllAsync(kind, cancellationToken: ct).ConfigureAwait(false);
            if (list.DecodeFailures.Count > 0)
            {
                throw new CtlException($"cannot export {kind.Plural}: {list.DecodeFailures.Count} stored value(s) cannot be decoded, e.g. {list.DecodeFailures[0]}");
            }

            foreach (var r in list.Items)
            {
                r.Metadata.ResourceVersion = null;
                all.Add(r);
            }
        }

        return all;
    }

    private static async Task<int> ExportAsync(CtlContext ctx, string[] args)
    {
        var parsed = ParsedArgs.Parse(args, ArgSpec.Create());
        await using var session = new Session(ctx, parsed);
        var all = await ExportAllAsync(session.Store, ctx.CancellationToken).ConfigureAwait(false);
        ResourceSerializer.WriteYaml(ctx.Out, all);
        return 0;
    }

    private static async Task<int> ImportAsync(CtlContext ctx, string[] args)
    {
        var parsed = ParsedArgs.Parse(args, ArgSpec.Create().Value("filename", "f"));
        // An export is already what the source stored (defaults included): copy it as it is.
        var docs = InputLoader.Load(ctx, parsed.GetAll("filename"), recursive: false, validate: true, applyDefaults: false);
        WriteCommand.RefuseIfInvalid(docs, Namespaces.Assign(docs.Where(d => d.Resource is not null && d.Errors.Count == 0), null));
        await using var session = new Session(ctx, parsed);
        var store = session.Store;
        var result = new BatchResult("import");
        foreach (var doc in docs)
        {
            var r = doc.Resource!;
            var kind = Namespaces.KindOf(r);
            try
            {
                var existing = await store.GetAsync(kind, r.Metadata.Namespace, r.Metadata.Name!, ctx.CancellationToken).ConfigureAwait(false);
                if (existing is null)
                {
                    await store.CreateAsync(kind, r, ctx.CancellationToken).ConfigureAwait(false);
                }
                else
                {
                    r.Metadata.ResourceVersion = existing.Metadata.ResourceVersion;
                    await store.UpdateAsync(kind, r, ctx.CancellationToken).ConfigureAwait(false);
                }

                result.Succeeded(doc, r.Kind, Messages.Id(r));
            }
            catch (DatastoreException ex)
            {
                result.Failed(doc, r.Kind, Messages.Id(r), Messages.Datastore(ex));
            }
        }

        return result.Report(ctx);
    }

    private static async Task<int> SetReadyAsync(CtlContext ctx, string[] args, bool ready)
    {
        var parsed = ParsedArgs.Parse(args, ArgSpec.Create());
        await using var session = new Session(ctx, parsed);
        var store = session.Store;
        for (var attempt = 0; ; attempt++)
        {
            var info = await DatastoreBootstrap.EnsureInitializedAsync(store, ctx.Time, ctx.CancellationToken).ConfigureAwait(false);
            info.Spec.DatastoreReady = ready;
            try
            {
                await store.UpdateAsync(ResourceKinds.ClusterInformation, info, ctx.CancellationToken).ConfigureAwait(false);
                break;
            }
            catch (ResourceConflictException) when (attempt < 5)
            {
                // Changed between read and write (e.g. an agent starting): read again.
            }
        }

        await ctx.Out.WriteLineAsync(ready ? "Datastore unlocked." : "Datastore locked.").ConfigureAwait(false);
        return 0;
    }
}
