using Calico.Sdk.DependencyInjection;

namespace Calico.Sdk.Plugins;

/// <summary>
/// The entry point of a plugin that a host (e.g. <c>calico-node</c>) loads at run time from a plugin folder. A plugin
/// references <c>Calico.Sdk</c> only, never the host; it names this type with <see cref="CalicoPluginAttribute"/> on its
/// assembly, and the host calls <see cref="Register"/> once, before the container is built.
/// </summary>
/// <remarks>
/// Register services the way a compile-time plugin's <c>AddXxx()</c> extension does (<c>TryAdd</c>, options validated
/// at start-up); a plugin that contributes a background task registers an <c>IHostedService</c>. A plugin must not
/// start work in <see cref="Register"/>: nothing is running yet.
/// </remarks>
public interface ICalicoPlugin
{
    /// <summary>The plugin's name as configuration selects it (<c>CALICO_PLUGINS</c>), lower-case, e.g. <c>endpoint-inventory</c>.</summary>
    string Name { get; }

    /// <summary>Adds the plugin's services.</summary>
    /// <param name="builder">The host's Calico builder.</param>
    /// <param name="context">The node name and the effective configuration settings.</param>
    void Register(ICalicoBuilder builder, CalicoPluginContext context);
}
