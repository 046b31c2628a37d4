using System.Text.Json;
using System.Text.Json.Schema;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace OrleansAgents.Agents;

/// <summary>The agents registered on this silo, with their options, schemas and concurrency limits.</summary>
internal sealed class AgentRegistry
{
    private static readonly JsonElement AnyJsonSchema = JsonSerializer.SerializeToElement(new { });

    /// <summary>A typed agent's input is never null (submit rejects it), so its schema does not allow null.</summary>
    private static readonly JsonSchemaExporterOptions SchemaOptions = new() { TreatNullObliviousAsNonNullable = true };
    private readonly Dictionary<string, Entry> _agents = new(StringComparer.Ordinal);
    private readonly IServiceProvider _services;

    public AgentRegistry(IEnumerable<AgentRegistration> registrations, IOptionsMonitor<AgentOptions> options, IServiceProvider services)
    {
        _services = services;
        foreach (var registration in registrations)
        {
            if (_agents.ContainsKey(registration.Name))
            {
                throw new InvalidOperationException($"Two agents are registered as '{registration.Name}'; agent names must be unique.");
            }

            var agentOptions = options.Get(registration.Name);
            agentOptions.InputType ??= InputTypeOf(registration.AgentType);
            var schema = agentOptions.InputType is null
                ? AnyJsonSchema
                : JsonSerializer.SerializeToElement(JsonSerializerOptions.Default.GetJsonSchemaAsNode(agentOptions.InputType, SchemaOptions));
            _agents[registration.Name] = new Entry(
                registration,
                agentOptions,
                new AgentDescriptor(registration.Name, agentOptions.Description, schema),
                agentOptions.MaxConcurrency > 0 ? new SemaphoreSlim(agentOptions.MaxConcurrency) : null,
                ActivatorUtilities.CreateFactory(registration.AgentType, Type.EmptyTypes));
        }
    }

    public IReadOnlyList<AgentDescriptor> Descriptors => _agents.Values.Select(e => e.Descriptor).OrderBy(d => d.Name, StringComparer.Ordinal).ToArray();

    public bool TryGet(string name, out Entry entry) => _agents.TryGetValue(name, out entry!);

    public Entry Get(string name) => _agents.TryGetValue(name, out var entry)
        ? entry
        : throw new AgentNotFoundException($"No agent named '{name}' is registered. Known agents: {string.Join(", ", _agents.Keys.Order(StringComparer.Ordinal))}.");

    /// <summary>A new agent instance for one attempt: from DI if the type is registered there, else made by a factory compiled once per agent.</summary>
    public IAgent Create(Entry entry) => (IAgent)(_services.GetService(entry.Registration.AgentType) ?? entry.Factory(_services, null));

    private static Type? InputTypeOf(Type agentType)
    {
        for (var type = agentType; type is not null; type = type.BaseType)
        {
            if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Agent<>))
            {
                return type.GetGenericArguments()[0];
            }
        }

        return null;
    }

    /// <summary>A registered agent.</summary>
    internal sealed record Entry(AgentRegistration Registration, AgentOptions Options, AgentDescriptor Descriptor, SemaphoreSlim? Concurrency, ObjectFactory Factory);
}
