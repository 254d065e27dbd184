using System.Runtime.Versioning;

// calico-node programs the Linux kernel.
[assembly: SupportedOSPlatform("linux")]
