using System.Collections;

namespace Calico.Sdk.Policy;

/// <summary>
/// An immutable list with structural equality, so that the policy records built from it compare by content
/// (a dataplane can diff two <see cref="EndpointProgram"/>s with <c>==</c>).
/// </summary>
/// <typeparam name="T">The element type; its own <see cref="object.Equals(object)"/> decides element equality.</typeparam>
/// <remarks><c>default</c> is an empty list. Thread-safe: the contents never change after construction.</remarks>
public readonly struct EquatableArray<T> : IReadOnlyList<T>, IEquatable<EquatableArray<T>>
{
    private readonly T[]? _items;

    /// <summary>Copies <paramref name="items"/> into a new list.</summary>
    /// <param name="items">The elements, in order.</param>
    public EquatableArray(IEnumerable<T> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        _items = [.. items];
    }

    private EquatableArray(T[] items, bool _) => _items = items;

    /// <summary>The empty list.</summary>
    public static EquatableArray<T> Empty => default;

    /// <inheritdoc />
    public int Count => _items?.Length ?? 0;

    /// <inheritdoc />
    public T this[int index] => (_items ?? [])[index];

    /// <summary>Wraps an array the caller promises never to modify again (no copy).</summary>
    /// <param name="items">The elements.</param>
    /// <returns>The list.</returns>
    public static EquatableArray<T> Wrap(T[] items)
    {
        ArgumentNullException.ThrowIfNull(items);
        return new EquatableArray<T>(items, false);
    }

    /// <summary>Enumerates without allocating.</summary>
    /// <returns>The enumerator.</returns>
    public ReadOnlySpan<T>.Enumerator GetEnumerator() => new ReadOnlySpan<T>(_items).GetEnumerator();

    /// <summary>The elements as a span.</summary>
    /// <returns>The span.</returns>
    public ReadOnlySpan<T> AsSpan() => _items;

    /// <inheritdoc />
    IEnumerator<T> IEnumerable<T>.GetEnumerator() => ((IEnumerable<T>)(_items ?? [])).GetEnumerator();

    /// <inheritdoc />
    IEnumerator IEnumerable.GetEnumerator() => (_items ?? []).GetEnumerator();

    /// <inheritdoc />
    public bool Equals(EquatableArray<T> other)
    {
        var a = _items ?? [];
        var b = other._items ?? [];
        if (a.Length != b.Length)
        {
            return false;
        }

        var comparer = EqualityComparer<T>.Default;
        for (var i = 0; i < a.Length; i++)
        {
            if (!comparer.Equals(a[i], b[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is EquatableArray<T> other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = default(HashCode);
        foreach (var item in _items ?? [])
        {
            hash.Add(item);
        }

        return hash.ToHashCode();
    }

    /// <summary>Renders the elements separated by commas, in brackets.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => "[" + string.Join(", ", _items ?? []) + "]";

    /// <summary>Structural equality.</summary>
    /// <param name="left">One list.</param>
    /// <param name="right">The other.</param>
    /// <returns>Whether they hold equal elements in the same order.</returns>
    public static bool operator ==(EquatableArray<T> left, EquatableArray<T> right) => left.Equals(right);

    /// <summary>Structural inequality.</summary>
    /// <param name="left">One list.</param>
    /// <param name="right">The other.</param>
    /// <returns>Whether they differ.</returns>
    public static bool operator !=(EquatableArray<T> left, EquatableArray<T> right) => !left.Equals(right);
}
