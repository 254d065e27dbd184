using System.Globalization;
using Calico.Sdk.Resources;
using Calico.Sdk.Serialization;

namespace Calico.Sdk.Validation;

/// <summary>Collects the errors of one resource with its document index and the path prefix of its fields.</summary>
internal sealed class ValidationContext
{
    private readonly List<ResourceError> _errors = [];
    private readonly int _documentIndex;
    private readonly string _prefix;

    public ValidationContext(int documentIndex, string prefix)
    {
        _documentIndex = documentIndex;
        _prefix = prefix;
    }

    public IReadOnlyList<ResourceError> Errors => _errors;

    public int Count => _errors.Count;

    public void Add(string path, string? value, string message) =>
        _errors.Add(new ResourceError(_documentIndex, PathText.Combine(_prefix, path), value, message));

    public void Add(string path, long value, string message) =>
        Add(path, value.ToString(CultureInfo.InvariantCulture), message);

    /// <summary>Reports a required field that is missing or empty.</summary>
    public bool Required(string path, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            Add(path, null, "required field is missing");
            return false;
        }

        return true;
    }

    /// <summary>Checks that a value, when present, is one of <paramref name="allowed"/> (case-sensitive, as Calico).</summary>
    public void OneOf(string path, string? value, params string[] allowed)
    {
        if (value is null || Array.IndexOf(allowed, value) >= 0)
        {
            return;
        }

        Add(path, value, "must be one of " + string.Join(", ", allowed));
    }

    public void Range(string path, long? value, long min, long max)
    {
        if (value is { } v && (v < min || v > max))
        {
            Add(path, v, string.Create(CultureInfo.InvariantCulture, $"must be between {min} and {max}"));
        }
    }

    public void MaxItems<T>(string path, ICollection<T>? list, int max)
    {
        if (list is not null && list.Count > max)
        {
            Add(path, list.Count, string.Create(CultureInfo.InvariantCulture, $"must have at most {max} items"));
        }
    }

    public void NoDuplicates(string path, IList<string>? list)
    {
        if (list is null)
        {
            return;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < list.Count; i++)
        {
            if (!seen.Add(list[i]))
            {
                Add(Paths.Index(path, i), list[i], "duplicate value");
            }
        }
    }
}
