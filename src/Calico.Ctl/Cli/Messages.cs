using System.Text;
using Calico.Sdk.Datastore;
using Calico.Sdk.Resources;

namespace Calico.Ctl.Cli;

/// <summary>calicoctl's wording for results and errors, in one place so scripts keep matching.</summary>
internal static class Messages
{
    public static string Past(string verb) => verb switch
    {
        "create" => "created",
        "apply" => "applied",
        "replace" => "replaced",
        "delete" => "deleted",
        "patch" => "patched",
        _ => verb + "ed",
    };

    /// <summary><c>IPPool(pool-a)</c> or <c>NetworkPolicy(ns/name)</c>, as libcalico-go names resources in errors.</summary>
    public static string Id(string kind, string? @namespace, string? name) =>
        string.IsNullOrEmpty(@namespace) ? $"{kind}({name})" : $"{kind}({@namespace}/{name})";

    public static string Id(Resource r) => Id(r.Kind, r.Metadata.Namespace, r.Metadata.Name);

    public static string Datastore(DatastoreException ex) => ex switch
    {
        ResourceAlreadyExistsException => $"resource already exists: {Id(ex.Kind ?? "?", ex.Namespace, ex.Name)}",
        ResourceNotFoundException => $"resource does not exist: {Id(ex.Kind ?? "?", ex.Namespace, ex.Name)}",
        ResourceConflictException => $"update conflict: {Id(ex.Kind ?? "?", ex.Namespace, ex.Name)}: the resource was modified since resourceVersion given",
        DatastoreOutcomeUnknownException => $"outcome unknown (the datastore may have applied the change): {ex.Message}",
        DatastoreUnavailableException => $"connection is unauthorized or the datastore is unreachable: {ex.Message}",
        _ => ex.Message,
    };

    /// <summary>Every parse/validation error of a refused input, one per line, after one summary line.</summary>
    public static string Invalid(IEnumerable<ResourceError> errors, string? source = null)
    {
        var list = errors.ToList();
        var text = new StringBuilder("Failed to execute command: ");
        text.Append(list.Count == 1 ? "1 error" : $"{list.Count} errors").Append(" in the input; nothing was written:");
        foreach (var e in list)
        {
            text.Append('\n').Append(source is null ? string.Empty : source + ": ").Append(Describe(e));
        }

        return text.ToString();
    }

    /// <summary>Document numbers are shown 1-based, as editors count.</summary>
    public static string Describe(ResourceError e)
    {
        var where = $"document {e.DocumentIndex + 1}" + (e.Path.Length == 0 ? string.Empty : ", field " + e.Path);
        return e.Value is null ? $"{where}: {e.Message}" : $"{where} = \"{e.Value}\": {e.Message}";
    }
}
