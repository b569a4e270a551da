using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using CaseCoordination.Api.Tests.Support;
using Deque.AxeCore.Playwright;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit;

namespace CaseCoordination.Api.Tests;

/// <summary>The API on real Kestrel with the demo region filled with invented referrals, for a real browser.</summary>
public sealed class CoordinatorPageFactory : ApiFactory
{
    public CoordinatorPageFactory()
    {
        UseKestrel(0);
        StartServer();
    }

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Database:DemoReferrals"] = "600" };

    public string Origin => Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().Replace("[::]", "127.0.0.1", StringComparison.Ordinal);
}

/// <summary>
/// The API with the page signing in at an OpenID Connect provider on loopback (<see cref="TestOidcProvider"/>),
/// which issues a token the API accepts once the page proves its PKCE verifier.
/// </summary>
public sealed class OidcCoordinatorPageFactory : ApiFactory
{
    public OidcCoordinatorPageFactory()
    {
        Provider = TestOidcProvider.Start(DevKey);
        UseKestrel(0);
        StartServer();
    }

    public TestOidcProvider Provider { get; }

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["CoordinatorPage:ClientId"] = TestOidcProvider.ClientId,
        ["CoordinatorPage:Authority"] = Provider.Origin,
        ["CoordinatorPage:Scope"] = "openid api",
    };

    public string Origin => Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            Provider.Dispose();
        }
    }
}

/// <summary>
/// An authorization server of the simplest kind, on loopback: discovery, an authorize endpoint that
/// signs the coordinator of region 99 in at once and redirects back with a code, and a token endpoint
/// that gives the token only for the code's PKCE verifier (S256), the registered client and redirect URI.
/// </summary>
public sealed class TestOidcProvider : IDisposable
{
    public const string ClientId = "coordinator-page";

    private readonly Microsoft.AspNetCore.Builder.WebApplication _app;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, (string Challenge, string RedirectUri)> _codes = new();

    private TestOidcProvider(Microsoft.AspNetCore.Builder.WebApplication app) => _app = app;

    public string Origin { get; private set; } = string.Empty;

    /// <summary>Token requests refused (a wrong verifier, code, client or redirect URI).</summary>
    public int Refused { get; private set; }

    public int Issued { get; private set; }

    public static TestOidcProvider Start(string signingKey)
    {
        var builder = Microsoft.AspNetCore.Builder.WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var provider = new TestOidcProvider(app);
        app.Use((context, next) =>
        {
            context.Response.Headers.AccessControlAllowOrigin = "*";
            return next(context);
        });
        app.MapGet("/.well-known/openid-configuration", () => Microsoft.AspNetCore.Http.Results.Json(new Dictionary<string, string>
        {
            ["issuer"] = provider.Origin,
            ["authorization_endpoint"] = provider.Origin + "/authorize",
            ["token_endpoint"] = provider.Origin + "/token",
        }));
        app.MapGet("/authorize", (Microsoft.AspNetCore.Http.HttpRequest request) =>
        {
            var q = request.Query;
            if (q["response_type"] != "code" || q["client_id"] != ClientId || q["code_challenge_method"] != "S256" || string.IsNullOrEmpty(q["code_challenge"]))
            {
                return Microsoft.AspNetCore.Http.Results.BadRequest();
            }

            var code = Guid.NewGuid().ToString("N");
            provider._codes[code] = (q["code_challenge"]!, q["redirect_uri"]!);
            return Microsoft.AspNetCore.Http.Results.Redirect($"{q["redirect_uri"]}?code={code}&state={Uri.EscapeDataString(q["state"]!)}");
        });
        app.MapPost("/token", async (Microsoft.AspNetCore.Http.HttpRequest request) =>
        {
            var form = await request.ReadFormAsync();
            var verifier = form["code_verifier"].ToString();
            var challenge = Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(verifier)))
                .TrimEnd('=').Replace('+', '-').Replace('/', '_');
            if (form["grant_type"] != "authorization_code" || form["client_id"] != ClientId
                || !provider._codes.TryRemove(form["code"].ToString(), out var issued) || issued.Challenge != challenge || issued.RedirectUri != form["redirect_uri"])
            {
                provider.Refused++;
                return Microsoft.AspNetCore.Http.Results.BadRequest(new { error = "invalid_grant" });
            }

            provider.Issued++;
            var token = Api.Infrastructure.DevTokens.Mint(signingKey, "oidc-coordinator", "coordinator", null, "99", TimeSpan.FromHours(1), DateTimeOffset.UtcNow);
            return Microsoft.AspNetCore.Http.Results.Json(new { access_token = token, token_type = "Bearer", expires_in = 3600 });
        });
        app.StartAsync().GetAwaiter().GetResult();
        provider.Origin = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return provider;
    }

    public void Dispose() => _app.DisposeAsync().AsTask().GetAwaiter().GetResult();
}

