namespace OrleansAgents.Testing;

/// <summary>
/// The chaos call filter of one silo: for an incoming call that a <see cref="CallFaultRule"/> matches, draws from the
/// chaos seed whether it is delayed (on the cluster clock), fails before it runs, or runs and loses its response.
/// </summary>
internal sealed class FaultInjectingCallFilter(ChaosController chaos, TimeProvider time) : IIncomingGrainCallFilter
{
    public async Task Invoke(IIncomingGrainCallContext context)
    {
        if (!chaos.Enabled || context.InterfaceMethod is not { } method || chaos.Calls.FirstOrDefault(r => r.Matches(method)) is not { } rule)
        {
            await context.Invoke().ConfigureAwait(true);
            return;
        }

        var scope = $"call/{method.DeclaringType!.FullName}/{method.Name}/{context.TargetId}";
        var index = chaos.NextIndex(scope);
        if (Draws(rule.DelayRate, scope, "delay", index))
        {
            chaos.Counters.CallDelayed();
            await Task.Delay(rule.MaxDelay * chaos.Seed.Draw($"{scope}/delay-length", index), time).ConfigureAwait(true);
        }

        if (Draws(rule.ExceptionRate, scope, "exception", index))
        {
            chaos.Counters.CallFailed();
            var description = $"Injected by chaos seed {chaos.Seed}: call #{index} of {method.DeclaringType.Name}.{method.Name} on {context.TargetId} failed before it ran.";
            throw rule.Exception?.Invoke(description) ?? new InjectedFaultException(description);
        }

        await context.Invoke().ConfigureAwait(true);
        if (Draws(rule.LostResponseRate, scope, "lost-response", index))
        {
            chaos.Counters.ResponseLost();
            throw new TimeoutException($"Injected by chaos seed {chaos.Seed}: call #{index} of {method.DeclaringType.Name}.{method.Name} on {context.TargetId} ran, but its response was lost.");
        }
    }

    private bool Draws(double rate, string scope, string fault, long index) =>
        rate > 0 && chaos.Enabled && chaos.Seed.Draw($"{scope}/{fault}", index) < rate;
}
