using System.Text.Json;

namespace Calico.Conformance.Selectors;

/// <summary><c>selectors --vectors FILE</c>: scores the selector language against a vectors file.</summary>
internal sealed class SelectorsCommand : IConformanceCommand
{
    public string Name => "selectors";

    public string Usage => "selectors --vectors FILE";

    public string Summary => "parse, evaluate, canonicalise and prefix selectors from FILE (lists: " + string.Join(", ", SelectorVectors.ListNames) + ")";

    public int Run(string[] args, TextWriter output, TextWriter error)
    {
        if (args.Length != 2 || args[0] != "--vectors" || string.IsNullOrWhiteSpace(args[1]))
        {
            error.WriteLine($"usage: Calico.Conformance {Usage}");
            return ExitCodes.Usage;
        }

        var path = args[1];
        SelectorVectors vectors;
        try
        {
            vectors = SelectorVectors.Parse(File.ReadAllText(path));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or InvalidDataException)
        {
            error.WriteLine($"cannot read selector vectors from '{path}': {e.Message}");
            return ExitCodes.Usage;
        }

        if (vectors.ListsPresent == 0)
        {
            error.WriteLine($"'{path}' holds none of the vector lists {string.Join(", ", SelectorVectors.ListNames)}");
            return ExitCodes.Usage;
        }

        var board = new Scoreboard(output);
        SelectorScorer.Score(vectors, board);
        return board.Finish();
    }
}
