namespace Calico.Sdk.Selectors;

/// <summary>Label expressions, string literals and sets.</summary>
internal sealed partial class SelectorParser
{
    private const string ExpectedOperator = "an operator (==, !=, contains, starts with, ends with, in or not in)";

    private SelectorNode? ParseLabelExpression()
    {
        var label = ReadLabel();
        if (label is null)
        {
            return null;
        }

        // Calico's tokenizer demands an operator right after a label.
        SkipWhitespace();
        NodeKind kind;
        if (LookingAt("=="))
        {
            _pos += 2;
            kind = NodeKind.Equal;
        }
        else if (LookingAt("!="))
        {
            _pos += 2;
            kind = NodeKind.NotEqual;
        }
        else if (TryWordOperator("contains", null))
        {
            kind = NodeKind.Contains;
        }
        else if (TryWordOperator("starts", "with"))
        {
            kind = NodeKind.StartsWith;
        }
        else if (TryWordOperator("ends", "with"))
        {
            kind = NodeKind.EndsWith;
        }
        else if (TryWordOperator("not", "in"))
        {
            return ParseSet(NodeKind.NotIn, label);
        }
        else if (TryWordOperator("in", null))
        {
            return ParseSet(NodeKind.In, label);
        }
        else
        {
            return Fail(ExpectedOperator);
        }

        SkipWhitespace();
        var value = ReadString("a quoted string");
        return value is null ? null : new LabelValueNode(kind, label, value);
    }

    /// <summary>
    /// Matches a word operator (<paramref name="first"/>, optionally whitespace and <paramref name="second"/>)
    /// that is not followed by a label character; "startswith" and "notin" are accepted as Calico does.
    /// </summary>
    private bool TryWordOperator(string first, string? second)
    {
        var start = _pos;
        if (!LookingAt(first))
        {
            return false;
        }

        _pos += first.Length;
        if (second is not null)
        {
            SkipWhitespace();
            if (!LookingAt(second))
            {
                _pos = start;
                return false;
            }

            _pos += second.Length;
        }

        if (!AtEnd && LabelText.IsLabelChar(_text[_pos]))
        {
            _pos = start;
            return false;
        }

        return true;
    }

    private LabelSetNode? ParseSet(NodeKind kind, string label)
    {
        SkipWhitespace();
        if (!LookingAt('{'))
        {
            Fail("\"{\"");
            return null;
        }

        _pos++;
        var values = new List<string>();
        SkipWhitespace();
        while (!LookingAt('}'))
        {
            var value = ReadString("a quoted string or \"}\"");
            if (value is null)
            {
                return null;
            }

            values.Add(value);
            SkipWhitespace();
            if (LookingAt(','))
            {
                // A trailing comma before "}" is legal.
                _pos++;
                SkipWhitespace();
            }
            else if (!LookingAt('}'))
            {
                Fail("\",\" or \"}\"");
                return null;
            }
        }

        _pos++;
        return new LabelSetNode(kind, label, values);
    }

    private string? ReadLabel()
    {
        var start = _pos;
        while (!AtEnd && LabelText.IsLabelChar(_text[_pos]))
        {
            _pos++;
        }

        if (_pos == start)
        {
            Fail("a label name ([A-Za-z0-9_./-])");
            return null;
        }

        if (_pos - start > LabelText.MaxLabelLength)
        {
            _pos = start;
            Fail($"a label name of at most {LabelText.MaxLabelLength} characters");
            return null;
        }

        return LabelText.Share(_text[start.._pos]);
    }

    private string? ReadString(string expected)
    {
        if (AtEnd || _text[_pos] is not ('"' or '\''))
        {
            Fail(expected);
            return null;
        }

        // No escape sequences: the literal ends at the next matching quote; the other quote may appear inside.
        var quote = _text[_pos];
        var close = _text.IndexOf(quote, _pos + 1);
        if (close < 0)
        {
            var open = _pos;
            _pos = _text.Length;
            Fail($"{quote} to close the string opened at position {open}");
            return null;
        }

        var value = LabelText.Share(_text[(_pos + 1)..close]);
        _pos = close + 1;
        return value;
    }
}
