using System.Text.RegularExpressions;
using Npgsql;
using OrleansAgents.Hosting;

namespace OrleansAgents.Postgres;

/// <summary>The checks every PostgreSQL provider's options validator shares; messages name the property.</summary>
internal static partial class PostgresOptionsRules
{
    /// <summary>Longest table name: PostgreSQL's 63-byte identifier limit minus room for the suffixes of the table's sequence and indexes.</summary>
    public const int MaxTableNameLength = 48;

    /// <summary>Checks the connection string, the schema and the table name.</summary>
    /// <param name="errors">Collects the messages.</param>
    /// <param name="options">The options to check.</param>
    /// <param name="owner">The options' type name and, for named options, the provider name, e.g. <c>PostgresStorageOptions 'pg'</c>.</param>
    /// <param name="tableName">The table name option's value.</param>
    /// <param name="tableProperty">The table name option's property name.</param>
    public static void Check(List<string> errors, PostgresProviderOptions options, string owner, string tableName, string tableProperty)
    {
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            errors.Add($"{owner}.{nameof(PostgresProviderOptions.ConnectionString)} must be set to an Npgsql connection string, e.g. 'Host=localhost;Username=postgres;Database=orleansagents'.");
        }
        else
        {
            try
            {
                _ = new NpgsqlConnectionStringBuilder(options.ConnectionString);
            }
            catch (ArgumentException exception)
            {
                errors.Add($"{owner}.{nameof(PostgresProviderOptions.ConnectionString)} is not a valid Npgsql connection string: {exception.Message}");
            }
        }

        Identifier(errors, options.Schema, $"{owner}.{nameof(PostgresProviderOptions.Schema)}", 63);
        Identifier(errors, tableName, $"{owner}.{tableProperty}", MaxTableNameLength);
    }

    /// <summary>Names an options instance in messages: its type, and its name when it has one.</summary>
    public static string Owner(string typeName, string? name) =>
        string.IsNullOrEmpty(name) ? typeName : $"{typeName} '{name}'";

    private static void Identifier(List<string> errors, string? value, string property, int maxLength)
    {
        if (string.IsNullOrEmpty(value) || value.Length > maxLength || !IdentifierPattern().IsMatch(value))
        {
            errors.Add($"{property} must be 1 to {maxLength} characters, letters, digits and '_', not starting with a digit (was '{value}').");
        }
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$", RegexOptions.CultureInvariant)]
    private static partial Regex IdentifierPattern();
}
