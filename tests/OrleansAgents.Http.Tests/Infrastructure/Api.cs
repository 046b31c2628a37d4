using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using OrleansAgents.Agents;
using Xunit;

namespace OrleansAgents.Http.Tests.Infrastructure;

/// <summary>Requests and assertions the tests share.</summary>
public static class Api
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    public static StringContent JsonBody(string json) => new(json, Encoding.UTF8, "application/json");

    public static Task<HttpResponseMessage> SubmitAsync(this HttpClient client, object body) =>
        client.PostAsJsonAsync("/tasks", body, Json);

    public static async Task<AgentTaskSnapshot> SubmittedAsync(this HttpClient client, object body)
    {
        using var response = await client.SubmitAsync(body);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"Expected 201, got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<AgentTaskSnapshot>(Json))!;
    }

    public static async Task<AgentTaskSnapshot> GetTaskAsync(this HttpClient client, string id)
    {
        using var response = await client.GetAsync($"/tasks/{id}");
        Assert.True(response.IsSuccessStatusCode, $"GET /tasks/{id}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<AgentTaskSnapshot>(Json))!;
    }

    /// <summary>Reads the task until <paramref name="done"/> holds, or fails after <see cref="Patience"/>.</summary>
    public static async Task<AgentTaskSnapshot> EventuallyAsync(this HttpClient client, string id, Func<AgentTaskSnapshot, bool> done, string expected)
    {
        var deadline = DateTime.UtcNow + Patience;
        AgentTaskSnapshot task;
        while (!done(task = await client.GetTaskAsync(id)))
        {
            Assert.True(DateTime.UtcNow < deadline, $"Task {id} never became {expected}; last {task.Status} (sequence {task.Sequence}).");
            await Task.Delay(20);
        }

        return task;
    }

    /// <summary>Asserts a problem document with <paramref name="status"/> (and <paramref name="type"/>) and no stack trace.</summary>
    public static async Task<JsonElement> AssertProblemAsync(this HttpResponseMessage response, HttpStatusCode status, string? type = null)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"Expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        if (type is not null)
        {
            Assert.Equal(type, problem.GetProperty("type").GetString());
        }

        Assert.DoesNotContain("   at ", body, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception:", body, StringComparison.Ordinal);
        return problem;
    }
}
