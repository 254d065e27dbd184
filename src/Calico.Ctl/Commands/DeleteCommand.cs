using Calico.Ctl.Cli;
using Calico.Ctl.Input;
using Calico.Sdk.Datastore;

namespace Calico.Ctl.Commands;

/// <summary><c>delete KIND NAME...</c> or <c>delete -f FILE</c>; <c>-s/--skip-not-exists</c> counts a missing resource as deleted.</summary>
internal static class DeleteCommand
{
    public static async Task<int> RunAsync(CtlContext ctx, string[] args)
    {
        var parsed = ParsedArgs.Parse(args, ArgSpec.Create()
            .Value("filename", "f").Flag("recursive", "R").Flag("skip-empty").Flag("skip-not-exists", "s").Value("namespace", "n"));
        var ns = parsed.Get("namespace");
        List<InputDocument> targets;
        if (parsed.HasValue("filename"))
        {
            targets = InputLoader.Load(ctx, parsed.GetAll("filename"), parsed.Has("recursive"), validate: false, parsed.Has("skip-empty"));
            WriteCommand.RefuseIfInvalid(targets, Namespaces.Assign(targets.Where(d => d.Resource is not null && d.Errors.Count == 0), ns));
        }
        else
        {
            if (parsed.Positionals.Count < 2)
            {
                throw new CtlException("Failed to delete resources: give a resource type and name(s) (e.g. calicoctl delete ippool pool1) or -f FILE");
            }

            var kind = KindArg.Resolve(parsed.Positionals[0], "delete");
            targets = [];
            var index = 0;
            foreach (var name in parsed.Positionals.Skip(1))
            {
                var r = kind.CreateInstance();
                r.ApiVersion = kind.ApiVersion;
                r.Kind = kind.Kind;
                r.Metadata.Name = name;
                r.Metadata.Namespace = kind.Namespaced ? ns ?? Namespaces.Default : null;
                targets.Add(new InputDocument("argument", index++, null, r, []));
            }
        }

        await using var session = new Session(ctx, parsed);
        var result = new BatchResult("delete");
        foreach (var doc in targets)
        {
            var r = doc.Resource!;
            var kind = Namespaces.KindOf(r);
            try
            {
                await session.Store.DeleteAsync(kind, r.Metadata.Namespace, r.Metadata.Name!, r.Metadata.ResourceVersion, ctx.CancellationToken).ConfigureAwait(false);
                result.Succeeded(doc, r.Kind, Messages.Id(r));
            }
            catch (ResourceNotFoundException) when (parsed.Has("skip-not-exists"))
            {
                result.Succeeded(doc, r.Kind, Messages.Id(r));
            }
            catch (DatastoreException ex)
            {
                result.Failed(doc, r.Kind, Messages.Id(r), Messages.Datastore(ex));
            }
        }

        return result.Report(ctx);
    }
}
