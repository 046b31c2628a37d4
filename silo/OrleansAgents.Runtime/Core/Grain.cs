using Microsoft.Extensions.DependencyInjection;
using OrleansAgents.Runtime;
using OrleansAgents.Streams;

namespace OrleansAgents;

/// <summary>
/// The base class of grains. Gives access to the grain's identity, its lifecycle, timers and reminders.
/// Grains are created by the runtime; their constructor may take services, <see cref="IGrainFactory"/> and
/// <see cref="IPersistentState{TState}"/> parameters marked with <see cref="PersistentStateAttribute"/>.
/// </summary>
public abstract class Grain : IGrainIdentity, IStreamConsumerGrain
{
    private readonly ActivationData _activation;
    private GrainStreamConsumer? _streams;

    /// <summary>Binds the grain to the activation being created.</summary>
    protected Grain()
    {
        _activation = ActivationData.Constructing
            ?? throw new InvalidOperationException($"{GetType().Name} is a grain: it is created by the runtime on its first call. Get a reference with IGrainFactory.GetGrain instead of calling its constructor.");
    }

    /// <summary>The id of this grain.</summary>
    public GrainId GrainId => _activation.GrainId;

    /// <summary>The key of this grain.</summary>
    public GrainKey GrainKey => _activation.GrainId.Key;

    /// <summary>Creates references to other grains.</summary>
    protected IGrainFactory GrainFactory => _activation.GrainFactory;

    /// <summary>The silo's services.</summary>
    protected IServiceProvider ServiceProvider => _activation.Services;

    /// <summary>
    /// Random numbers for this grain (retry jitter and the like): <see cref="Random.Shared"/>, or the simulation's
    /// seeded generator when the silo runs in a TestCluster simulation, so that a seed replays the same choices.
    /// </summary>
    protected Random Randomness => _activation.Simulation?.Random ?? Random.Shared;

    /// <summary>
    /// Runs <paramref name="work"/> outside this grain's turns — on the thread pool, like <see cref="Task.Run(Func{Task})"/>,
    /// or as a step of the simulation when the silo runs in one — so that blocking or long work does not stall the
    /// activation. The work must not touch the grain's state; marshal results back by awaiting the returned task.
    /// </summary>
    protected Task<T> RunOutsideTurnAsync<T>(Func<Task<T>> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        return _activation.Simulation is { } simulation ? simulation.RunOffTurn(work) : Task.Run(work);
    }

    /// <summary>Runs when the grain is activated, after its persistent state was read and before its first call.</summary>
    public virtual Task OnActivateAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Runs when the grain is deactivated gracefully; not on a crash.</summary>
    public virtual Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Deactivates the grain once the current request finishes; later calls activate it anew.</summary>
    protected void DeactivateOnIdle() => _activation.RequestDeactivation(DeactivationReason.ApplicationRequested);

    /// <summary>Keeps the activation from idle collection for at least <paramref name="duration"/> from now.</summary>
    protected void DelayDeactivation(TimeSpan duration) => _activation.DelayDeactivation(duration);

    /// <summary>
    /// Registers a timer whose callback runs as a turn of this activation (it does not interleave with requests
    /// unless <see cref="GrainTimerCreationOptions.Interleave"/> is set). The timer ends with the activation.
    /// </summary>
    protected IGrainTimer RegisterGrainTimer(Func<CancellationToken, Task> callback, GrainTimerCreationOptions options)
    {
        ArgumentNullException.ThrowIfNull(callback);
        return _activation.RegisterTimer(callback, options);
    }

    /// <summary>Registers a timer that first fires after <paramref name="dueTime"/>, then every <paramref name="period"/>.</summary>
    protected IGrainTimer RegisterGrainTimer(Func<CancellationToken, Task> callback, TimeSpan dueTime, TimeSpan period) =>
        RegisterGrainTimer(callback, new GrainTimerCreationOptions(dueTime, period));

    /// <summary>Registers a timer with state passed to each callback.</summary>
    protected IGrainTimer RegisterGrainTimer<TState>(Func<TState, CancellationToken, Task> callback, TState state, GrainTimerCreationOptions options)
    {
        ArgumentNullException.ThrowIfNull(callback);
        return _activation.RegisterTimer(token => callback(state, token), options);
    }

    /// <summary>
    /// Registers (or moves) a durable reminder: it survives deactivation and silo restarts, and re-activates the
    /// grain through <see cref="IRemindable.ReceiveReminderAsync"/>. The grain must implement <see cref="IRemindable"/>.
    /// </summary>
    protected Task<IGrainReminder> RegisterOrUpdateReminderAsync(string reminderName, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentException.ThrowIfNullOrEmpty(reminderName);
        return _activation.Reminders.RegisterOrUpdateAsync(this, reminderName, dueTime, period);
    }

    /// <summary>Removes a reminder.</summary>
    protected Task UnregisterReminderAsync(IGrainReminder reminder)
    {
        ArgumentNullException.ThrowIfNull(reminder);
        return _activation.Reminders.UnregisterAsync(GrainId, reminder.ReminderName, (reminder as ReminderEntry)?.ETag);
    }

    /// <summary>Gets a reminder by name, or <c>null</c>.</summary>
    protected Task<IGrainReminder?> GetReminderAsync(string reminderName) => _activation.Reminders.GetAsync(GrainId, reminderName);

    /// <summary>Gets all reminders of this grain.</summary>
    protected Task<IReadOnlyList<IGrainReminder>> GetRemindersAsync() => _activation.Reminders.GetAllAsync(GrainId);

    /// <summary>
    /// Gets a stream provider by name (<see cref="StreamProviderNames.Default"/> is always there). Subscriptions made
    /// through it belong to this grain: they outlive the activation, and events activate the grain; attach observers
    /// again in <see cref="OnActivateAsync"/> with <see cref="IAsyncStream{T}.GetAllSubscriptionHandles"/> and
    /// <see cref="StreamSubscriptionHandle{T}.ResumeAsync"/>.
    /// </summary>
    /// <exception cref="KeyNotFoundException">No provider of that name is configured on the silo.</exception>
    protected IStreamProvider GetStreamProvider(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return Streams.GetProvider(name);
    }

    private GrainStreamConsumer Streams => _streams ??= new GrainStreamConsumer(_activation.Services.GetRequiredService<StreamProviderRegistry>(), GrainId);

    Task IStreamConsumerGrain.DeliverAsync(StreamDelivery delivery) =>
        this is IStreamInboxSink inbox ? inbox.AcceptAsync(delivery) : Streams.DeliverAsync(delivery);
}
