using System.Runtime.Versioning;

// The agent programs the Linux kernel (routes, sysctls, nftables) and writes Unix-mode status files.
[assembly: SupportedOSPlatform("linux")]
