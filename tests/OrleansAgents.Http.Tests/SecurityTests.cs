using System.Net;
using OrleansAgents.Http.Tests.Infrastructure;
using Xunit;

namespace OrleansAgents.Http.Tests;

[Collection(ApiHostCollection.Name)]
public sealed class SecurityTests(ApiHost host)
{
    public static TheoryData<string, string> Endpoints => new()
    {
        { "GET", "/tasks" },
        { "GET", "/tasks/any" },
        { "POST", "/tasks" },
        { "POST", "/tasks/any/cancel" },
        { "GET", "/tasks/any/events" },
        { "GET", "/agents" },
        { "POST", "/topics/news" },
        { "GET", "/topics/events?topic=news" },
        { "GET", "/openapi/v1.json" },
    };

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Every_endpoint_refuses_a_missing_key_with_a_401_problem(string method, string url)
    {
        using var anonymous = host.CreateClient();
        using var response = await anonymous.SendAsync(new HttpRequestMessage(new HttpMethod(method), url) { Content = method == "POST" ? Api.JsonBody("{}") : null });

        var problem = await response.AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Contains("No API key", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Every_endpoint_refuses_a_wrong_key_with_a_401_problem(string method, string url)
    {
        using var wrong = host.As("not-a-configured-key");
        using var response = await wrong.SendAsync(new HttpRequestMessage(new HttpMethod(method), url) { Content = method == "POST" ? Api.JsonBody("{}") : null });

        var problem = await response.AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Contains("not valid", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_key_may_come_in_the_X_Api_Key_header()
    {
        using var client = host.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", ApiHost.AliceKey);
        using var response = await client.GetAsync("/agents");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task An_unknown_path_is_a_404_problem()
    {
        using var alice = host.As(ApiHost.AliceKey);
        using var response = await alice.GetAsync("/no/such/path");
        await response.AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_wrong_method_is_a_405_problem()
    {
        using var alice = host.As(ApiHost.AliceKey);
        using var response = await alice.DeleteAsync("/agents");
        await response.AssertProblemAsync(HttpStatusCode.MethodNotAllowed);
    }
}
