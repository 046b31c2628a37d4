using OrleansAgents.SiloHost.Configuration;

namespace OrleansAgents.SiloHost.Tests.Configuration;

public sealed class StorageOptionsValidationTests
{
    [Theory]
    [InlineData("Memory")]
    [InlineData("memory")]
    [InlineData("Postgres")]
    [InlineData("POSTGRES")]
    [InlineData("Redis")]
    [InlineData("redis")]
    public void The_memory_postgres_and_redis_providers_are_accepted_in_any_case(string provider)
    {
        var result = new SiloStorageOptionsValidator().Validate(null, new SiloStorageOptions { Provider = provider });

        Assert.True(result.Succeeded);
    }

    [Fact]
    public void An_unknown_provider_is_rejected_with_its_option_key_and_value()
    {
        var result = new SiloStorageOptionsValidator().Validate(null, new SiloStorageOptions { Provider = "Bogus" });

        Assert.True(result.Failed);
        Assert.Equal("SiloStorageOptions.Provider (OrleansAgents:Storage:Provider) must be 'Memory', 'Postgres' or 'Redis' (was 'Bogus').", result.FailureMessage);
    }
}