/// <summary>Signing in at the organisation's provider: the page's authorization code flow with PKCE, end to end.</summary>
public sealed class CoordinatorPageOidcTests(OidcCoordinatorPageFactory factory) : IClassFixture<OidcCoordinatorPageFactory>
{
    [Fact]
    public async Task The_page_signs_in_at_the_OpenID_Connect_provider_with_PKCE_and_shows_the_overview()
    {
        await using var browser = await CoordinatorPageTests.LaunchAsync();
        var page = await browser.NewPageAsync();
        await page.GotoAsync(factory.Origin + "/coordinator/");
        await Assertions.Expect(page.Locator("#dev-sign-in-button")).ToBeHiddenAsync();
        await page.Locator("#sign-in-button").ClickAsync();
        await page.WaitForSelectorAsync("html[data-overview=rendered]", new PageWaitForSelectorOptions { State = WaitForSelectorState.Attached });

        Assert.Equal(1, factory.Provider.Issued);
        Assert.Equal(0, factory.Provider.Refused);
        Assert.Equal(factory.Origin + "/coordinator/", page.Url);
        Assert.Equal("99", await page.Locator("#region-code").InnerTextAsync());
        Assert.Equal("0", (await page.Locator("[data-figure='referrals']").InnerTextAsync()).Trim());
    }

    [Fact]
    public async Task A_returned_code_with_a_state_the_page_did_not_send_is_not_exchanged()
    {
        await using var browser = await CoordinatorPageTests.LaunchAsync();
        var page = await browser.NewPageAsync();
        var issued = factory.Provider.Issued;
        await page.GotoAsync(factory.Origin + "/coordinator/?code=forged&state=forged");
        await Assertions.Expect(page.Locator("#status")).ToContainTextAsync("misslyckades");
        await Assertions.Expect(page.Locator("#views")).ToBeHiddenAsync();
        Assert.Equal(issued, factory.Provider.Issued);
        Assert.Equal(factory.Origin + "/coordinator/", page.Url);
    }
}

/// <summary>
/// The coordinator page (issue 18) in Debian's Chromium, driven by Playwright for .NET: sign-in with the
/// keyboard, the figures it shows against the API's own answers, the follow-up filter, an axe check,
/// and a screenshot for docs/. Skips, with the reason, where <c>/usr/bin/chromium</c> is not installed.
/// </summary>
public sealed class CoordinatorPageTests(CoordinatorPageFactory factory) : IClassFixture<CoordinatorPageFactory>
{
    private const string Chromium = "/usr/bin/chromium";

