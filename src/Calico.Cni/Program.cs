using Calico.Cni;
using Calico.Cni.Diagnostics;

// One executable, two plugins: `calico` and `calico-ipam` are the same file under two names (argv[0]); `calico
// calico-ipam` (busybox style) selects the IPAM plugin too, for hosts that cannot have a second name.
PhaseTrace.Mark("main");
var invoked = Path.GetFileName(Environment.GetCommandLineArgs()[0]);
var ipam = invoked == "calico-ipam" || (args.Length > 0 && args[0] == "calico-ipam");

// Console streams (write(2) at the descriptor's offset, so a result redirected to a file lands where the shell expects).
using var stdin = Console.OpenStandardInput();
using var stdout = Console.OpenStandardOutput();
using var stderr = new StreamWriter(Console.OpenStandardError()) { AutoFlush = true };
return CniRunner.Run(ipam, Environment.GetEnvironmentVariables(), stdin, stdout, stderr);
