using Calico.Cni.Cni;

namespace Calico.Cni.Ipam;

/// <summary>Where the main plugin's addresses come from: Calico IPAM in-process, or a delegated IPAM plugin.</summary>
internal interface IIpamDriver
{
    /// <summary>Assigns the workload's addresses (as the IPAM answers them: block or subnet prefix).</summary>
    Task<IReadOnlyList<CniIp>> AddAsync(CancellationToken cancellationToken);

    /// <summary>Releases everything the workload holds; succeeds when nothing is held.</summary>
    Task DelAsync(CancellationToken cancellationToken);
}
