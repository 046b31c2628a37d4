using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OrleansAgents.Hosting;
using Xunit;

namespace OrleansAgents.Mcp.Tests;

/// <summary>Options that cannot work fail when they are read (at start, with ValidateOnStart), naming the option.</summary>
public sealed class AgentMcpOptionsTests
{
    [Fact]
    public void A_non_positive_task_timeout_and_a_blank_server_name_are_refused_naming_the_options()
    {
        var services = new ServiceCollection();
        services.AddAgentMcp(o =>
        {
            o.TaskTimeout = TimeSpan.Zero;
            o.ServerName = " ";
        });
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<AgentMcpOptions>>().Value);

        Assert.Contains(error.Failures, f => f.Contains("AgentMcpOptions.TaskTimeout must be positive", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("AgentMcpOptions.ServerName must not be empty", StringComparison.Ordinal));
    }

    [Fact]
    public void The_stdio_server_acts_for_the_user_it_was_given()
    {
        var services = new ServiceCollection();
        services.AddAgentMcpStdio("ada", o => o.TaskTimeout = TimeSpan.FromMinutes(5));
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<AgentMcpOptions>>().Value;

        Assert.Equal("ada", options.UserId);
        Assert.Equal(TimeSpan.FromMinutes(5), options.TaskTimeout);
    }
}
