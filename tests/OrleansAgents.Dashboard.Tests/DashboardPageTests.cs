using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using OrleansAgents.Dashboard.Tests.Infrastructure;
using OrleansAgents.Http.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace OrleansAgents.Dashboard.Tests;

/// <summary>
/// The sign-in, the agent-tasks page and the Orleans Dashboard in headless Chromium. Each test has users of its own, so
/// counts and lists are exact; screenshots go to <see cref="PagesHost.ScreenshotDirectory"/>.
/// </summary>
public sealed partial class DashboardPageTests(PagesHost host) : IClassFixture<PagesHost>
{
    static DashboardPageTests() => SetDefaultExpectTimeout((float)PagesHost.Patience.TotalMilliseconds);

    [Fact]
    public async Task A_signed_in_user_submits_a_task_on_the_page_and_follows_it_live_to_succeeded()
    {
        var page = await host.NewPageAsync();
        await SignInAsync(page, "alice", "/tasks-ui");
        await Expect(page).ToHaveURLAsync(TasksPage());
        await Expect(page.Locator("#user")).ToHaveTextAsync("alice");

        var gate = $"page-{Guid.NewGuid():N}";
        await page.FillAsync("#agent", "gate");
        await page.FillAsync("#input", JsonSerializer.Serialize(gate));
        await page.ClickAsync("#submit-button");
        await Expect(page.Locator("#timeline-task")).Not.ToBeEmptyAsync();
        var id = (await page.Locator("#timeline-task").TextContentAsync())!;

        // Running, seen live: the gate agent reported progress and waits for the test.
        var row = page.Locator($"#tasks tr[data-task-id='{id}']");
        await Expect(row).ToHaveAttributeAsync("data-status", "Running");
        await Expect(page.Locator("#timeline-status")).ToHaveTextAsync("Running");
        await Expect(page.Locator("#events li").Last).ToContainTextAsync("waiting at the gate");
        await Expect(page.Locator("#progress")).ToHaveJSPropertyAsync("value", 10);
        await Expect(page.Locator("#counts span[data-status='Running']")).ToHaveTextAsync("Running: 1");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("tasks-running.png"), FullPage = true });

        GateAgent.Open(gate);
        await Expect(row).ToHaveAttributeAsync("data-status", "Succeeded");
        await Expect(page.Locator("#timeline-status")).ToHaveTextAsync("Succeeded");
        await Expect(page.Locator("#progress")).ToHaveJSPropertyAsync("value", 100);
        await Expect(page.Locator("#counts span[data-status='Succeeded']")).ToHaveTextAsync("Succeeded: 1");
        await Expect(page.Locator("#counts span[data-status='Running']")).ToHaveTextAsync("Running: 0");
        await AssertTimelineAsync(page);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("tasks-succeeded.png"), FullPage = true });

        // Opening the finished task's timeline from the list (after a reload) replays its events.
        await page.ReloadAsync();
        await page.Locator($"#tasks tr[data-task-id='{id}']").ClickAsync();
        await Expect(page.Locator("#timeline-task")).ToHaveTextAsync(id);
        await Expect(page.Locator("#timeline-status")).ToHaveTextAsync("Succeeded");
        await AssertTimelineAsync(page);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("task-timeline.png"), FullPage = true });
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_page_shows_a_problem_for_an_unknown_agent_and_input_that_is_not_json()
    {
        var page = await host.NewPageAsync();
        await SignInAsync(page, "bob", "/tasks-ui");
        await page.FillAsync("#agent", "no-such-agent");
        await page.ClickAsync("#submit-button");
        await Expect(page.Locator("#submit-error")).ToContainTextAsync("no-such-agent");

        await page.FillAsync("#agent", "echo");
        await page.FillAsync("#input", "{not json");
        await page.ClickAsync("#submit-button");
        await Expect(page.Locator("#submit-error")).ToContainTextAsync("not JSON");
        await Expect(page.Locator("#counts span[data-status='Pending']")).ToHaveTextAsync("Pending: 0");
        Assert.Equal(0, await page.Locator("#tasks tr").CountAsync());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task An_admin_signs_in_and_sees_the_orleans_dashboard()
    {
        var page = await host.NewPageAsync();
        await page.GotoAsync("/dashboard/");
        await Expect(page).ToHaveURLAsync(LoginPage());
        await page.FillAsync("#key", PagesHost.KeyOf(PagesHost.Admin));
        var counters = page.WaitForResponseAsync(r => r.Url.Contains("/dashboard/DashboardCounters", StringComparison.Ordinal) && r.Status == 200);
        await page.ClickAsync("#sign-in");
        await counters;
        await Expect(page).ToHaveURLAsync(new Regex("/dashboard/$"));
        await Expect(page).ToHaveTitleAsync("Orleans Dashboard");
        await Expect(page.Locator("#menu a").First).ToBeVisibleAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("orleans-dashboard.png"), FullPage = true });
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Without_signing_in_the_pages_redirect_to_login_and_the_api_answers_401()
    {
        var page = await host.NewPageAsync();
        await page.GotoAsync("/tasks-ui");
        await Expect(page).ToHaveURLAsync(LoginPage());
        await Expect(page.Locator("input[name='returnUrl']")).ToHaveValueAsync("/tasks-ui");

        foreach (var path in new[] { "/dashboard/", "/dashboard/DashboardCounters", "/dashboard/GrainState?grainId=x&grainType=y", "/tasks-ui" })
        {
            var response = await page.APIRequest.GetAsync(path, new APIRequestContextOptions { MaxRedirects = 0 });
            Assert.True(response.Status == 302, $"{path}: expected a redirect to /login, got {response.Status}");
            Assert.StartsWith("/login?returnUrl=", new Uri(host.BaseAddress, response.Headers["location"]).PathAndQuery, StringComparison.Ordinal);
        }

        var api = await page.APIRequest.GetAsync("/tasks", new APIRequestContextOptions { MaxRedirects = 0 });
        Assert.Equal(401, api.Status);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_wrong_key_is_refused_and_sets_no_cookie()
    {
        var page = await host.NewPageAsync();
        await page.GotoAsync("/login");
        await page.FillAsync("#key", "not-a-key");
        var refused = page.WaitForResponseAsync(r => r.Url.EndsWith("/login", StringComparison.Ordinal) && r.Request.Method == "POST");
        await page.ClickAsync("#sign-in");
        Assert.Equal(401, (await refused).Status);
        await Expect(page.Locator("#error")).ToHaveTextAsync("The API key is not valid.");
        Assert.Empty(await page.Context.CookiesAsync());

        await page.GotoAsync("/tasks-ui");
        await Expect(page).ToHaveURLAsync(LoginPage());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_cookie_is_httponly_and_samesite_strict_a_user_is_not_an_admin_and_signing_out_ends_it()
    {
        var page = await host.NewPageAsync();
        await SignInAsync(page, "carol", "/tasks-ui");
        var cookie = Assert.Single(await page.Context.CookiesAsync());
        Assert.Equal("OrleansAgents.SignIn", cookie.Name);
        Assert.True(cookie.HttpOnly);
        Assert.Equal(SameSiteAttribute.Strict, cookie.SameSite);
        Assert.Empty(await page.EvaluateAsync<string>("() => document.cookie"));

        var dashboard = await page.GotoAsync("/dashboard/");
        Assert.Equal(403, dashboard!.Status);
        var counters = await page.APIRequest.GetAsync("/dashboard/DashboardCounters", new APIRequestContextOptions { MaxRedirects = 0 });
        Assert.Equal(403, counters.Status);

        await page.GotoAsync("/tasks-ui");
        await page.ClickAsync("text=Sign out");
        await Expect(page).ToHaveURLAsync(new Regex("/login$"));
        await page.GotoAsync("/tasks-ui");
        await Expect(page).ToHaveURLAsync(LoginPage());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_user_never_sees_another_users_tasks_on_the_page()
    {
        using var dave = host.Api("dave");
        using var erin = host.Api("erin");
        var daves = await SubmitAsync(dave, "from dave");
        var erins = await SubmitAsync(erin, "from erin");

        var page = await host.NewPageAsync();
        await SignInAsync(page, "erin", "/tasks-ui");
        await Expect(page.Locator($"#tasks tr[data-task-id='{erins}']")).ToHaveAttributeAsync("data-status", "Succeeded");
        Assert.Equal(1, await page.Locator("#tasks tr").CountAsync());
        Assert.Equal(0, await page.Locator($"#tasks tr[data-task-id='{daves}']").CountAsync());
        await Expect(page.Locator("#counts span[data-status='Succeeded']")).ToHaveTextAsync("Succeeded: 1");

        // Dave's task by id, through the cookie: 404, as for a task that does not exist; its event stream too.
        Assert.Equal(404, await page.EvaluateAsync<int>("id => fetch('/tasks/' + encodeURIComponent(id)).then(r => r.status)", daves));
        Assert.Equal(404, await page.EvaluateAsync<int>("id => fetch('/tasks/' + encodeURIComponent(id) + '/events').then(r => r.status)", daves));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("tasks-isolation.png"), FullPage = true });
        await page.Context.CloseAsync();
    }

    private static async Task SignInAsync(IPage page, string user, string returnUrl)
    {
        await page.GotoAsync(returnUrl);
        await Expect(page).ToHaveURLAsync(LoginPage());
        await page.FillAsync("#key", PagesHost.KeyOf(user));
        await page.ClickAsync("#sign-in");
        await Expect(page).ToHaveURLAsync(new Regex(Regex.Escape(returnUrl) + "$"));
    }

    /// <summary>The timeline: submitted (Pending) first, Running, the gate's progress, Succeeded last, sequences 1..n in order.</summary>
    private static async Task AssertTimelineAsync(IPage page)
    {
        await Expect(page.Locator("#events li").Last).ToHaveAttributeAsync("data-status", "Succeeded");
        var events = await page.Locator("#events li").EvaluateAllAsync<string[][]>("items => items.map(i => [i.dataset.sequence, i.dataset.status, i.textContent])");
        Assert.Equal(Enumerable.Range(1, events.Length).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), events.Select(e => e[0]));
        Assert.Equal("Pending", events[0][1]);
        Assert.Contains(events, e => e[1] == "Running" && e[2].Contains("through the gate", StringComparison.Ordinal));
        Assert.Equal("Succeeded", events[^1][1]);
    }

    private static async Task<string> SubmitAsync(HttpClient api, string input)
    {
        using var response = await api.PostAsJsonAsync("/tasks", new { agent = "echo", input });
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"POST /tasks: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("taskId").GetString()!;
    }

    private static string Shot(string name) => Path.Combine(PagesHost.ScreenshotDirectory, name);

    private static Regex TasksPage() => new("/tasks-ui$");

    private static Regex LoginPage() => new("/login\\?returnUrl=");
}
