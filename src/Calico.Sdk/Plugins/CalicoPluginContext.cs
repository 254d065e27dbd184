namespace Calico.Sdk.Plugins;

/// <summary>What a host tells a plugin when it registers it.</summary>
/// <param name="NodeName">The node the host runs for.</param>
/// <param name="Settings">
/// The host's effective settings by name, case-insensitive: environment variables and configuration-file keys as
/// given (e.g. <c>FELIX_HEALTHPORT</c>, <c>MYPLUGIN_INTERVAL</c>). A plugin reads its own keys here.
/// </param>
public sealed record CalicoPluginContext(string NodeName, IReadOnlyDictionary<string, string> Settings);
