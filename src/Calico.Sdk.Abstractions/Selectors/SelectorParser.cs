using System.Diagnostics.CodeAnalysis;

namespace Calico.Sdk.Selectors;

/// <summary>
/// Recursive-descent parser for the Calico selector grammar, reading characters directly (the lexical rules are
/// applied where each token is expected, which lets errors say what was expected). Failures are reported through
/// return values rather than exceptions so <see cref="Selector.TryParse"/> stays cheap.
/// </summary>
internal sealed partial class SelectorParser
{
    /// <summary>
    /// Deepest parenthesis nesting accepted. Calico has no limit; one is kept here so hostile input cannot
    /// exhaust the stack of the recursive parser, evaluator and writer. Real selectors nest a handful of levels.
    /// </summary>
    public const int MaxNestingDepth = 200;

    private const string ExpectedOperand = "a label, \"has(\", \"all()\", \"global()\", \"!\" or \"(\"";

    private readonly string _text;
    private int _pos;
    private int _depth;
    private int _errorPosition;
    private string? _expected;

    private SelectorParser(string text) => _text = text;

    private bool AtEnd => _pos >= _text.Length;

    /// <summary>Parses <paramref name="text"/>; empty or whitespace-only text is <c>all()</c>.</summary>
    /// <param name="text">The selector.</param>
    /// <param name="root">The AST when parsing succeeds.</param>
    /// <param name="error">The error when it fails.</param>
    /// <returns>Whether <paramref name="text"/> is a valid selector.</returns>
    public static bool TryParse(string text, [NotNullWhen(true)] out SelectorNode? root, [NotNullWhen(false)] out SelectorParseException? error)
    {
        var parser = new SelectorParser(text);
        root = parser.ParseSelector();
        if (root is null)
        {
            error = new SelectorParseException(text, parser._errorPosition, parser._expected ?? ExpectedOperand);
            return false;
        }

        error = null;
        return true;
    }

    private SelectorNode? ParseSelector()
    {
        SkipWhitespace();
        if (AtEnd)
        {
            return ConstantNode.All;
        }

        var node = ParseOr();
        if (node is null)
        {
            return null;
        }

        SkipWhitespace();
        return AtEnd ? node : Fail("\"&&\", \"||\" or the end of the selector");
    }

    private SelectorNode? ParseOr()
    {
        var first = ParseAnd();
        if (first is null)
        {
            return null;
        }

        SkipWhitespace();
        if (!LookingAt("||"))
        {
            return first;
        }

        var operands = new List<SelectorNode> { first };
        while (LookingAt("||"))
        {
            _pos += 2;
            var next = ParseAnd();
            if (next is null)
            {
                return null;
            }

            operands.Add(next);
            SkipWhitespace();
        }

        return new BooleanNode(NodeKind.Or, [.. operands]);
    }

    private SelectorNode? ParseAnd()
    {
        var first = ParseUnary();
        if (first is null)
        {
            return null;
        }

        SkipWhitespace();
        if (!LookingAt("&&"))
        {
            return first;
        }

        var operands = new List<SelectorNode> { first };
        while (LookingAt("&&"))
        {
            _pos += 2;
            var next = ParseUnary();
            if (next is null)
            {
                return null;
            }

            operands.Add(next);
            SkipWhitespace();
        }

        return new BooleanNode(NodeKind.And, [.. operands]);
    }

    private SelectorNode? ParseUnary()
    {
        // A run of "!" collapses to one negation when its length is odd ("!=" is an operator, not a negation).
        var negated = false;
        while (true)
        {
            SkipWhitespace();
            if (!LookingAt('!') || LookingAt("!="))
            {
                break;
            }

            negated = !negated;
            _pos++;
        }

        var primary = ParsePrimary();
        return primary is null ? null : negated ? new NotNode(primary) : primary;
    }

    private SelectorNode? ParsePrimary()
    {
        if (AtEnd)
        {
            return Fail(ExpectedOperand);
        }

        if (LookingAt('('))
        {
            return ParseGroup();
        }

        // Function tokens are recognised only as exact prefixes: "has (a)" is the label "has" followed by "(".
        if (LookingAt("has("))
        {
            _pos += 4;
            SkipWhitespace();
            var label = ReadLabel();
            if (label is null)
            {
                return null;
            }

            return ExpectClose() ? new HasNode(label) : null;
        }

        if (LookingAt("all("))
        {
            _pos += 4;
            return ExpectClose() ? ConstantNode.All : null;
        }

        if (LookingAt("global("))
        {
            _pos += 7;
            return ExpectClose() ? ConstantNode.Global : null;
        }

        return LabelText.IsLabelChar(_text[_pos]) ? ParseLabelExpression() : Fail(ExpectedOperand);
    }

    private SelectorNode? ParseGroup()
    {
        if (++_depth > MaxNestingDepth)
        {
            return Fail($"at most {MaxNestingDepth} nested parentheses");
        }

        _pos++;
        var inner = ParseOr();
        if (inner is null)
        {
            return null;
        }

        SkipWhitespace();
        if (!LookingAt(')'))
        {
            return Fail("\"&&\", \"||\" or \")\"");
        }

        _pos++;
        _depth--;

        // Redundant parentheses leave no trace in the tree (nor in the canonical form).
        return inner;
    }

    private bool ExpectClose()
    {
        SkipWhitespace();
        if (!LookingAt(')'))
        {
            Fail("\")\"");
            return false;
        }

        _pos++;
        return true;
    }

    private SelectorNode? Fail(string expected)
    {
        _errorPosition = _pos;
        _expected = expected;
        return null;
    }

    private void SkipWhitespace()
    {
        while (!AtEnd && LabelText.IsWhitespace(_text[_pos]))
        {
            _pos++;
        }
    }

    private bool LookingAt(char c) => _pos < _text.Length && _text[_pos] == c;

    private bool LookingAt(string token) => _text.AsSpan(_pos).StartsWith(token, StringComparison.Ordinal);
}
