using Calico.Cni.Cni;
using Calico.Cni.Config;

namespace Calico.Cni.Plugin;

/// <summary>What one command runs with.</summary>
internal sealed record Invocation(CniEnvironment Env, NetConf Conf, Stream Output);
