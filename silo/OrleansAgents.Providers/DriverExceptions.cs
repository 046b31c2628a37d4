using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace OrleansAgents.Hosting;

/// <summary>
/// Lets Orleans serialize a database driver's exceptions (Npgsql's, StackExchange.Redis's) when one reaches a caller in
/// another process: Orleans' exception codec takes only the namespaces in <see cref="ExceptionSerializationOptions"/>
/// (System, Microsoft, Azure), and any other exception type fails the whole response with a
/// <c>CodecNotFoundException</c>, its message lost. Found by the flake budget: a reminder registration during a
/// PostgreSQL restart (Orleans' ADO.NET reminder table) threw <c>Npgsql.PostgresException</c> through a submit. The
/// caller now gets the driver's exception (or, where its type is unknown, Orleans' fallback exception naming it) with
/// its message.
/// </summary>
internal static class DriverExceptions
{
    public const string Npgsql = "Npgsql";

    public const string Redis = "StackExchange.Redis";

    public static void Allow(IServiceCollection services, string namespacePrefix) =>
        services.Configure<ExceptionSerializationOptions>(o => o.SupportedNamespacePrefixes.Add(namespacePrefix));
}
