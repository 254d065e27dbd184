namespace Calico.Sdk.Selectors;

/// <summary>The kind of an AST node; the evaluator switches on it instead of making virtual calls.</summary>
internal enum NodeKind : byte
{
    /// <summary><c>all()</c>.</summary>
    All,

    /// <summary><c>global()</c>: true in raw evaluation (scoping is applied by rewriting).</summary>
    Global,

    /// <summary><c>has(label)</c>.</summary>
    Has,

    /// <summary><c>label == "v"</c>.</summary>
    Equal,

    /// <summary><c>label != "v"</c>.</summary>
    NotEqual,

    /// <summary><c>label contains "v"</c>.</summary>
    Contains,

    /// <summary><c>label starts with "v"</c>.</summary>
    StartsWith,

    /// <summary><c>label ends with "v"</c>.</summary>
    EndsWith,

    /// <summary><c>label in {...}</c>.</summary>
    In,

    /// <summary><c>label not in {...}</c>.</summary>
    NotIn,

    /// <summary><c>!operand</c>.</summary>
    Not,

    /// <summary><c>a &amp;&amp; b &amp;&amp; ...</c>.</summary>
    And,

    /// <summary><c>a || b || ...</c>.</summary>
    Or,
}
