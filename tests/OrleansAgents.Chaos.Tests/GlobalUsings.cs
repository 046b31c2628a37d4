global using Microsoft.Extensions.DependencyInjection;
global using Orleans;
global using Orleans.Runtime;
global using OrleansAgents.Agents;
global using OrleansAgents.Testing;
global using Xunit;
global using Xunit.Abstractions;
