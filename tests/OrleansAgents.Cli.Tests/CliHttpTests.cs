using OrleansAgents.Cli.Tests.Infrastructure;
using OrleansAgents.Tests.Shared;
using Xunit;

namespace OrleansAgents.Cli.Tests;

/// <summary><c>oa --url --api-key</c>: the same commands through the silo's HTTP API (co-hosted with <c>--http</c>) instead of the Orleans client.</summary>
[Collection(SiloProcess.Collection)]
public sealed class CliHttpTests(SiloProcess silo)
{
    [Fact]
    public async Task Through_the_HTTP_gateway_submit_watch_get_list_and_agents_act_for_the_keys_user()
    {
        var oa = new Oa(silo, SiloProcess.HttpUser, http: true);

        var submit = await oa.RunAsync("submit", "slow", """{"Steps":2,"StepMilliseconds":50}""", "--wait", "--json");
        submit.AssertExit(0);
        var submitted = submit.JsonLines[0];
        Assert.Equal(SiloProcess.HttpUser, submitted.GetProperty("userId").GetString());
        var taskId = submitted.GetProperty("taskId").GetString()!;
        var last = submit.JsonLines[^1];
        Assert.Equal("Succeeded", last.GetProperty("status").GetString());
        Assert.Equal(2, last.GetProperty("output").GetProperty("steps").GetInt32());

        // A watch of an ended task replays its events over SSE, from the first to the terminal one.
        var watch = await oa.RunAsync("watch", taskId, "--json");
        watch.AssertExit(0);
        Assert.Equal(1, watch.JsonLines[0].GetProperty("sequence").GetInt64());
        Assert.Equal("Succeeded", watch.JsonLines[^1].GetProperty("status").GetString());
        var sequences = watch.JsonLines.Select(l => l.GetProperty("sequence").GetInt64()).ToList();
        Assert.Equal(Enumerable.Range(1, sequences.Count).Select(i => (long)i), sequences);

        var get = await oa.RunAsync("get", taskId, "--json");
        get.AssertExit(0);
        Assert.Equal(taskId, get.JsonLines[0].GetProperty("taskId").GetString());
        var list = await oa.RunAsync("list", "--json");
        list.AssertExit(0);
        Assert.Contains(list.JsonLines[0].EnumerateArray(), t => t.GetProperty("taskId").GetString() == taskId);
        var agents = await oa.RunAsync("agents", "--json");
        agents.AssertExit(0);
        Assert.Contains(agents.JsonLines[0].EnumerateArray(), a => a.GetProperty("name").GetString() == "doubler");
    }

    [Fact]
    public async Task Through_the_HTTP_gateway_a_failed_task_an_unknown_task_a_wrong_key_and_no_gateway_have_their_exit_codes()
    {
        var oa = new Oa(silo, SiloProcess.HttpUser, http: true);

        var failed = await oa.RunAsync("submit", "value-error", "\"bad\"", "--wait");
        var unknown = await oa.RunAsync("get", "no-such-task");
        var wrongKey = await Oa.RunWithAsync(["agents"], "--url", silo.HttpUrl, "--api-key", "not-the-key");
        var noGateway = await Oa.RunWithAsync(["agents"], "--url", $"http://127.0.0.1:{LoopbackPorts.Next()}", "--api-key", SiloProcess.HttpKey);

        failed.AssertExit(3);
        Assert.Contains("Failed: System.ArgumentException: invalid value", failed.Output[^1], StringComparison.Ordinal);
        unknown.AssertExit(6);
        wrongKey.AssertExit(8);
        noGateway.AssertExit(7);
    }
}
