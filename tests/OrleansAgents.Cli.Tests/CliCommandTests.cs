using System.Text.Json;
using OrleansAgents.Cli.Tests.Infrastructure;
using OrleansAgents.Tests.Shared;
using Xunit;
using Xunit.Abstractions;

namespace OrleansAgents.Cli.Tests;

/// <summary><c>oa</c> against a running silo process: submit, watch, get, list, cancel, agents, and the exit codes scripts use.</summary>
[Collection(SiloProcess.Collection)]
public sealed class CliCommandTests(SiloProcess silo, ITestOutputHelper log) : IDisposable
{
    private const int Succeeded = 0;
    private const int Usage = 2;
    private const int Failed = 3;
    private const int Cancelled = 4;
    private const int NotFound = 6;
    private const int Unavailable = 7;
    private const int NotFinished = 9;

    [Fact]
    public async Task Submit_with_wait_follows_the_task_to_its_output_and_json_lines_carry_every_update_in_order()
    {
        var oa = new Oa(silo, Oa.NewUser());

        var run = await oa.RunAsync("submit", "slow", """{"Steps":3,"StepMilliseconds":50}""", "--wait", "--json");

        run.AssertExit(Succeeded);
        var lines = run.JsonLines;
        var submitted = lines[0];
        Assert.Equal("Pending", submitted.GetProperty("status").GetString());
        Assert.Equal(oa.User, submitted.GetProperty("userId").GetString());
        var taskId = submitted.GetProperty("taskId").GetString();
        var updates = lines.Skip(1).ToList();
        Assert.All(updates, u => Assert.Equal(taskId, u.GetProperty("taskId").GetString()));
        var sequences = updates.Select(u => u.GetProperty("sequence").GetInt64()).ToList();
        Assert.True(sequences[0] > submitted.GetProperty("sequence").GetInt64(), "The watch starts after the submitted state, without repeating it.");
        Assert.True(sequences.Zip(sequences.Skip(1)).All(p => p.First < p.Second), $"Sequences must increase: {string.Join(", ", sequences)}");
        var last = updates[^1];
        Assert.Equal("Succeeded", last.GetProperty("status").GetString());
        Assert.Equal(3, last.GetProperty("output").GetProperty("steps").GetInt32());
        Assert.Equal(100, last.GetProperty("progress").GetProperty("percent").GetDouble());
    }

    [Fact]
    public async Task Watch_shows_a_running_tasks_progress_get_says_not_finished_and_cancel_ends_it_with_the_cancelled_exit_code()
    {
        var oa = new Oa(silo, Oa.NewUser());
        var submit = await oa.RunAsync("submit", "slow", """{"Steps":1000,"StepMilliseconds":200}""", "--json");
        submit.AssertExit(Succeeded);
        var taskId = submit.JsonLines[0].GetProperty("taskId").GetString()!;

        await using var watch = oa.Start("watch", taskId);
        // Not a terminal: a line per update ("[seq] Running 0.2% step 1 of 1000").
        await watch.WaitForLineAsync(l => l.Contains("Running", StringComparison.Ordinal) && l.Contains(" of 1000", StringComparison.Ordinal), Oa.CommandTimeout, "a progress line");
        var running = await oa.RunAsync("get", taskId);
        var cancel = await oa.RunAsync("cancel", taskId);
        var watchExit = await watch.WaitForExitAsync(Oa.CommandTimeout);

        running.AssertExit(NotFinished);
        Assert.Contains(running.Output, l => l.Contains("Running", StringComparison.Ordinal));
        cancel.AssertExit(Succeeded);
        Assert.Contains($"Task {taskId} Cancelled", cancel.Output);
        Assert.True(watchExit == Cancelled, $"watch exit code {watchExit}:\n{watch.Transcript}");
        Assert.Equal($"Task {taskId} Cancelled", watch.Output[^1]);
    }

    [Fact]
    public async Task A_failed_task_exits_with_the_failed_code_and_says_why()
    {
        var oa = new Oa(silo, Oa.NewUser());

        var run = await oa.RunAsync("submit", "value-error", "\"bad\"", "--wait");

        run.AssertExit(Failed);
        Assert.Matches("^Task [0-9a-f]+ Failed: System.ArgumentException: invalid value: \"bad\"$", run.Output[^1]);
    }

