using Xunit;
using Calico.Sdk.DependencyInjection;
using Calico.Sdk.Hosting.Configuration;
using Calico.Sdk.Hosting.Plugins;
using Calico.Sdk.Plugins;
using Calico.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Calico.Node.Tests;

public sealed class PluginLoadingTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("calico-plugins-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string InstallSamplePlugin()
    {
        var config = AppContext.BaseDirectory.Contains("/bin/Release/", StringComparison.Ordinal) ? "Release" : "Debug";
        var built = Path.Combine(RepoPaths.Root, "samples", "SamplePlugin", "bin", config, "net10.0");
        var target = Path.Combine(_dir, "SamplePlugin");
        Directory.CreateDirectory(target);
        foreach (var f in Directory.GetFiles(built))
        {
            File.Copy(f, Path.Combine(target, Path.GetFileName(f)));
        }

        return _dir;
    }

    [Fact]
    public void Sample_plugin_loads_from_a_folder_and_registers_its_service()
    {
        var plugins = CalicoPluginLoader.LoadFromFolders([InstallSamplePlugin()]);
        var plugin = Assert.Single(plugins);
        Assert.Equal("endpoint-inventory", plugin.Name);
        // Loaded in its own context, yet implementing the host's ICalicoPlugin (shared contract types).
        Assert.NotSame(typeof(PluginLoadingTests).Assembly, plugin.GetType().Assembly);

        var services = new ServiceCollection();
        var builder = services.AddCalico();
        var settings = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["INVENTORY_FILE"] = Path.Combine(_dir, "inventory") };
        var registered = CalicoPluginLoader.Register(builder, plugins, ["endpoint-inventory"], new CalicoPluginContext("n1", settings));

        Assert.Single(registered);
        var hosted = Assert.Single(services, d => d.ServiceType == typeof(IHostedService));
        Assert.NotNull(hosted.ImplementationFactory);
    }

    [Fact]
    public void Unknown_enabled_plugin_is_an_error_listing_what_exists()
    {
        var plugins = CalicoPluginLoader.LoadFromFolders([InstallSamplePlugin()]);
        var ex = Assert.Throws<NodeConfigurationException>(() =>
            CalicoPluginLoader.Register(new ServiceCollection().AddCalico(), plugins, ["bgp-exporter"], new CalicoPluginContext("n1", new Dictionary<string, string>())));
        Assert.Equal("CALICO_PLUGINS names 'bgp-exporter', but no such plugin was found; available: endpoint-inventory", ex.Message);
    }

    [Fact]
    public void Missing_folder_and_assembly_without_entry_point_are_errors()
    {
        var missing = Path.Combine(_dir, "nope");
        Assert.Equal($"CALICO_PLUGIN_PATH: plugin folder '{missing}' does not exist",
            Assert.Throws<NodeConfigurationException>(() => CalicoPluginLoader.LoadFromFolders([missing])).Message);

        // An assembly that is not a plugin (no [CalicoPlugin]) is refused by name.
        var bogus = Path.Combine(_dir, "Calico.Sdk.Abstractions");
        Directory.CreateDirectory(bogus);
        File.Copy(typeof(Calico.Sdk.Resources.Resource).Assembly.Location, Path.Combine(bogus, "Calico.Sdk.Abstractions.dll"));
        var ex = Assert.Throws<NodeConfigurationException>(() => CalicoPluginLoader.LoadFromFolders([_dir]));
        Assert.Contains("has no [assembly: CalicoPlugin(typeof(...))] attribute", ex.Message, StringComparison.Ordinal);
    }
}
