using OrleansAgents.Http.Tests.Infrastructure;
using Xunit;

namespace OrleansAgents.Http.Tests;

/// <summary>One co-hosted silo with the API for the classes of this collection.</summary>
[CollectionDefinition(Name)]
public sealed class ApiHostCollection : ICollectionFixture<ApiHost>
{
    public const string Name = "api";
}
