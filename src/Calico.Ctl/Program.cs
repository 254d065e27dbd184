using Calico.Ctl.Cli;

// No host, no DI container, no reflection: parse, run one command, exit. Start-up time is the product here.
return await CtlApp.RunAsync(args, CtlContext.FromProcess()).ConfigureAwait(false);
