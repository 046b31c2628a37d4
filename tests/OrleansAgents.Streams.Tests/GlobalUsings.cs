global using OrleansAgents.Streams;
global using OrleansAgents.TestingHost;
global using Xunit;
