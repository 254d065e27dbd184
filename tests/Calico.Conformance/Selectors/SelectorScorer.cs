using Calico.Sdk.Selectors;

namespace Calico.Conformance.Selectors;

/// <summary>Runs every vector through the SDK's <see cref="Selector"/> and records the outcome.</summary>
internal static class SelectorScorer
{
    public static void Score(SelectorVectors vectors, Scoreboard board)
    {
        foreach (var c in vectors.Cases)
        {
            ScoreCase(c, board);
        }

        for (var i = 0; i < vectors.Invalid.Count; i++)
        {
            var text = vectors.Invalid[i];
            if (Selector.TryParse(text, out var parsed, out _))
            {
                board.Fail($"invalid[{i}]", $"selector: {Scoreboard.Quote(text)}", "expected: a parse error", $"actual:   parsed as {Scoreboard.Quote(parsed.ToString())}");
            }
            else
            {
                board.Pass();
            }
        }

        foreach (var v in vectors.Valid)
        {
            ScoreCanonical(v.Where, v.Selector, v.Canonical, null, board);
        }

        foreach (var c in vectors.Canonical)
        {
            ScoreCanonical(c.Where, c.In, c.Out, c.Uid, board);
        }

        foreach (var p in vectors.PrefixVisitor)
        {
            ScorePrefix(p, board);
        }
    }

    private static void ScoreCase(EvaluationCase c, Scoreboard board)
    {
        var labels = "{" + string.Join(", ", c.Labels.Select(l => $"{Scoreboard.Quote(l.Key)}: {Scoreboard.Quote(l.Value)}")) + "}";
        if (!Selector.TryParse(c.Selector, out var selector, out var error))
        {
            board.Fail(c.Where, $"selector: {Scoreboard.Quote(c.Selector)}", $"labels:   {labels}", $"expected: {Lower(c.Matches)}", $"actual:   parse error: {error.Message}");
            return;
        }

        var actual = selector.Matches(c.Labels);
        if (actual == c.Matches)
        {
            board.Pass();
        }
        else
        {
            board.Fail(c.Where, $"selector: {Scoreboard.Quote(c.Selector)}", $"labels:   {labels}", $"expected: {Lower(c.Matches)}", $"actual:   {Lower(actual)}");
        }
    }

    private static void ScoreCanonical(string where, string text, string? canonical, string? uid, Scoreboard board)
    {
        if (!Selector.TryParse(text, out var selector, out var error))
        {
            board.Fail(where, $"selector: {Scoreboard.Quote(text)}", $"expected: {Describe(canonical, uid)}", $"actual:   parse error: {error.Message}");
            return;
        }

        var actualCanonical = selector.ToString();
        var canonicalOk = canonical is null || actualCanonical == canonical;
        var uidOk = uid is null || selector.UniqueId == uid;
        if (canonicalOk && uidOk)
        {
            board.Pass();
        }
        else
        {
            board.Fail(where, $"selector: {Scoreboard.Quote(text)}", $"expected: {Describe(canonical ?? actualCanonical, uid)}", $"actual:   {Describe(actualCanonical, uid is null ? null : selector.UniqueId)}");
        }
    }

    private static void ScorePrefix(PrefixCase p, Scoreboard board)
    {
        string actual;
        try
        {
            actual = Selector.Parse(p.In).WithLabelPrefix(p.Prefix).ToString();
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            actual = $"error: {e.Message}";
        }

        if (actual == p.Out)
        {
            board.Pass();
        }
        else
        {
            board.Fail(p.Where, $"selector: {Scoreboard.Quote(p.In)}", $"prefix:   {Scoreboard.Quote(p.Prefix)}", $"expected: {Scoreboard.Quote(p.Out)}", $"actual:   {Scoreboard.Quote(actual)}");
        }
    }

    private static string Describe(string? canonical, string? uid) =>
        (canonical is null ? "parses" : Scoreboard.Quote(canonical)) + (uid is null ? string.Empty : $" uid {uid}");

    private static string Lower(bool value) => value ? "true" : "false";
}
