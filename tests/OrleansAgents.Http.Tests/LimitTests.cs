using System.Net;
using OrleansAgents.Http.Errors;
using OrleansAgents.Http.Tests.Infrastructure;
using Xunit;

namespace OrleansAgents.Http.Tests;

public sealed class LimitTests(TightApiHost host) : IClassFixture<TightApiHost>
{
    [Fact]
    public async Task A_user_over_the_rate_limit_gets_429_with_Retry_After_and_other_users_are_not_affected()
    {
        using var limited = host.As(ApiHost.KeyOf("limited"));
        using var bob = host.As(ApiHost.BobKey);

        // A burst of 3 refilled at 1 a second: well within 20 quick requests one is refused (unless they took 17 s).
        HttpResponseMessage? refused = null;
        for (var i = 0; i < 20 && refused is null; i++)
        {
            var response = await limited.GetAsync("/agents");
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                refused = response;
            }
            else
            {
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                response.Dispose();
            }
        }

        Assert.NotNull(refused);
        using (refused)
        {
            await refused.AssertProblemAsync(HttpStatusCode.TooManyRequests, ProblemTypes.RateLimited);
            Assert.True(refused.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), $"Retry-After: {refused.Headers.RetryAfter}");
        }

        using var other = await bob.GetAsync("/agents");
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }

    [Fact]
    public async Task The_body_limit_is_configurable()
    {
        using var alice = host.As(ApiHost.AliceKey);
        var body = "{\"agent\":\"echo\",\"input\":\"" + new string('x', 5000) + "\"}";
        using var response = await alice.PostAsync("/tasks", Api.JsonBody(body));
        var problem = await response.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge, ProblemTypes.TooLarge);
        Assert.Contains("4096", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }
}
