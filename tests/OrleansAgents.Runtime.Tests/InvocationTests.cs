using OrleansAgents.TestingHost;
using OrleansAgents.Runtime.Tests.Fixtures;
using OrleansAgents.Runtime.Tests.TestGrains;
using Xunit;

namespace OrleansAgents.Runtime.Tests;

[Collection(ClusterCollection.Name)]
public sealed class InvocationTests(ClusterFixture fixture)
{
    private IClusterClient Client => fixture.Cluster.Client;

    private static string Key() => Guid.NewGuid().ToString("N");

    [Fact]
    public async Task Every_awaitable_return_shape_completes_with_its_value()
    {
        var grain = Client.GetGrain<IBehaviorGrain>(Key());
        await grain.DoNothingAsync();
        Assert.Equal(5, await grain.AddAsync(2, 3));
        await grain.TouchAsync();
        Assert.Equal("héllo 👋 مرحبا", await grain.EchoAsync("héllo 👋 مرحبا"));
    }

    [Fact]
    public async Task Nested_payloads_cross_the_serialization_boundary_intact()
    {
        var payload = new ComplexPayload("root", [1, 2, 3], new() { ["a"] = "b", ["null"] = null }, new ComplexPayload("child", [], [], null));
        var result = await Client.GetGrain<IBehaviorGrain>(Key()).RoundTripAsync(payload);
        Assert.Equal("root", result.Name);
        Assert.Equal([1, 2, 3], result.Numbers);
        Assert.Null(result.Tags["null"]);
        Assert.Equal("child", result.Child!.Name);
        Assert.NotSame(payload, result);
    }

    [Theory]
    [InlineData("argument", typeof(ArgumentException))]
    [InlineData("custom", typeof(GrainRuleViolationException))]
    [InlineData("other", typeof(InvalidOperationException))]
    public async Task An_exception_thrown_in_a_grain_reaches_a_remote_caller_with_type_and_message(string kind, Type expected)
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => Client.GetGrain<IBehaviorGrain>(Key()).ThrowAsync(kind, "the reason ✗"));
        Assert.IsType(expected, error);
        Assert.Equal("the reason ✗", error.Message);
    }

    [Fact]
    public async Task An_exception_reaches_a_caller_in_the_same_silo_as_the_same_type()
    {
        var grain = fixture.Cluster.Primary.GrainFactory.GetGrain<IBehaviorGrain>(Key());
        var error = await Assert.ThrowsAsync<GrainRuleViolationException>(() => grain.ThrowAsync("custom", "local"));
        Assert.Equal("local", error.Message);
        var sync = await Assert.ThrowsAsync<InvalidOperationException>(() => grain.ThrowSynchronouslyAsync("sync"));
        Assert.Equal("sync", sync.Message);
    }

    [Fact]
    public async Task An_exception_that_cannot_be_recreated_keeps_its_type_name_and_message()
    {
        var error = await Assert.ThrowsAsync<GrainInvocationException>(() => Client.GetGrain<IBehaviorGrain>(Key()).ThrowAsync("opaque", ""));
        Assert.Equal(typeof(OpaqueException).FullName, error.OriginalTypeName);
        Assert.Equal("opaque failure 7", error.OriginalMessage);
    }

    [Fact]
    public async Task A_grain_reference_passed_as_an_argument_calls_the_referenced_grain()
    {
        var other = Client.GetGrain<IStringKeyGrain>("referenced-" + Key());
        var length = await Client.GetGrain<IBehaviorGrain>(Key()).CallOtherAsync(other);
        Assert.Equal(other.GetPrimaryKeyString().Length, length);
    }

    [Fact]
    public async Task Grains_call_grains_on_other_silos()
    {
        var key = Key();
        var expectedSilo = await Client.GetGrain<IStringKeyGrain>(key).GetSiloAsync();
        foreach (var silo in fixture.Cluster.Silos)
        {
            var caller = silo.GrainFactory.GetGrain<IBehaviorGrain>(Key());
            Assert.Equal(expectedSilo, await caller.AskOtherForSiloAsync(key));
        }
    }

    [Fact]
    public async Task A_one_way_call_returns_before_the_grain_runs_it_and_is_still_delivered()
    {
        var grain = Client.GetGrain<IBehaviorGrain>(Key());
        var call = grain.RecordOneWayAsync("fire-and-forget");
        Assert.True(call.IsCompletedSuccessfully);
        await Eventually.TrueAsync(async () => (await grain.GetRecordedAsync()).Contains("fire-and-forget"), "the one-way call to be recorded");
    }

    [Fact]
    public Task Cancelling_a_remote_call_cancels_the_caller_and_the_grain_method() => CancelWhileWaitingAsync(Client);

    [Fact]
    public Task Cancelling_a_local_call_cancels_the_grain_method() => CancelWhileWaitingAsync(fixture.Cluster.Primary.GrainFactory);

    /// <summary>A call through <paramref name="factory"/> cancelled while the grain waits: both sides see it.</summary>
    private async Task CancelWhileWaitingAsync(IGrainFactory factory)
    {
        var grain = factory.GetGrain<IBehaviorGrain>(Key());
        using var cts = new CancellationTokenSource();
        var call = grain.WaitForCancellationAsync(cts.Token);
        await Eventually.TrueAsync(() => grain.IsWaitingForCancellationAsync(), "the grain method to start waiting");
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        await Eventually.TrueAsync(() => grain.WasCancellationObservedAsync(), "the grain to observe the cancelled token");
    }

    [Fact]
    public async Task An_already_cancelled_token_fails_the_call_without_running_it()
    {
        var call = Client.GetGrain<IBehaviorGrain>(Key()).WaitForCancellationAsync(new CancellationToken(canceled: true));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
    }

    [Fact]
    public async Task A_call_past_its_timeout_fails_with_a_timeout_exception_naming_the_method()
    {
        var error = await Assert.ThrowsAsync<TimeoutException>(() => Client.GetGrain<IBehaviorGrain>(Key()).HangWithShortTimeoutAsync());
        Assert.Contains("HangWithShortTimeoutAsync", error.Message);
        Assert.Contains("00:00:00.2", error.Message);
    }

    [Fact]
    public void An_interface_no_grain_implements_fails_with_an_error_naming_it()
    {
        var error = Assert.Throws<GrainTypeNotRegisteredException>(() => Client.GetGrain<IUnimplementedGrain>("x"));
        Assert.Contains(nameof(IUnimplementedGrain), error.Message);
    }

    [Fact]
    public void An_interface_with_a_non_awaitable_method_fails_with_an_error_naming_the_method()
    {
        var error = Assert.Throws<InvalidGrainInterfaceException>(() => Client.GetGrain<IBadShapeGrain>("x"));
        Assert.Contains($"{nameof(IBadShapeGrain)}.{nameof(IBadShapeGrain.NotAsync)}", error.Message);
    }

    [Fact]
    public void References_are_cheap_values_equal_by_identity()
    {
        var a = Client.GetGrain<IStringKeyGrain>("same");
        var b = Client.GetGrain<IStringKeyGrain>("same");
        Assert.Equal(a, b);
        Assert.Equal(a.GetGrainId(), b.GetGrainId());
        Assert.Equal("stringkey/same", a.GetGrainId().ToString());
        Assert.NotEqual(a, Client.GetGrain<IStringKeyGrain>("other"));
    }
}
