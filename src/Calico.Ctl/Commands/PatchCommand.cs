using System.Text.Json;
using System.Text.Json.Nodes;
using Calico.Ctl.Cli;
using Calico.Sdk.Datastore;
using Calico.Sdk.Resources;
using Calico.Sdk.Serialization;
using Calico.Sdk.Validation;

namespace Calico.Ctl.Commands;

/// <summary>
/// <c>patch KIND NAME -p PATCH [-t strategic|merge|json]</c>: a JSON merge patch (RFC 7386; Calico resources carry
/// no strategic-merge keys, so <c>strategic</c> behaves the same) or a JSON Patch (RFC 6902) applied to the stored
/// object, validated like a replace (immutable fields included) and written with compare-and-swap.
/// </summary>
internal static class PatchCommand
{
    public static async Task<int> RunAsync(CtlContext ctx, string[] args)
    {
        var parsed = ParsedArgs.Parse(args, ArgSpec.Create().Value("patch", "p").Value("type", "t").Value("namespace", "n"));
        if (parsed.Positionals.Count != 2 || parsed.Get("patch") is not { } patchText)
        {
            throw new CtlException("Usage: calicoctl patch KIND NAME --patch=PATCH [--type=strategic|merge|json] [--namespace=NS]");
        }

        var type = parsed.Get("type") ?? "strategic";
        if (type is not ("strategic" or "merge" or "json"))
        {
            throw new CtlException($"Failed to patch: patch type '{type}' is not supported (use strategic, merge or json)");
        }

        JsonNode? patch;
        try
        {
            patch = JsonNode.Parse(patchText);
        }
        catch (JsonException ex)
        {
            throw new CtlException($"Failed to patch: the patch is not valid JSON: {ex.Message}");
        }

        if (type == "json" ? patch is not JsonArray : patch is not JsonObject)
        {
            throw new CtlException(type == "json" ? "Failed to patch: a json patch must be an array of operations" : "Failed to patch: the patch must be a JSON object");
        }

        var kind = KindArg.Resolve(parsed.Positionals[0], "patch");
        var name = parsed.Positionals[1];
        var ns = kind.Namespaced ? parsed.Get("namespace") ?? Namespaces.Default : null;
        await using var session = new Session(ctx, parsed);
        var existing = await session.Store.GetAsync(kind, ns, name, ctx.CancellationToken).ConfigureAwait(false)
            ?? throw new CtlException($"Failed to patch '{kind.Kind}' resource: resource does not exist: {Messages.Id(kind.Kind, ns, name)}");
        var merged = ResourceSerializer.ToJsonNode(existing);
        if (patch is JsonArray operations)
        {
            JsonPatch.Apply(merged, operations);
        }
        else
        {
            Merge(merged, (JsonObject)patch!);
        }

        Resource updated;
        try
        {
            updated = ResourceSerializer.ReadSingle<Resource>(merged.ToJsonString(), new ReadOptions { ApplyDefaults = true, Validate = true });
        }
        catch (ResourceValidationException ex)
        {
            throw new CtlException(Messages.Invalid(ex.Errors, "patched resource"));
        }

        if (updated.Kind != existing.Kind || updated.Metadata.Name != name || updated.Metadata.Namespace != existing.Metadata.Namespace)
        {
            throw new CtlException("Failed to patch: a patch cannot change kind, metadata.name or metadata.namespace");
        }

        var immutable = ResourceValidator.ValidateUpdate(existing, updated);
        if (immutable.Count > 0)
        {
            throw new CtlException(Messages.Invalid(immutable, "patched resource"));
        }

        updated.Metadata.ResourceVersion = existing.Metadata.ResourceVersion;
        try
        {
            await session.Store.UpdateAsync(kind, updated, ctx.CancellationToken).ConfigureAwait(false);
        }
        catch (DatastoreException ex)
        {
            throw new CtlException($"Failed to patch '{kind.Kind}' resource: {Messages.Datastore(ex)}");
        }

        await ctx.Out.WriteLineAsync($"Successfully patched 1 '{kind.Kind}' resource").ConfigureAwait(false);
        return 0;
    }

    /// <summary>RFC 7386: objects merge recursively, <c>null</c> removes, anything else replaces.</summary>
    internal static JsonObject Merge(JsonObject target, JsonObject patch)
    {
        foreach (var (key, value) in patch.ToList())
        {
            if (value is null)
            {
                target.Remove(key);
            }
            else if (value is JsonObject p && target[key] is JsonObject t)
            {
                Merge(t, p);
            }
            else
            {
                target[key] = value.DeepClone();
            }
        }

        return target;
    }
}
