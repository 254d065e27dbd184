using System.Text.Json;
using Calico.TestSupport;
using Xunit;

namespace Calico.Sdk.Tests.Selectors;

/// <summary>Theory data from tests/data/selectors/selectors.json (copied from the shared conformance vectors).</summary>
public static class SelectorVectorData
{
    private static readonly Lazy<JsonDocument> Document = new(() =>
        JsonDocument.Parse(File.ReadAllText(RepoPaths.TestData(Path.Combine("selectors", "selectors.json")))));

    // Rows carry their index so identical rows stay distinct test cases; labels travel as JSON text.
    public static TheoryData<int, string, string, bool> Cases()
    {
        var data = new TheoryData<int, string, string, bool>();
        var index = 0;
        foreach (var item in List("cases"))
        {
            data.Add(index++, item.GetProperty("selector").GetString()!, item.GetProperty("labels").GetRawText(), item.GetProperty("matches").GetBoolean());
        }

        return data;
    }

    public static TheoryData<int, string> Invalid()
    {
        var data = new TheoryData<int, string>();
        var index = 0;
        foreach (var item in List("invalid"))
        {
            data.Add(index++, item.GetString()!);
        }

        return data;
    }

    public static TheoryData<int, string, string> Valid()
    {
        var data = new TheoryData<int, string, string>();
        var index = 0;
        foreach (var item in List("valid"))
        {
            data.Add(index++, item.GetProperty("selector").GetString()!, item.GetProperty("canonical").GetString()!);
        }

        return data;
    }

    public static TheoryData<int, string, string, string> Canonical()
    {
        var data = new TheoryData<int, string, string, string>();
        var index = 0;
        foreach (var item in List("canonical"))
        {
            data.Add(index++, item.GetProperty("in").GetString()!, item.GetProperty("out").GetString()!, item.GetProperty("uid").GetString()!);
        }

        return data;
    }

    public static TheoryData<int, string, string, string> PrefixVisitor()
    {
        var data = new TheoryData<int, string, string, string>();
        var index = 0;
        foreach (var item in List("prefix_visitor"))
        {
            data.Add(index++, item.GetProperty("in").GetString()!, item.GetProperty("prefix").GetString()!, item.GetProperty("out").GetString()!);
        }

        return data;
    }

    public static int Count(string list) => Document.Value.RootElement.GetProperty(list).GetArrayLength();

    private static JsonElement.ArrayEnumerator List(string name) => Document.Value.RootElement.GetProperty(name).EnumerateArray();
}
