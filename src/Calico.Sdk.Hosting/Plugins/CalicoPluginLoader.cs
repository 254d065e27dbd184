using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using Calico.Sdk.DependencyInjection;
using Calico.Sdk.Hosting.Configuration;
using Calico.Sdk.Plugins;
using McMaster.NETCore.Plugins;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Calico.Sdk.Hosting.Plugins;

/// <summary>
/// Loads plugins at run time from plugin folders with McMaster.NETCore.Plugins, each into its own load context that
/// shares the SDK's contract assemblies with the host. Layout: every folder on the path holds one sub-folder per plugin,
/// <c>&lt;Name&gt;/&lt;Name&gt;.dll</c> with its dependencies next to it (what <c>dotnet publish</c> of the plugin produces).
/// </summary>
/// <remarks>Loading code at run time needs the JIT: a Native AOT host composes its plugins at compile time instead.</remarks>
public static class CalicoPluginLoader
{
    /// <summary>Finds and instantiates every plugin under <paramref name="folders"/>.</summary>
    /// <param name="folders">The plugin folders (missing folders are an error: a typo must not silently drop a plugin).</param>
    /// <returns>The plugins, in folder then name order.</returns>
    /// <exception cref="NodeConfigurationException">A folder is missing, or a plugin assembly names no valid plugin type.</exception>
    [RequiresUnreferencedCode("Plugins are loaded from assemblies unknown at build time.")]
    [RequiresDynamicCode("Plugins are loaded from assemblies unknown at build time.")]
    public static IReadOnlyList<ICalicoPlugin> LoadFromFolders(IEnumerable<string> folders)
    {
        ArgumentNullException.ThrowIfNull(folders);
        var plugins = new List<ICalicoPlugin>();
        foreach (var folder in folders)
        {
            if (!Directory.Exists(folder))
            {
                throw new NodeConfigurationException($"CALICO_PLUGIN_PATH: plugin folder '{folder}' does not exist");
            }

            foreach (var dir in Directory.GetDirectories(folder).Order(StringComparer.Ordinal))
            {
                var dll = Path.Combine(dir, Path.GetFileName(dir) + ".dll");
                if (File.Exists(dll))
                {
                    plugins.AddRange(LoadAssembly(dll));
                }
            }
        }

        return plugins;
    }

    /// <summary>Registers the selected plugins.</summary>
    /// <param name="builder">The host's builder.</param>
    /// <param name="plugins">The plugins found.</param>
    /// <param name="enabled">The names to enable (<c>CALICO_PLUGINS</c>); empty enables all.</param>
    /// <param name="context">What the plugins are told.</param>
    /// <returns>The plugins registered.</returns>
    /// <exception cref="NodeConfigurationException">An enabled name matches no plugin, or two plugins share a name.</exception>
    public static IReadOnlyList<ICalicoPlugin> Register(ICalicoBuilder builder, IReadOnlyList<ICalicoPlugin> plugins, IReadOnlyList<string> enabled, CalicoPluginContext context)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(plugins);
        ArgumentNullException.ThrowIfNull(enabled);
        var byName = new Dictionary<string, ICalicoPlugin>(StringComparer.OrdinalIgnoreCase);
        foreach (var p in plugins)
        {
            if (!byName.TryAdd(p.Name, p))
            {
                throw new NodeConfigurationException($"two plugins are named '{p.Name}' ({byName[p.Name].GetType().Assembly.FullName} and {p.GetType().Assembly.FullName})");
            }
        }

        var selected = new List<ICalicoPlugin>();
        if (enabled.Count == 0)
        {
            selected.AddRange(plugins);
        }
        else
        {
            foreach (var name in enabled)
            {
                if (!byName.TryGetValue(name, out var p))
                {
                    throw new NodeConfigurationException($"CALICO_PLUGINS names '{name}', but no such plugin was found; available: {(byName.Count == 0 ? "none" : string.Join(", ", byName.Keys.Order(StringComparer.Ordinal)))}");
                }

                selected.Add(p);
            }
        }

        foreach (var p in selected)
        {
            p.Register(builder, context);
        }

        return selected;
    }

    [RequiresUnreferencedCode("Plugins are loaded from assemblies unknown at build time.")]
    [RequiresDynamicCode("Plugins are loaded from assemblies unknown at build time.")]
    private static List<ICalicoPlugin> LoadAssembly(string dll)
    {
        // The contracts a plugin and the host exchange must be the host's own types.
        Type[] shared =
        [
            typeof(ICalicoPlugin), typeof(ICalicoBuilder), typeof(IServiceCollection), typeof(IHostedService),
            typeof(ILogger), typeof(IOptions<>), typeof(Calico.Sdk.Datastore.IDatastore), typeof(TimeProvider),
        ];
        var loader = PluginLoader.CreateFromAssemblyFile(dll, shared, config => config.PreferSharedTypes = true);
        Assembly assembly;
        try
        {
            assembly = loader.LoadDefaultAssembly();
        }
        catch (Exception ex) when (ex is BadImageFormatException or FileLoadException or FileNotFoundException)
        {
            throw new NodeConfigurationException($"plugin '{dll}' cannot be loaded: {ex.Message}", ex);
        }

        var result = new List<ICalicoPlugin>();
        foreach (var attribute in assembly.GetCustomAttributes<CalicoPluginAttribute>())
        {
            if (!typeof(ICalicoPlugin).IsAssignableFrom(attribute.PluginType))
            {
                throw new NodeConfigurationException($"plugin '{dll}': {attribute.PluginType.FullName} named by [CalicoPlugin] does not implement ICalicoPlugin");
            }

            result.Add((ICalicoPlugin)(Activator.CreateInstance(attribute.PluginType)
                ?? throw new NodeConfigurationException($"plugin '{dll}': {attribute.PluginType.FullName} could not be created")));
        }

        if (result.Count == 0)
        {
            throw new NodeConfigurationException($"plugin '{dll}' has no [assembly: CalicoPlugin(typeof(...))] attribute naming its ICalicoPlugin");
        }

        return result;
    }
}