    [Fact]
    public async Task An_unknown_task_exits_with_the_not_found_code_for_get_watch_and_cancel()
    {
        var oa = new Oa(silo, Oa.NewUser());

        // One after another: each oa is a process, and the machine running the tests may be busy.
        OaResult[] runs = [await oa.RunAsync("get", "no-such-task"), await oa.RunAsync("watch", "no-such-task"), await oa.RunAsync("cancel", "no-such-task")];

        Assert.All(runs, run =>
        {
            run.AssertExit(NotFound);
            Assert.Contains(run.Error, l => l.Contains("no-such-task", StringComparison.Ordinal));
        });
    }

    [Fact]
    public async Task Get_list_and_agents_write_json_for_scripts_and_only_the_users_own_tasks_are_listed()
    {
        var oa = new Oa(silo, Oa.NewUser());
        var other = new Oa(silo, Oa.NewUser());
        var mine = await oa.RunAsync("submit", "doubler", "21", "--id", $"{oa.User}-doubled", "--wait", "--json");
        mine.AssertExit(Succeeded);
        (await other.RunAsync("submit", "doubler", "1", "--wait")).AssertExit(Succeeded);

        var get = await oa.RunAsync("get", $"{oa.User}-doubled", "--json");
        var list = await oa.RunAsync("list", "--json");
        var agents = await oa.RunAsync("agents", "--json");
        var othersGet = await other.RunAsync("get", $"{oa.User}-doubled");

        get.AssertExit(Succeeded);
        var task = Assert.Single(get.JsonLines);
        Assert.Equal("Succeeded", task.GetProperty("status").GetString());
        Assert.Equal(42, task.GetProperty("output").GetDouble());
        list.AssertExit(Succeeded);
        Assert.Equal([$"{oa.User}-doubled"], Assert.Single(list.JsonLines).EnumerateArray().Select(t => t.GetProperty("taskId").GetString()));
        agents.AssertExit(Succeeded);
        var doubler = Assert.Single(Assert.Single(agents.JsonLines).EnumerateArray(), a => a.GetProperty("name").GetString() == "doubler");
        Assert.Equal("number", doubler.GetProperty("inputSchema").GetProperty("type").GetString());
        othersGet.AssertExit(NotFound);
    }

    [Fact]
    public async Task Input_that_is_not_JSON_is_a_usage_error_and_an_unreachable_cluster_is_the_unavailable_code()
    {
        var oa = new Oa(silo, Oa.NewUser());

        var bad = await oa.RunAsync("submit", "echo", "not json");
        var unreachable = await Oa.RunWithAsync(["agents"], "--gateway", $"127.0.0.1:{LoopbackPorts.Next()}", "--connect-timeout", "3");

        bad.AssertExit(Usage);
        Assert.Contains(bad.Error, l => l.Contains("must be JSON", StringComparison.Ordinal));
        unreachable.AssertExit(Unavailable);
        Assert.Contains(unreachable.Error, l => l.StartsWith("oa: Cannot reach cluster", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Subscribe_prints_what_publish_sends_to_a_matching_pattern()
    {
        var oa = new Oa(silo, Oa.NewUser());
        var topic = $"cli.t{Guid.NewGuid():N}"[..14];
        await using var subscriber = oa.Start("subscribe", "cli.*", "--count", "1", "--json");

        // The subscription is made once oa has joined the cluster, which the test cannot see: publish until it arrives.
        var exited = subscriber.WaitForExitAsync(Oa.CommandTimeout);
        var published = 0;
        while (await Task.WhenAny(exited, Task.Delay(TimeSpan.FromSeconds(2))) != exited)
        {
            (await oa.RunAsync("publish", topic, $$"""{"n":{{++published}}}""")).AssertExit(Succeeded);
        }

        Assert.True(await exited == 0, $"subscribe exit code {await exited}:\n{subscriber.Transcript}");
        var message = JsonDocument.Parse(Assert.Single(subscriber.Output)).RootElement;
        Assert.Equal(topic, message.GetProperty("topic").GetString());
        Assert.InRange(message.GetProperty("payload").GetProperty("n").GetInt32(), 1, published);
    }

    public void Dispose() => silo.WriteTranscript(log);
}
