using Calico.Cni;

// One executable, two plugins: `calico` and `calico-ipam` are the same file under two names (argv[0]); `calico
// calico-ipam` (busybox style) selects the IPAM plugin too, for hosts that cannot have a second name.
var invoked = Path.GetFileName(Environment.GetCommandLineArgs()[0]);
var ipam = invoked == "calico-ipam" || (args.Length > 0 && args[0] == "calico-ipam");
using var stdin = Console.OpenStandardInput();
using var stdout = Console.OpenStandardOutput();
return CniRunner.Run(ipam, Environment.GetEnvironmentVariables(), stdin, stdout, Console.Error);
