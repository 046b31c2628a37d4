using OrleansAgents.Benchmarks;

return await BenchmarkProgram.RunAsync(args).ConfigureAwait(false);
