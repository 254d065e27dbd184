namespace Calico.Sdk.Hosting.Configuration;

/// <summary>Where an effective setting came from, lowest precedence first.</summary>
public enum SettingSource
{
    /// <summary>The built-in default.</summary>
    Default,

    /// <summary>FelixConfiguration <c>default</c> in the datastore.</summary>
    GlobalFelixConfiguration,

    /// <summary>FelixConfiguration <c>node.&lt;nodename&gt;</c> in the datastore.</summary>
    NodeFelixConfiguration,

    /// <summary>The configuration file (<c>FELIX_CONFIGFILE</c>, default <c>/etc/calico/felix.cfg</c>).</summary>
    ConfigFile,

    /// <summary>An environment variable <c>FELIX_&lt;Name&gt;</c> (case-insensitive).</summary>
    Environment,
}
