using Calico.Sdk.Resources;
using Calico.Sdk.Validation;
using Xunit;

namespace Calico.Sdk.Tests.Validation;

internal static class ValidationAssert
{
    private const int DocumentIndex = 3;

    /// <summary>Asserts that validation finds exactly one error, at <paramref name="path"/> with <paramref name="value"/>.</summary>
    public static ResourceError SingleError(Resource resource, string path, string? value, string messageFragment)
    {
        var errors = ResourceValidator.Validate(resource, DocumentIndex);
        var error = Assert.Single(errors);
        Assert.Equal(DocumentIndex, error.DocumentIndex);
        Assert.Equal(path, error.Path);
        Assert.Equal(value, error.Value);
        Assert.Contains(messageFragment, error.Message, StringComparison.Ordinal);
        return error;
    }

    /// <summary>Asserts that validation reports an error at <paramref name="path"/> (among possibly others).</summary>
    public static ResourceError HasError(Resource resource, string path, string messageFragment)
    {
        var errors = ResourceValidator.Validate(resource, DocumentIndex);
        var error = errors.FirstOrDefault(e => e.Path == path);
        Assert.True(error is not null, $"no error at {path}; got: {string.Join("; ", errors)}");
        Assert.Contains(messageFragment, error.Message, StringComparison.Ordinal);
        return error;
    }

    public static void Valid(Resource resource)
    {
        var errors = ResourceValidator.Validate(resource);
        Assert.True(errors.Count == 0, string.Join("; ", errors));
    }
}
