using System.Collections;
using System.Reflection;
using Calico.Sdk.Resources;
using Calico.Sdk.Serialization;
using Xunit;

namespace Calico.Sdk.Tests.Serialization;

/// <summary>
/// Proves the round-trip fixtures exercise the whole model: every property of every type reachable from a kind's
/// spec and status is set (non-null, non-empty) somewhere in the fixtures.
/// </summary>
public sealed class FieldCoverageTests
{
    [Fact]
    public void Every_spec_and_status_field_of_every_kind_is_set_by_a_fixture()
    {
        var seen = new HashSet<(Type, string)>();
        foreach (var file in Fixtures.RoundTripFiles())
        {
            var resource = ResourceSerializer.Read(Fixtures.Read("roundtrip/" + file)).Single();
            foreach (var property in RootProperties(resource.GetType()))
            {
                Visit(property.GetValue(resource), seen);
            }
        }

        var missing = new List<string>();
        var reachable = new HashSet<Type>();
        foreach (var kind in ResourceKinds.All)
        {
            foreach (var property in RootProperties(kind.ClrType))
            {
                CollectTypes(property.PropertyType, reachable);
            }
        }

        foreach (var type in reachable)
        {
            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                if (!seen.Contains((type, property.Name)))
                {
                    missing.Add($"{type.Name}.{property.Name}");
                }
            }
        }

        Assert.True(missing.Count == 0, "never set by a fixture: " + string.Join(", ", missing.Order(StringComparer.Ordinal)));
    }

    [Fact]
    public void The_network_policy_fixture_sets_every_metadata_field()
    {
        var policy = ResourceSerializer.Read(Fixtures.Read("roundtrip/networkpolicy.yaml")).Single();
        var seen = new HashSet<(Type, string)>();
        Visit(policy.Metadata, seen);
        var missing = typeof(ObjectMeta).GetProperties().Where(p => !seen.Contains((typeof(ObjectMeta), p.Name))).Select(p => p.Name).ToList();
        missing.AddRange(typeof(OwnerReference).GetProperties().Where(p => !seen.Contains((typeof(OwnerReference), p.Name))).Select(p => "OwnerReference." + p.Name));
        Assert.Empty(missing);
    }

    private static IEnumerable<PropertyInfo> RootProperties(Type kind) =>
        kind.GetProperties().Where(p => p.Name is "Spec" or "Status");

    private static bool IsModelType(Type type) => type.Namespace == "Calico.Sdk.Resources" && type.IsClass;

    private static void CollectTypes(Type type, HashSet<Type> types)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type.IsGenericType)
        {
            foreach (var argument in type.GetGenericArguments())
            {
                CollectTypes(argument, types);
            }

            return;
        }

        if (IsModelType(type) && types.Add(type))
        {
            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                CollectTypes(property.PropertyType, types);
            }
        }
    }

    private static void Visit(object? value, HashSet<(Type, string)> seen)
    {
        if (value is null)
        {
            return;
        }

        if (value is IDictionary dictionary)
        {
            foreach (var item in dictionary.Values)
            {
                Visit(item, seen);
            }

            return;
        }

        if (value is IEnumerable enumerable and not string)
        {
            foreach (var item in enumerable)
            {
                Visit(item, seen);
            }

            return;
        }

        var type = value.GetType();
        if (!IsModelType(type))
        {
            return;
        }

        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var child = property.GetValue(value);
            var empty = child is null || (child is ICollection { Count: 0 });
            if (!empty)
            {
                seen.Add((type, property.Name));
                Visit(child, seen);
            }
        }
    }
}
