using Calico.Ctl.Cli;
using Calico.Ctl.Input;

namespace Calico.Ctl.Commands;

/// <summary>
/// Per-document outcomes of a write batch and calicoctl's summary of them: <c>Successfully created 3 'IPPool'
/// resource(s)</c>; <c>Failed to create 'IPPool' resource: …</c>, <c>Failed to create any 'IPPool' resources: …</c>;
/// or <c>Partial success: …</c> naming exactly which documents succeeded and, on <c>hit error:</c> lines, which failed.
/// </summary>
internal sealed class BatchResult(string verb)
{
    private readonly List<(InputDocument Doc, string Kind, string Id, string? Error)> _outcomes = [];

    public void Succeeded(InputDocument doc, string kind, string id) => _outcomes.Add((doc, kind, id, null));

    public void Failed(InputDocument doc, string kind, string id, string error) => _outcomes.Add((doc, kind, id, error));

    public int Report(CtlContext ctx)
    {
        var kinds = _outcomes.Select(o => o.Kind).Distinct(StringComparer.Ordinal).ToList();
        var kindText = kinds.Count == 1 ? $" '{kinds[0]}'" : string.Empty;
        var ok = _outcomes.Where(o => o.Error is null).ToList();
        var failed = _outcomes.Where(o => o.Error is not null).ToList();
        var past = Messages.Past(verb);
        if (failed.Count == 0)
        {
            ctx.Out.WriteLine($"Successfully {past} {ok.Count}{kindText} resource(s)");
            return 0;
        }

        if (ok.Count == 0)
        {
            var head = _outcomes.Count == 1
                ? $"Failed to {verb}{kindText} resource: "
                : $"Failed to {verb} any{kindText} resources:";
            ctx.Err.WriteLine(head + (failed.Count == 1 ? Line(failed[0]) : string.Join(string.Empty, failed.Select(f => "\nhit error: " + Line(f)))));
            return 1;
        }

        ctx.Err.WriteLine($"Partial success: {past} {ok.Count} out of {_outcomes.Count}{kindText} resources:");
        foreach (var o in ok)
        {
            ctx.Err.WriteLine($"{past}: {o.Id} ({o.Doc.Where})");
        }

        foreach (var f in failed)
        {
            ctx.Err.WriteLine("hit error: " + Line(f));
        }

        return 1;
    }

    private static string Line((InputDocument Doc, string Kind, string Id, string? Error) o) => $"{o.Error} ({o.Doc.Where})";
}
