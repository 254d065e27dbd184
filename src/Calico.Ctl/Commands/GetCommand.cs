using Calico.Ctl.Cli;
using Calico.Ctl.Input;
using Calico.Ctl.Output;
using Calico.Sdk.Datastore;
using Calico.Sdk.Resources;

namespace Calico.Ctl.Commands;

/// <summary><c>get KIND [NAME...]</c> or <c>get -f FILE</c>, with <c>-o</c>, <c>-n</c>, <c>-A</c>, <c>--export</c>.</summary>
internal static class GetCommand
{
    public static async Task<int> RunAsync(CtlContext ctx, string[] args)
    {
        var parsed = ParsedArgs.Parse(args, ArgSpec.Create()
            .Value("filename", "f").Flag("recursive", "R").Flag("skip-empty").Value("output", "o")
            .Value("namespace", "n").Flag("all-namespaces", "A").Flag("export"));
        var output = ResourceOutput.Parse(parsed.Get("output"));
        var all = parsed.Has("all-namespaces");
        var ns = parsed.Get("namespace");
        await using var session = new Session(ctx, parsed);
        var ct = ctx.CancellationToken;
        var found = new List<Resource>();
        var missing = new List<string>();
        ResourceKind? kind = null;
        var single = false;
        string? revision = null;
        if (parsed.HasValue("filename"))
        {
            var docs = InputLoader.Load(ctx, parsed.GetAll("filename"), parsed.Has("recursive"), validate: false, parsed.Has("skip-empty"));
            WriteCommand.RefuseIfInvalid(docs, Namespaces.Assign(docs.Where(d => d.Resource is not null && d.Errors.Count == 0), ns));
            var kinds = docs.Select(d => Namespaces.KindOf(d.Resource!)).Distinct().ToList();
            kind = kinds.Count == 1 ? kinds[0] : null;
            single = docs.Count == 1;
            foreach (var d in docs)
            {
                var r = d.Resource!;
                await FetchAsync(session.Store, Namespaces.KindOf(r), r.Metadata.Namespace, r.Metadata.Name!, found, missing, ct).ConfigureAwait(false);
            }
        }
        else
        {
            if (parsed.Positionals.Count == 0)
            {
                throw new CtlException("Failed to get resources: give a resource type (e.g. calicoctl get ippools) or -f FILE");
            }

            kind = KindArg.Resolve(parsed.Positionals[0], "get");
            var names = parsed.Positionals.Skip(1).ToList();
            var scope = kind.Namespaced ? (all ? null : ns ?? Namespaces.Default) : null;
            if (names.Count > 0)
            {
                single = names.Count == 1;
                foreach (var name in names)
                {
                    await FetchAsync(session.Store, kind, scope ?? ns ?? Namespaces.Default, name, found, missing, ct, kind.Namespaced).ConfigureAwait(false);
                }
            }
            else
            {
                var list = await session.Store.ListAllAsync(kind, new ListOptions { Namespace = scope }, ct).ConfigureAwait(false);
                found.AddRange(list.Items);
                revision = list.Revision;
            }
        }

        if (parsed.Has("export"))
        {
            foreach (var r in found)
            {
                r.Metadata.Uid = null;
                r.Metadata.ResourceVersion = null;
                r.Metadata.CreationTimestamp = null;
            }
        }

        var asn = kind == ResourceKinds.Node && output.Format is "wide" or "custom-columns"
            ? await DefaultAsNumberAsync(session.Store, ct).ConfigureAwait(false)
            : "64512";
        // Asked for by name and nothing found: only the error, as calicoctl.
        if (found.Count > 0 || missing.Count == 0)
        {
            output.Write(ctx, kind, found, single, revision, all, asn);
        }
        if (missing.Count > 0)
        {
            await ctx.Err.WriteLineAsync("Failed to get resources: " + string.Join("; ", missing)).ConfigureAwait(false);
            return 1;
        }

        return 0;
    }

    private static async Task FetchAsync(IDatastore store, ResourceKind kind, string? ns, string name, List<Resource> found, List<string> missing, CancellationToken ct, bool namespaced = true)
    {
        var r = await store.GetAsync(kind, kind.Namespaced && namespaced ? ns : null, name, ct).ConfigureAwait(false);
        if (r is null)
        {
            missing.Add($"resource does not exist: {Messages.Id(kind.Kind, kind.Namespaced ? ns : null, name)}");
        }
        else
        {
            found.Add(r);
        }
    }

    private static async Task<string> DefaultAsNumberAsync(IDatastore store, CancellationToken ct)
    {
        var config = await store.GetAsync(ResourceKinds.BGPConfiguration, null, "default", ct).ConfigureAwait(false) as BGPConfiguration;
        return config?.Spec.AsNumber?.ToString() ?? "64512";
    }
}
