using OrleansAgents.SiloHost;

return await SiloProgram.RunAsync(args, Console.Error).ConfigureAwait(false);
