using Calico.Ctl.Cli;
using Calico.Sdk.Serialization;

namespace Calico.Ctl.Input;

/// <summary>
/// Reads <c>-f</c> inputs: a file, every <c>.yaml</c>/<c>.yml</c>/<c>.json</c> file of a directory (sorted; with
/// <c>-R</c> recursively) or <c>-</c> for stdin; each multi-document YAML, concatenated JSON or <c>kind: List</c>.
/// </summary>
internal static class InputLoader
{
    public static List<InputDocument> Load(CtlContext ctx, IReadOnlyList<string> names, bool recursive, bool validate, bool skipEmpty = false, bool applyDefaults = true)
    {
        if (names.Count == 0)
        {
            throw new CtlException("Failed to execute command: no resources specified (use -f FILE, a directory, or - for stdin)");
        }

        var options = new ReadOptions { ApplyDefaults = validate && applyDefaults, Validate = validate };
        var documents = new List<InputDocument>();
        foreach (var name in names)
        {
            foreach (var (source, text) in Texts(ctx, name, recursive))
            {
                var results = ResourceSerializer.ReadDocuments(text, options);
                if (results.Count == 0 && !skipEmpty)
                {
                    throw new CtlException($"Failed to execute command: no resources specified in {source}");
                }

                documents.AddRange(results.Select(r => new InputDocument(source, r.DocumentIndex, r.ItemIndex, r.Resource, r.Errors)));
            }
        }

        if (documents.Count == 0)
        {
            throw new CtlException("Failed to execute command: no resources specified");
        }

        return documents;
    }

    private static IEnumerable<(string Source, string Text)> Texts(CtlContext ctx, string name, bool recursive)
    {
        if (name == "-")
        {
            yield return ("stdin", ctx.In().ReadToEnd());
            yield break;
        }

        var path = ctx.ResolvePath(name);
        if (Directory.Exists(path))
        {
            var files = Directory.EnumerateFiles(path, "*", recursive ? SearchOption.AllDirectories : SearchOption.TopDirectoryOnly)
                .Where(f => f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".yml", StringComparison.Ordinal) || f.EndsWith(".json", StringComparison.Ordinal))
                .Order(StringComparer.Ordinal)
                .ToList();
            foreach (var file in files)
            {
                yield return (Path.Join(name, Path.GetRelativePath(path, file)), File.ReadAllText(file));
            }

            yield break;
        }

        if (!File.Exists(path))
        {
            throw new CtlException($"Failed to execute command: open {name}: no such file or directory");
        }

        yield return (name, File.ReadAllText(path));
    }
}
