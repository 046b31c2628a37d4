using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using OrleansAgents.Mcp.Tests.Infrastructure;
using Xunit;

namespace OrleansAgents.Mcp.Tests;

/// <summary>
/// Requests the MCP client would never send, so they are sent by hand: the Streamable HTTP transport answers them with
/// an HTTP error and a JSON-RPC error object without an id, as the specification prescribes.
/// </summary>
[Collection(McpHost.Collection)]
public sealed class McpMalformedRequestTests(McpHost host)
{
    [Fact]
    public async Task A_body_that_is_not_JSON_is_a_JSON_RPC_parse_error()
    {
        using var response = await PostAsync("this is not json", user: "malformed");

        await AssertJsonRpcErrorAsync(response, HttpStatusCode.BadRequest, -32700);
    }

    [Fact]
    public async Task JSON_that_is_not_a_JSON_RPC_message_is_a_JSON_RPC_invalid_request_error()
    {
        using var response = await PostAsync("""{"hello":"world"}""", user: "malformed");

        await AssertJsonRpcErrorAsync(response, HttpStatusCode.BadRequest, -32600);
    }

    [Fact]
    public async Task A_request_without_an_authenticated_user_is_refused_with_401()
    {
        using var response = await PostAsync("""{"jsonrpc":"2.0","id":1,"method":"tools/list"}""", user: null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private async Task<HttpResponseMessage> PostAsync(string body, string? user)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, host.Endpoint) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        if (user is not null)
        {
            request.Headers.Add(TestUserAuthenticationHandler.Header, user);
        }

        return await http.SendAsync(request);
    }

    private static async Task AssertJsonRpcErrorAsync(HttpResponseMessage response, HttpStatusCode status, int code)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"HTTP {(int)response.StatusCode}: {body}");
        using var json = JsonDocument.Parse(body);
        Assert.Equal("2.0", json.RootElement.GetProperty("jsonrpc").GetString());
        Assert.Equal(code, json.RootElement.GetProperty("error").GetProperty("code").GetInt32());
        Assert.False(json.RootElement.TryGetProperty("result", out _), body);
    }
}
