using Calico.Ctl.Cli;
using Calico.Sdk.Datastore;
using Calico.Sdk.Validation;

namespace Calico.Ctl.Commands;

/// <summary>
/// <c>label KIND NAME key=value [--overwrite]</c> and <c>label KIND NAME key --remove</c>: one compare-and-swap update
/// of <c>metadata.labels</c>, validated like any write.
/// </summary>
internal static class LabelCommand
{
    public static async Task<int> RunAsync(CtlContext ctx, string[] args)
    {
        var parsed = ParsedArgs.Parse(args, ArgSpec.Create().Flag("overwrite").Flag("remove").Value("namespace", "n"));
        if (parsed.Positionals.Count != 3)
        {
            throw new CtlException("Usage: calicoctl label KIND NAME (key=value [--overwrite] | key --remove) [--namespace=NS]");
        }

        var kind = KindArg.Resolve(parsed.Positionals[0], "label");
        var name = parsed.Positionals[1];
        var remove = parsed.Has("remove");
        var text = parsed.Positionals[2];
        var eq = text.IndexOf('=', StringComparison.Ordinal);
        if (remove == eq >= 0)
        {
            throw new CtlException(remove
                ? $"invalid label '{text}': with --remove give only the key"
                : $"invalid label '{text}': expected key=value (or key with --remove)");
        }

        var key = eq >= 0 ? text[..eq] : text;
        var value = eq >= 0 ? text[(eq + 1)..] : null;
        var ns = kind.Namespaced ? parsed.Get("namespace") ?? Namespaces.Default : null;
        await using var session = new Session(ctx, parsed);
        var resource = await session.Store.GetAsync(kind, ns, name, ctx.CancellationToken).ConfigureAwait(false)
            ?? throw new CtlException($"failed to get resource: resource does not exist: {Messages.Id(kind.Kind, ns, name)}");
        var labels = resource.Metadata.Labels ??= new Dictionary<string, string>(StringComparer.Ordinal);
        if (remove)
        {
            if (!labels.Remove(key))
            {
                throw new CtlException($"cannot remove label of {kind.Kind.ToLowerInvariant()} {name}: label {key} does not exist");
            }
        }
        else
        {
            if (labels.TryGetValue(key, out var old) && !parsed.Has("overwrite"))
            {
                throw new CtlException($"failed to update label of resource: label {key} is already present with value {old}; use --overwrite to set a new value");
            }

            labels[key] = value!;
        }

        var errors = ResourceValidator.Validate(resource);
        if (errors.Count > 0)
        {
            throw new CtlException(Messages.Invalid(errors, "label"));
        }

        try
        {
            await session.Store.UpdateAsync(kind, resource, ctx.CancellationToken).ConfigureAwait(false);
        }
        catch (DatastoreException ex)
        {
            throw new CtlException("failed to update label of resource: " + Messages.Datastore(ex));
        }

        await ctx.Out.WriteLineAsync(remove
            ? $"Successfully removed label {key} from {kind.Kind.ToLowerInvariant()} {name}"
            : $"Successfully set label {key} on {kind.Kind.ToLowerInvariant()} {name}").ConfigureAwait(false);
        return 0;
    }
}
