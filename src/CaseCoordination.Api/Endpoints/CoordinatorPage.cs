using CaseCoordination.Api.Infrastructure;
using CaseCoordination.Domain.Common;

namespace CaseCoordination.Api.Endpoints;

/// <summary>The <c>CoordinatorPage</c> configuration section: how the page signs coordinators in outside Development.</summary>
public sealed class CoordinatorPageOptions
{
    public const string Section = "CoordinatorPage";

    /// <summary>
    /// The page's client id at the organisation's OpenID Connect provider. When set, the page signs
    /// coordinators in there (authorization code with PKCE); the access token it gets must be one the
    /// API accepts (<c>Auth:Authority</c>, <c>Auth:Audience</c>).
    /// </summary>
    public string? ClientId { get; set; }

    /// <summary>The provider the page signs in with; <c>Auth:Authority</c> when not set.</summary>
    public string? Authority { get; set; }

    /// <summary>The scopes the page asks for; the access token must carry the API's audience.</summary>
    public string Scope { get; set; } = "openid";
}

/// <summary>What the page needs to know to sign a coordinator in.</summary>
public sealed record CoordinatorPageConfig(string SignIn, string? Authority, string? ClientId, string? Scope);

public sealed record DevSignIn(string AccessToken, string Region, DateTimeOffset ExpiresAt);

/// <summary>
/// The dashboard page for regional coordinators (issue 18): static files under <c>/coordinator/</c>
/// that read the same dashboard and follow-up endpoints as any client, with the coordinator's own
/// token, so the page can show nothing the coordinator's API scope does not allow. Nothing is loaded
/// from another origin; the Content-Security-Policy says so to the browser.
/// </summary>
public static class CoordinatorPage
{
    public const string Path = "/coordinator";

    /// <summary>Development only: the demo region's coordinator, for trying the page.</summary>
    public const string DemoCoordinator = "demo-coordinator";

    public static WebApplication UseCoordinatorPage(this WebApplication app)
    {
        var policy = ContentSecurityPolicy(SignInOf(app.Configuration, app.Environment).Authority);
        // The web root: the published wwwroot, or in Development the project's own through the static web assets manifest.
        app.UseDefaultFiles();
        app.UseStaticFiles(new StaticFileOptions
        {
            OnPrepareResponse = context =>
            {
                var headers = context.Context.Response.Headers;
                headers.ContentSecurityPolicy = policy;
                headers.XContentTypeOptions = "nosniff";
                headers["Referrer-Policy"] = "no-referrer";
                headers.CacheControl = "no-cache";
            },
        });
        return app;
    }

    public static WebApplication MapCoordinatorPage(this WebApplication app)
    {
        var page = app.MapGroup(Path).AllowAnonymous().ExcludeFromDescription();
        page.MapGet("/config.json", (IConfiguration configuration, IHostEnvironment environment) => TypedResults.Ok(SignInOf(configuration, environment)));

        if (app.Environment.IsDevelopment())
        {
            // Mapped in Development only: anywhere else this route does not exist (404).
            page.MapPost("/dev-sign-in", (IConfiguration configuration, HttpContext http) =>
            {
                // A token is a credential: never kept by a cache (the /api paths get this header from the pipeline).
                http.Response.Headers.CacheControl = "no-store";
                var auth = configuration.GetSection(AuthOptions.Section).Get<AuthOptions>() ?? new AuthOptions();
                // The JWT handler checks a token's lifetime against the real clock (as for the token command's tokens).
                var now = DateTimeOffset.UtcNow;
                var lifetime = TimeSpan.FromHours(8);
                var region = CaseCoordination.Infrastructure.Persistence.DemoData.RegionCode;
                var token = DevTokens.Mint(auth.DevSigningKey!, DemoCoordinator, Codes.Of(Role.Coordinator), null, region, lifetime, now);
                return TypedResults.Ok(new DevSignIn(token, region, now + lifetime));
            });
        }

        return app;
    }

    /// <summary>
    /// How the page signs in: with the organisation's OpenID Connect provider when a client id is
    /// configured; else, in Development only, as the demo region's coordinator; else not at all.
    /// </summary>
    private static CoordinatorPageConfig SignInOf(IConfiguration configuration, IHostEnvironment environment)
    {
        var page = configuration.GetSection(CoordinatorPageOptions.Section).Get<CoordinatorPageOptions>() ?? new CoordinatorPageOptions();
        var authority = page.Authority ?? configuration.GetSection(AuthOptions.Section).Get<AuthOptions>()?.Authority;
        if (!string.IsNullOrWhiteSpace(page.ClientId) && !string.IsNullOrWhiteSpace(authority))
        {
            return new CoordinatorPageConfig("oidc", authority, page.ClientId, page.Scope);
        }

        return new CoordinatorPageConfig(environment.IsDevelopment() ? "development" : "unavailable", null, null, null);
    }

    /// <summary>Only this origin (and the sign-in provider, for the token exchange); no inline script or style.</summary>
    private static string ContentSecurityPolicy(string? authority)
    {
        var provider = Uri.TryCreate(authority, UriKind.Absolute, out var uri) ? " " + uri.GetLeftPart(UriPartial.Authority) : string.Empty;
        return "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'" + provider +
            "; form-action 'self'" + provider + "; frame-ancestors 'none'; base-uri 'none'";
    }
}
