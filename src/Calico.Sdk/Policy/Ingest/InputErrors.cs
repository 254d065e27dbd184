namespace Calico.Sdk.Policy.Ingest;

/// <summary>Collects field errors while one object is converted.</summary>
internal sealed class InputErrors
{
    private readonly List<(string Field, string Message)> _errors = [];

    public bool Any => _errors.Count > 0;

    public IReadOnlyList<(string Field, string Message)> Items => _errors;

    public void Add(string field, string message) => _errors.Add((field, message));
}
