using Xunit;
using System.Collections;
using Calico.Sdk.Hosting.Configuration;
using Calico.Sdk.Resources;

namespace Calico.Node.Tests;

public sealed class FelixSettingsTests
{
    private static FelixConfiguration Felix(string name, Action<FelixConfigurationSpec> set)
    {
        var f = new FelixConfiguration();
        f.Metadata.Name = name;
        set(f.Spec);
        return f;
    }

    [Fact]
    public void Defaults_apply_when_nothing_is_set()
    {
        var s = FelixSettings.Build(new Hashtable(), null, null, null);
        Assert.Equal(9099, s.HealthPort);
        Assert.Equal("/var/run/calico", s.EndpointStatusPathPrefix);
        Assert.Equal(["cali"], s.InterfacePrefixes);
        Assert.Equal(80, s.DeviceRouteProtocol);
        Assert.Equal(TimeSpan.FromSeconds(30), s.ReportingInterval);
        Assert.Equal(SettingSource.Default, s.SourceOf("HealthPort"));
    }

    [Fact]
    public void Precedence_is_environment_then_file_then_node_then_global()
    {
        var global = Felix("default", s => { s.HealthPort = 1001; s.PrometheusMetricsPort = 2001; s.ReportingInterval = "11s"; s.InterfacePrefix = "g"; });
        var node = Felix("node.n1", s => { s.HealthPort = 1002; s.PrometheusMetricsPort = 2002; s.ReportingInterval = "12s"; });
        var file = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["HealthPort"] = "1003", ["PrometheusMetricsPort"] = "2003" };
        var env = new Hashtable { ["felix_healthport"] = "1004" };

        var s = FelixSettings.Build(env, file, node, global);

        Assert.Equal(1004, s.HealthPort);
        Assert.Equal(SettingSource.Environment, s.SourceOf("HealthPort"));
        Assert.Equal(2003, s.PrometheusMetricsPort);
        Assert.Equal(SettingSource.ConfigFile, s.SourceOf("prometheusmetricsport"));
        Assert.Equal(TimeSpan.FromSeconds(12), s.ReportingInterval);
        Assert.Equal(SettingSource.NodeFelixConfiguration, s.SourceOf("ReportingInterval"));
        Assert.Equal(["g"], s.InterfacePrefixes);
        Assert.Equal(SettingSource.GlobalFelixConfiguration, s.SourceOf("InterfacePrefix"));
    }

    [Fact]
    public void Datastore_values_of_local_only_parameters_are_ignored()
    {
        var global = Felix("default", s => s.DatastoreType = "etcdv3");
        var s = FelixSettings.Build(new Hashtable(), null, null, global);
        Assert.Null(s.Get("DatastoreType"));
    }

    [Theory]
    [InlineData("FELIX_HEALTHPORT", "99999", "HealthPort='99999' (from environment variable FELIX_HEALTHPORT) is invalid: expected a port 1-65535")]
    [InlineData("FELIX_HEALTHENABLED", "yes", "HealthEnabled='yes' (from environment variable FELIX_HEALTHENABLED) is invalid: expected true or false")]
    [InlineData("FELIX_REPORTINGINTERVAL", "soon", "ReportingInterval='soon' (from environment variable FELIX_REPORTINGINTERVAL) is invalid")]
    [InlineData("FELIX_DEVICEROUTEPROTOCOL", "300", "DeviceRouteProtocol='300' (from environment variable FELIX_DEVICEROUTEPROTOCOL) is invalid: expected a route protocol number 1-255")]
    [InlineData("FELIX_DEFAULTENDPOINTTOHOSTACTION", "Reject", "DefaultEndpointToHostAction='Reject'")]
    public void Invalid_values_name_parameter_source_and_value(string variable, string value, string message)
    {
        var ex = Assert.Throws<NodeConfigurationException>(() => FelixSettings.Build(new Hashtable { [variable] = value }, null, null, null));
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_datastore_value_names_the_FelixConfiguration()
    {
        var node = Felix("node.n1", s => s.ReportingInterval = "1x");
        var ex = Assert.Throws<NodeConfigurationException>(() => FelixSettings.Build(new Hashtable(), null, node, null));
        Assert.Contains("FelixConfiguration node.<nodename>", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Live_changes_need_no_restart_and_others_do()
    {
        var before = FelixSettings.Build(new Hashtable(), null, null, null);
        var live = FelixSettings.Build(new Hashtable(), null, null, Felix("default", s => { s.ReportingInterval = "5s"; s.RouteRefreshInterval = "10s"; }));
        var restart = FelixSettings.Build(new Hashtable(), null, null, Felix("default", s => { s.ReportingInterval = "5s"; s.HealthPort = 9100; s.InterfacePrefix = "tap"; }));

        Assert.Empty(before.RestartRequiredChanges(live));
        Assert.Equal(["HealthPort", "InterfacePrefix"], before.RestartRequiredChanges(restart).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("30", 30)]
    [InlineData("1m30s", 90)]
    [InlineData("500ms", 0.5)]
    [InlineData("2h", 7200)]
    public void Durations_accept_seconds_and_Go_syntax(string text, double seconds)
    {
        var s = FelixSettings.Build(new Hashtable { ["FELIX_REPORTINGINTERVAL"] = text }, null, null, null);
        Assert.Equal(TimeSpan.FromSeconds(seconds), s.ReportingInterval);
    }

    [Fact]
    public void Config_file_is_read_as_felix_cfg()
    {
        var values = FelixConfigFile.Parse("# comment\n[global]\nHealthPort = 9200\n; other\nLogSeverityScreen=Debug\n", "felix.cfg");
        var s = FelixSettings.Build(new Hashtable(), values, null, null);
        Assert.Equal(9200, s.HealthPort);
        Assert.Equal("Debug", s.LogSeverityScreen);
        var ex = Assert.Throws<NodeConfigurationException>(() => FelixConfigFile.Parse("[global]\nnonsense\n", "/etc/calico/felix.cfg"));
        Assert.Equal("/etc/calico/felix.cfg:2: 'nonsense' is not 'Key = Value'", ex.Message);
    }
}
