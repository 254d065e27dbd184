using System.Diagnostics.CodeAnalysis;

namespace Calico.Sdk.Plugins;

/// <summary>
/// Names a plugin assembly's <see cref="ICalicoPlugin"/> implementation, so a host finds it without scanning types:
/// <c>[assembly: CalicoPlugin(typeof(MyPlugin))]</c>. The type needs a public parameterless constructor.
/// </summary>
/// <param name="pluginType">The type implementing <see cref="ICalicoPlugin"/>.</param>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = true)]
public sealed class CalicoPluginAttribute(
    [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)] Type pluginType) : Attribute
{
    /// <summary>The type implementing <see cref="ICalicoPlugin"/>.</summary>
    [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)]
    public Type PluginType { get; } = pluginType ?? throw new ArgumentNullException(nameof(pluginType));
}
