global using OrleansAgents.Hosting;
