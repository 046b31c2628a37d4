using OrleansAgents.SiloHost.Configuration;

namespace OrleansAgents.SiloHost.Tests.Configuration;

public sealed class CommandLineSwitchesTests
{
    [Fact]
    public void The_demo_switch_becomes_a_configuration_key_and_leaves_the_next_argument_alone()
    {
        var args = CommandLineSwitches.Normalize(["--demo", "--OrleansAgents:Silo:SiloName=a"]);

        Assert.Equal(["--OrleansAgents:Demo:Enabled=true", "--OrleansAgents:Silo:SiloName=a"], args);
    }

    [Fact]
    public void The_http_switch_takes_the_next_argument_as_the_URLs()
    {
        var args = CommandLineSwitches.Normalize(["--http", "http://127.0.0.1:8080", "--demo"]);

        Assert.Equal(["--OrleansAgents:Http:Urls=http://127.0.0.1:8080", "--OrleansAgents:Demo:Enabled=true"], args);
        Assert.Equal(["http://127.0.0.1:8080"], SiloHostBuilder.HttpUrls(args)!);
    }

    [Fact]
    public void Without_the_http_switch_or_key_the_host_serves_no_HTTP()
    {
        Assert.Null(SiloHostBuilder.HttpUrls(CommandLineSwitches.Normalize(["--demo"])));
    }
}
