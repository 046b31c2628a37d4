using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OrleansAgents.Hosting;
using Xunit;

namespace OrleansAgents.Http.Tests;

public sealed class OptionsTests
{
    [Fact]
    public void Valid_options_pass()
    {
        var options = new AgentHttpOptions { ApiKeys = [new AgentHttpApiKey { User = "a", KeySha256 = new string('a', 64) }] };
        Assert.True(new AgentHttpOptionsValidator().Validate(null, options).Succeeded);
    }

    [Fact]
    public void Each_bad_value_is_named_in_the_failure()
    {
        var options = new AgentHttpOptions
        {
            ApiKeys =
            [
                new AgentHttpApiKey { User = "", KeySha256 = "abc" },
                new AgentHttpApiKey { User = "b", KeySha256 = new string('b', 64) },
                new AgentHttpApiKey { User = "c", KeySha256 = new string('B', 64) },
            ],
            MaxRequestBodyBytes = 0,
            RateLimitBurst = 0,
            RateLimitPerSecond = -1,
            KeepAliveInterval = TimeSpan.Zero,
            MaxPageSize = 0,
        };

        var failures = new AgentHttpOptionsValidator().Validate(null, options).Failures!.ToList();

        foreach (var expected in new[] { "ApiKeys:0:User", "ApiKeys:0:KeySha256", "ApiKeys:2:KeySha256 repeats", "MaxRequestBodyBytes", "RateLimitBurst", "RateLimitPerSecond", "KeepAliveInterval", "MaxPageSize" })
        {
            Assert.Contains(failures, f => f.Contains(expected, StringComparison.Ordinal));
        }
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData("false", false)]
    [InlineData("true", true)]
    public void Kestrels_socket_transport_schedules_inline_unless_configured_off(string? configured, bool expected)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(configured is null ? [] : [new($"{AgentHttpOptions.SectionName}:{nameof(AgentHttpOptions.InlineSocketScheduling)}", configured)])
            .Build();
        using var services = new ServiceCollection().AddAgentHttpApi(configuration).BuildServiceProvider();

        Assert.Equal(expected, services.GetRequiredService<IOptions<SocketTransportOptions>>().Value.UnsafePreferInlineScheduling);
    }
}
