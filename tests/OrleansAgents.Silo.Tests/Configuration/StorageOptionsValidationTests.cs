using OrleansAgents.SiloHost.Configuration;

namespace OrleansAgents.SiloHost.Tests.Configuration;

public sealed class StorageOptionsValidationTests
{
    [Theory]
    [InlineData("Memory")]
    [InlineData("memory")]
    [InlineData("MEMORY")]
    public void The_memory_provider_is_accepted_in_any_case(string provider)
    {
        var result = new SiloStorageOptionsValidator().Validate(null, new SiloStorageOptions { Provider = provider });

        Assert.True(result.Succeeded);
    }

    [Theory]
    [InlineData("Postgres")]
    [InlineData("redis")]
    public void A_provider_that_is_not_wired_yet_is_rejected_in_one_line_naming_the_option(string provider)
    {
        var result = new SiloStorageOptionsValidator().Validate(null, new SiloStorageOptions { Provider = provider });

        Assert.True(result.Failed);
        Assert.Equal($"SiloStorageOptions.Provider (OrleansAgents:Storage:Provider) '{provider}' is not supported yet; use 'Memory'.", result.FailureMessage);
    }

    [Fact]
    public void An_unknown_provider_is_rejected_with_its_option_key_and_value()
    {
        var result = new SiloStorageOptionsValidator().Validate(null, new SiloStorageOptions { Provider = "Bogus" });

        Assert.True(result.Failed);
        Assert.Equal("SiloStorageOptions.Provider (OrleansAgents:Storage:Provider) must be 'Memory' (was 'Bogus').", result.FailureMessage);
    }
}
