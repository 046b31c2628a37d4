global using Orleans;
global using Orleans.Runtime;
global using Orleans.Streams;
global using OrleansAgents.Streams;
global using OrleansAgents.Testing;
global using Xunit;
