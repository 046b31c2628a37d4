global using OrleansAgents.SiloHost.Tests.Infrastructure;
global using Xunit;

// The cluster tests start several processes each: one at a time on a small machine.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
