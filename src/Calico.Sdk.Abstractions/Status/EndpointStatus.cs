namespace Calico.Sdk.Status;

/// <summary>
/// The agent's statement that one workload endpoint's policy is live in the kernel, written as JSON to
/// <see cref="StatusPaths.EndpointStatusFile"/> after the dataplane transaction that programmed it, and removed
/// when the endpoint goes. The CNI plugin's ADD waits for a file whose <see cref="ResourceVersion"/> equals the
/// revision it wrote: from then on the first packet gets the endpoint's final verdict.
/// </summary>
/// <param name="Namespace">The endpoint's namespace.</param>
/// <param name="Name">The WorkloadEndpoint name.</param>
/// <param name="ResourceVersion">The WorkloadEndpoint revision whose policy is live.</param>
/// <param name="InterfaceName">The host-side interface, e.g. <c>cali1a2b3c4d5e6</c>.</param>
/// <param name="Status"><c>up</c> when programmed with its policy; <c>down</c> when blocked (fail closed).</param>
public sealed record EndpointStatus(string Namespace, string Name, string ResourceVersion, string InterfaceName, string Status);
