using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Text;
using Calico.Sdk.Hashing;

namespace Calico.Sdk.Selectors;

/// <summary>
/// A parsed, immutable Calico label selector (<c>app == "web" &amp;&amp; tier in {"a", "b"} &amp;&amp; !has(x)</c>).
/// Two selectors are equal when their canonical forms (<see cref="ToString"/>) are equal.
/// </summary>
/// <remarks>Thread-safe: every member may be used concurrently.</remarks>
public sealed class Selector : IEquatable<Selector>
{
    private readonly SelectorNode _root;
    private readonly string _canonical;
    private string? _uniqueId;
    private IReadOnlyCollection<string>? _labelNames;

    private Selector(SelectorNode root)
    {
        _root = root;
        _canonical = root.ToString();
    }

    /// <summary>The selector that matches everything: <c>all()</c>, also the result of parsing an empty string.</summary>
    public static Selector All { get; } = new(ConstantNode.All);

    /// <summary>
    /// The unique id Calico derives from the canonical form, used to name IP sets:
    /// <c>"s:" + base64url-nopad(SHA-224("s:" + canonical))</c>.
    /// </summary>
    public string UniqueId => _uniqueId ??= ComputeUniqueId(_canonical);

    /// <summary>The distinct label names this selector refers to, in ordinal order.</summary>
    public IReadOnlyCollection<string> LabelNames => _labelNames ??= CollectLabelNames(_root);

    /// <summary>Parses a selector; empty or whitespace-only text yields <see cref="All"/>.</summary>
    /// <param name="text">The selector text.</param>
    /// <returns>The parsed selector.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    /// <exception cref="SelectorParseException">The text is not a valid selector.</exception>
    public static Selector Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return SelectorParser.TryParse(text, out var root, out var error) ? new Selector(root) : throw error;
    }

    /// <summary>Parses a selector without throwing.</summary>
    /// <param name="text">The selector text; null is reported as an error.</param>
    /// <param name="selector">The parsed selector on success.</param>
    /// <param name="error">What is wrong and where, on failure.</param>
    /// <returns>Whether <paramref name="text"/> is a valid selector.</returns>
    public static bool TryParse(
        string? text,
        [NotNullWhen(true)] out Selector? selector,
        [NotNullWhen(false)] out SelectorParseException? error)
    {
        if (text is null)
        {
            selector = null;
            error = new SelectorParseException(string.Empty, 0, "a selector string, not null");
            return false;
        }

        if (SelectorParser.TryParse(text, out var root, out error))
        {
            selector = new Selector(root);
            return true;
        }

        selector = null;
        return false;
    }

    /// <summary>Evaluates the selector against <paramref name="labels"/>.</summary>
    /// <param name="labels">The labels, e.g. an endpoint's effective (inherited) labels.</param>
    /// <returns>Whether the labels match.</returns>
    public bool Matches(ILabelSource labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        return SelectorEvaluator.Evaluate(_root, ref labels);
    }

    /// <summary>Evaluates the selector against a struct label source without boxing it.</summary>
    /// <typeparam name="TLabels">The label source type.</typeparam>
    /// <param name="labels">The labels.</param>
    /// <returns>Whether the labels match.</returns>
    public bool Matches<TLabels>(TLabels labels)
        where TLabels : ILabelSource
    {
        // Not ThrowIfNull(object), nor a bare "is null": unoptimised (Debug) code would box a struct source on
        // every call. The IsValueType test short-circuits before the box is reached.
        if (!typeof(TLabels).IsValueType && labels is null)
        {
            throw new ArgumentNullException(nameof(labels));
        }

        return SelectorEvaluator.Evaluate(_root, ref labels);
    }

    /// <summary>Evaluates the selector against a label map.</summary>
    /// <param name="labels">The labels, keyed by name.</param>
    /// <returns>Whether the labels match.</returns>
    public bool Matches(IReadOnlyDictionary<string, string> labels)
    {
        if (labels is Dictionary<string, string> dictionary)
        {
            var direct = new ConcreteDictionaryLabelSource(dictionary);
            return SelectorEvaluator.Evaluate(_root, ref direct);
        }

        var source = new DictionaryLabelSource(labels);
        return SelectorEvaluator.Evaluate(_root, ref source);
    }

    /// <summary>
    /// Returns this selector with <paramref name="prefix"/> put in front of every label name, as Calico does to
    /// turn namespace and service-account selectors into <c>pcns.</c> / <c>pcsa.</c> label selectors.
    /// </summary>
    /// <param name="prefix">Label characters only (<c>A-Z a-z 0-9 _ . / -</c>).</param>
    /// <returns>The rewritten selector.</returns>
    /// <exception cref="ArgumentException">The prefix has other characters or makes a label name too long.</exception>
    public Selector WithLabelPrefix(string prefix)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        for (var i = 0; i < prefix.Length; i++)
        {
            if (!LabelText.IsLabelChar(prefix[i]))
            {
                throw new ArgumentException(
                    $"label prefix \"{prefix}\" has '{prefix[i]}' at position {i}; only A-Z a-z 0-9 _ . / - are allowed",
                    nameof(prefix));
            }
        }

        if (prefix.Length == 0)
        {
            return this;
        }

        foreach (var name in LabelNames)
        {
            if (name.Length + prefix.Length > LabelText.MaxLabelLength)
            {
                throw new ArgumentException(
                    $"label prefix \"{prefix}\" makes label \"{name}\" longer than {LabelText.MaxLabelLength} characters",
                    nameof(prefix));
            }
        }

        return new Selector(_root.WithLabelPrefix(prefix));
    }

    /// <summary>The canonical form, as Calico's <c>String()</c> renders it.</summary>
    /// <returns>The canonical selector string.</returns>
    public override string ToString() => _canonical;

    /// <inheritdoc />
    public bool Equals(Selector? other) =>
        other is not null && string.Equals(_canonical, other._canonical, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as Selector);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(_canonical);

    /// <summary>Whether two selectors have the same canonical form.</summary>
    /// <param name="left">One selector.</param>
    /// <param name="right">The other.</param>
    /// <returns>Whether they are equal.</returns>
    public static bool operator ==(Selector? left, Selector? right) => left is null ? right is null : left.Equals(right);

    /// <summary>Whether two selectors differ in canonical form.</summary>
    /// <param name="left">One selector.</param>
    /// <param name="right">The other.</param>
    /// <returns>Whether they differ.</returns>
    public static bool operator !=(Selector? left, Selector? right) => !(left == right);

    private static string ComputeUniqueId(string canonical)
    {
        var input = Encoding.UTF8.GetBytes("s:" + canonical);
        Span<byte> digest = stackalloc byte[Sha224.HashSizeInBytes];
        Sha224.HashData(input, digest);
        return "s:" + Base64Url.EncodeToString(digest);
    }

    private static IReadOnlyCollection<string> CollectLabelNames(SelectorNode root)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        root.CollectLabels(names);
        var sorted = names.ToArray();
        Array.Sort(sorted, StringComparer.Ordinal);
        return Array.AsReadOnly(sorted);
    }
}
