using System.Text.Json.Nodes;
using Calico.Ctl.Cli;
using Calico.Sdk.Resources;
using Calico.Sdk.Serialization;

namespace Calico.Ctl.Output;

/// <summary>
/// <c>-o</c>: <c>ps</c> (default table), <c>wide</c>, <c>yaml</c>, <c>json</c>, <c>name</c> (<c>kind/name</c> per line)
/// and <c>custom-columns=</c> with known headings (<c>NAME,CIDR</c>) or <c>HEADING:field.path</c> pairs.
/// </summary>
internal sealed class ResourceOutput
{
    private ResourceOutput(string format, string? spec)
    {
        Format = format;
        Spec = spec;
    }

    public string Format { get; }

    private string? Spec { get; }

    public static ResourceOutput Parse(string? value)
    {
        value ??= "ps";
        if (value.StartsWith("custom-columns=", StringComparison.Ordinal))
        {
            var spec = value["custom-columns=".Length..];
            return spec.Length == 0 ? throw new CtlException("custom-columns format specified but no custom columns given") : new ResourceOutput("custom-columns", spec);
        }

        return value is "ps" or "wide" or "yaml" or "json" or "name"
            ? new ResourceOutput(value, null)
            : throw new CtlException($"unrecognized output format '{value}' (use ps, wide, yaml, json, name or custom-columns=...)");
    }

    /// <summary>Writes the resources. <paramref name="single"/>: one object was asked for, so YAML/JSON print it bare rather than as a list.</summary>
    public void Write(CtlContext ctx, ResourceKind? kind, IReadOnlyList<Resource> items, bool single, string? revision, bool allNamespaces, string defaultAsNumber = "64512")
    {
        switch (Format)
        {
            case "yaml":
                ctx.Out.Write(single && items.Count == 1 ? ResourceSerializer.ToYaml(items[0]) : ResourceSerializer.ToYaml(List(kind, items, revision)));
                return;
            case "json":
                ctx.Out.Write(single && items.Count == 1 ? ResourceSerializer.ToJson(items[0]) : ResourceSerializer.ToJson(List(kind, items, revision)));
                return;
            case "name":
                foreach (var r in items)
                {
                    ctx.Out.WriteLine($"{r.Kind.ToLowerInvariant()}/{(string.IsNullOrEmpty(r.Metadata.Namespace) || !allNamespaces ? string.Empty : r.Metadata.Namespace + "/")}{r.Metadata.Name}");
                }

                return;
        }

        // Tables: one per kind, in order of first appearance (get -f may mix kinds).
        if (items.Count == 0)
        {
            if (kind is not null)
            {
                WriteTable(ctx, kind, [], allNamespaces, defaultAsNumber);
            }

            return;
        }

        var groups = items.GroupBy(r => r.Kind, StringComparer.Ordinal).ToList();

        var first = true;
        foreach (var g in groups)
        {
            if (!first)
            {
                ctx.Out.WriteLine();
            }

            first = false;
            WriteTable(ctx, ResourceKinds.Find(g.Key)!, [.. g], allNamespaces, defaultAsNumber);
        }
    }

    private static ResourceList List(ResourceKind? kind, IReadOnlyList<Resource> items, string? revision)
    {
        var list = kind is not null ? ResourceList.Of(kind, items) : ResourceList.Generic(items);
        list.ResourceVersion = revision;
        return list;
    }

    private void WriteTable(CtlContext ctx, ResourceKind kind, IReadOnlyList<Resource> items, bool allNamespaces, string defaultAsNumber)
    {
        var columns = Format == "custom-columns" ? Custom(kind, defaultAsNumber) : [.. KindColumns.For(kind, Format == "wide", defaultAsNumber)];
        if (kind.Namespaced && allNamespaces && Format != "custom-columns")
        {
            columns.Insert(0, Column.At("NAMESPACE", "metadata.namespace"));
        }

        var nodes = items.Select(r => (JsonObject)ResourceSerializer.ToJsonNode(r)).ToList();
        TabTable.Write(ctx.Out, [.. columns.Select(c => c.Heading)], nodes.Select(n => (IReadOnlyList<string>)[.. columns.Select(c => c.Value(n))]));
    }

    private List<Column> Custom(ResourceKind kind, string defaultAsNumber)
    {
        var known = KindColumns.For(kind, wide: true, defaultAsNumber).Concat(KindColumns.For(kind, wide: false, defaultAsNumber))
            .Append(Column.At("NAMESPACE", "metadata.namespace"))
            .ToList();
        var columns = new List<Column>();
        foreach (var part in Spec!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var colon = part.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
            {
                var path = part[(colon + 1)..].TrimStart('{').TrimEnd('}').TrimStart('.');
                columns.Add(Column.At(part[..colon], path));
                continue;
            }

            columns.Add(known.FirstOrDefault(c => string.Equals(c.Heading, part, StringComparison.OrdinalIgnoreCase))
                ?? throw new CtlException($"unknown custom column '{part}' for {kind.Kind}: use one of {string.Join(", ", known.Select(c => c.Heading).Distinct())} or HEADING:field.path"));
        }

        return columns;
    }
}