    private static readonly string[] ChromiumFlags = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    [Fact]
    public async Task The_overview_shows_the_APIs_figures_and_the_follow_up_list_filters()
    {
        await using var browser = await LaunchAsync();
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        var origins = new List<string>();
        page.Request += (_, request) => origins.Add(new Uri(request.Url).GetLeftPart(UriPartial.Authority));

        await SignInWithKeyboardAsync(page);
        var coordinator = factory.As("coordinator-check", "coordinator", null, "99");
        var dashboard = await coordinator.GetFromJsonAsync<JsonElement>("/api/v1/dashboards/99", Json);

        // Open signals: every kind the API answers, with its count.
        var signals = dashboard.GetProperty("openSignals").EnumerateObject().ToList();
        Assert.NotEmpty(signals);
        foreach (var signal in signals)
        {
            Assert.Equal(signal.Value.GetInt32().ToString(CultureInfo.InvariantCulture), await FigureAsync(page, $"signal:{signal.Name}"));
        }

        Assert.True(signals.Sum(s => s.Value.GetInt32()) > 0, "The demo fill leaves some handovers dropped.");
        Assert.Equal(dashboard.GetProperty("referrals").GetInt32().ToString(CultureInfo.InvariantCulture), await FigureAsync(page, "referrals"));

        // The durations and the group comparison, as the API gives them; a suppressed count is shown as suppressed.
        foreach (var step in new[] { "requestedToReceived", "receivedToAnswered", "acceptedToFirstContact" })
        {
            var median = dashboard.GetProperty("durations").GetProperty(step).GetProperty("medianHours");
            Assert.Equal(Hours(median), await FigureAsync(page, $"duration:{step}:median"));
        }

        foreach (var group in dashboard.GetProperty("byGroup").EnumerateArray())
        {
            var key = group.GetProperty("key").GetString();
            var referrals = group.GetProperty("referrals");
            var shown = await FigureAsync(page, $"group:{key}:referrals");
            Assert.Equal(referrals.GetProperty("suppressed").GetBoolean() ? "undertryckt" : referrals.GetProperty("value").GetInt32().ToString(CultureInfo.InvariantCulture), shown);
            Assert.Equal(Hours(group.GetProperty("durations").GetProperty("acceptedToFirstContact").GetProperty("medianHours")), await FigureAsync(page, $"group:{key}:firstContactMedian"));
        }

        // Referrals by status: the sum of the cells the API shows, marked when a part is suppressed.
        foreach (var byStatus in dashboard.GetProperty("referralsByStatusAndNeed").EnumerateArray().GroupBy(r => r.GetProperty("status").GetString()))
        {
            var known = byStatus.Where(r => !r.GetProperty("count").GetProperty("suppressed").GetBoolean()).Sum(r => r.GetProperty("count").GetProperty("value").GetInt32());
            var anySuppressed = byStatus.Any(r => r.GetProperty("count").GetProperty("suppressed").GetBoolean());
            Assert.Equal(anySuppressed ? $"minst {known} (undertryckt)" : known.ToString(CultureInfo.InvariantCulture), await FigureAsync(page, $"status:{byStatus.Key}"));
        }

        // The follow-up list: the API's first page, oldest first.
        var followUp = await coordinator.GetFromJsonAsync<JsonElement>("/api/v1/dashboards/99/signals?limit=50", Json);
        Assert.Equal(CaseNumbers(followUp), await page.Locator("#follow-up-table tbody tr").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.case)"));

        // Filtered by one signal: only its rows, the same as the API's answer to that filter.
        var chosen = signals.First(s => s.Value.GetInt32() > 0).Name;
        await page.Locator("#filter-signal").SelectOptionAsync(chosen);
        await page.Locator("#follow-up-filters button[type=submit]").ClickAsync();
        var filtered = await coordinator.GetFromJsonAsync<JsonElement>($"/api/v1/dashboards/99/signals?limit=50&signal={chosen}", Json);
        await Assertions.Expect(page.Locator("#follow-up-table tbody tr")).ToHaveCountAsync(filtered.GetProperty("items").GetArrayLength());
        Assert.All(await page.Locator("#follow-up-table tbody tr").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.signal)"), s => Assert.Equal(chosen, s));
        Assert.Equal(CaseNumbers(filtered), await page.Locator("#follow-up-table tbody tr").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.case)"));

        // Nothing from another origin.
        Assert.All(origins.Distinct(), origin => Assert.Equal(factory.Origin, origin));

        // In English too.
        await page.Locator("#language").ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Regional overview");

        // The first complete render of a signed-in coordinator's page (a figure for docs/performance.md, not an assertion).
        await page.ReloadAsync();
        await page.WaitForSelectorAsync("html[data-overview=rendered]", new PageWaitForSelectorOptions { State = WaitForSelectorState.Attached });
        var rendered = await page.EvaluateAsync<double>("performance.getEntriesByName('overview-rendered')[0].startTime");
        TestContext.Current.TestOutputHelper?.WriteLine($"overview-rendered: {rendered:0} ms after navigation start (demo data, 600 referrals)");
        await page.WaitForSelectorAsync("html[data-follow-up=rendered]", new PageWaitForSelectorOptions { State = WaitForSelectorState.Attached });
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AppContext.BaseDirectory, "coordinator-page.png"), FullPage = true });
    }

    [Fact]
    public async Task The_page_has_no_serious_or_critical_accessibility_violation()
    {
        await using var browser = await LaunchAsync();
        var page = await browser.NewPageAsync();
        await SignInWithKeyboardAsync(page);

        foreach (var language in new[] { "sv", "en" })
        {
            var results = await page.RunAxe();
            var serious = results.Violations.Where(v => v.Impact is "serious" or "critical")
                .Select(v => $"{v.Id} ({v.Impact}): {v.Help} — {string.Join(", ", v.Nodes.Select(n => string.Join(" ", n.Target)))}").ToList();
            Assert.True(serious.Count == 0, $"[{language}] " + string.Join(Environment.NewLine, serious));
            await page.Locator("#language").ClickAsync();
        }

        // Readable on a tablet in portrait: the page itself never scrolls sideways (wide tables scroll in their own region).
        await page.SetViewportSizeAsync(768, 1024);
        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"), "The page scrolls sideways at 768 px.");
    }

    [Fact]
    public async Task The_development_sign_in_gives_a_coordinator_token_of_the_demo_region_that_no_cache_keeps()
    {
        var client = factory.CreateClient();
        var response = await client.PostAsync("/coordinator/dev-sign-in", null);
        response.EnsureSuccessStatusCode();
        Assert.Contains("no-store", response.Headers.CacheControl?.ToString(), StringComparison.Ordinal);
        var signIn = await response.Content.ReadFromJsonAsync<JsonElement>(Json);
        Assert.Equal("99", signIn.GetProperty("region").GetString());

        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/dashboards/99");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", signIn.GetProperty("accessToken").GetString());
        Assert.Equal(System.Net.HttpStatusCode.OK, (await client.SendAsync(request)).StatusCode);
    }

    [Fact]
    public void The_pages_own_script_and_styles_stay_under_150_kB()
    {
        var folder = Path.Combine(FindApiProject(), "wwwroot", "coordinator");
        var bytes = Directory.EnumerateFiles(folder).Where(f => f.EndsWith(".js", StringComparison.Ordinal) || f.EndsWith(".css", StringComparison.Ordinal)).Sum(f => new FileInfo(f).Length);
        Assert.InRange(bytes, 1, 150 * 1024);
    }

    private async Task SignInWithKeyboardAsync(IPage page)
    {
        await page.GotoAsync(factory.Origin + "/coordinator/");
        var signIn = page.Locator("#dev-sign-in-button");
        await Assertions.Expect(signIn).ToBeVisibleAsync();
        await signIn.FocusAsync();
        var errors = new List<string>();
        page.PageError += (_, error) => errors.Add(error);
        page.Console += (_, message) => errors.Add(message.Text);
        await page.Keyboard.PressAsync("Enter");
        try
        {
            await page.WaitForSelectorAsync("html[data-overview=rendered][data-follow-up=rendered]", new PageWaitForSelectorOptions { State = WaitForSelectorState.Attached });
        }
        catch (TimeoutException)
        {
            Assert.Fail("The page did not render: " + await page.Locator("#status").InnerTextAsync() + " " + string.Join(" | ", errors));
        }
    }

    private static async Task<string> FigureAsync(IPage page, string figure) =>
        (await page.Locator($"[data-figure='{figure}']").InnerTextAsync()).Trim();

    /// <summary>Hours as the page writes them in Swedish (up to two decimals, decimal comma), or a dash when there is none.</summary>
    private static string Hours(JsonElement value) =>
        value.ValueKind == JsonValueKind.Null ? "–" : Math.Round(value.GetDouble(), 2).ToString("#,0.##", CultureInfo.GetCultureInfo("sv-SE")).Replace('\u2212', '-');

    private static string[] CaseNumbers(JsonElement page) =>
        page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("caseNumber").GetString()!).ToArray();

    internal static async Task<BrowserSession> LaunchAsync()
    {
        if (!File.Exists(Chromium))
        {
            Assert.Skip($"Browser tests need Debian's Chromium at {Chromium} (apt-get install chromium); .ci/run installs it.");
        }

        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = Chromium, Headless = true, Args = ChromiumFlags });
        return new BrowserSession(playwright, browser);
    }

    private static string FindApiProject() => Path.Combine(Repository.Root, "src", "CaseCoordination.Api");

    internal sealed class BrowserSession(IPlaywright playwright, IBrowser browser) : IAsyncDisposable
    {
        public Task<IPage> NewPageAsync(BrowserNewPageOptions? options = null) => browser.NewPageAsync(options);

        public async ValueTask DisposeAsync()
        {
            await browser.DisposeAsync();
            playwright.Dispose();
        }
    }
}
