using System.Globalization;
using System.IdentityModel.Tokens.Jwt;
using System.Security.Claims;
using System.Text;
using CaseCoordination.Application.Common.Security;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Tokens;

namespace CaseCoordination.Api.Infrastructure;

/// <summary>The <c>Auth</c> configuration section.</summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";
    public const string DevIssuer = "case-coordination-dev";
    public const string DevAudience = "case-coordination";

    /// <summary>Development only: the HS256 key (at least 32 characters, used as UTF-8 bytes).</summary>
    public string? DevSigningKey { get; set; }

    /// <summary>Outside Development: the token authority (OpenID Connect metadata is read from it).</summary>
    public string? Authority { get; set; }

    /// <summary>Outside Development: the audience tokens must carry.</summary>
    public string? Audience { get; set; }
}

public static class Authentication
{
    /// <summary>
    /// JWT bearer as api.md says. In Development: HS256 tokens from <c>Auth:DevSigningKey</c>, issuer
    /// <c>case-coordination-dev</c>, audience <c>case-coordination</c>. Anywhere else: a real authority and
    /// audience are required, and the app refuses to start without them.
    /// </summary>
    public static IServiceCollection AddTokenAuthentication(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var auth = configuration.GetSection(AuthOptions.Section).Get<AuthOptions>() ?? new AuthOptions();

        // Checked when the app starts, not on the first request: outside Development there is no default.
        if (environment.IsDevelopment())
        {
            _ = DevTokens.SigningKey(auth.DevSigningKey);
        }
        else if (string.IsNullOrWhiteSpace(auth.Authority) || string.IsNullOrWhiteSpace(auth.Audience))
        {
            throw new InvalidOperationException(
                "Outside Development, Auth:Authority and Auth:Audience must name a real token authority; the development key is never used.");
        }

        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(options =>
        {
            options.MapInboundClaims = false;
            options.TokenValidationParameters = new TokenValidationParameters
            {
                NameClaimType = ClaimNames.Subject,
                RoleClaimType = ClaimNames.Role,
                ValidateIssuer = true,
                ValidateAudience = true,
                ValidateLifetime = true,
                ClockSkew = TimeSpan.FromMinutes(1),
            };

            // A signature says who issued the token, not that its claims are usable: every act must name
            // one user and at most one agency in the access log, whatever authority signed it.
            options.Events = new JwtBearerEvents
            {
                OnTokenValidated = context =>
                {
                    if (TokenClaimRules.Violation(context.Principal) is { } reason)
                    {
                        context.Fail(reason);
                    }

                    return Task.CompletedTask;
                },
            };

            if (environment.IsDevelopment())
            {
                options.TokenValidationParameters.ValidIssuer = AuthOptions.DevIssuer;
                options.TokenValidationParameters.ValidAudience = AuthOptions.DevAudience;
                options.TokenValidationParameters.IssuerSigningKey = DevTokens.SigningKey(auth.DevSigningKey);
                options.TokenValidationParameters.ValidAlgorithms = [SecurityAlgorithms.HmacSha256];
                options.RequireHttpsMetadata = false;
            }
            else
            {
                options.Authority = auth.Authority;
                options.Audience = auth.Audience;
                options.TokenValidationParameters.ValidAudience = auth.Audience;
            }
        });
        return services;
    }
}

/// <summary>
/// The shape the claims of a validly signed token must have before the API acts on it. A token that
/// breaks one is not accepted at all (401 <c>unauthenticated</c>, like a bad signature): there is no
/// user to name in the access log, so nothing reaches the pipeline. <see cref="CurrentUser"/> relies on them.
/// </summary>
public static class TokenClaimRules
{
    /// <summary>The longest <c>sub</c> (and calling system) the access log keeps.</summary>
    public const int MaxIdentifierLength = 200;

    /// <summary>Why the claims are not usable, naming the claim and never its value; null when they are.</summary>
    public static string? Violation(ClaimsPrincipal? principal)
    {
        var claims = principal?.Claims.ToList() ?? [];
        return Check(claims, ClaimNames.Subject, required: true, IsIdentifier)
            ?? Check(claims, ClaimNames.Role, required: true, value => ClaimNames.ParseRole(value) is not null)
            ?? Check(claims, ClaimNames.AgencyId, required: false, value => Guid.TryParse(value, out _))
            ?? Check(claims, ClaimNames.Region, required: false, RegionScope.IsScopeCode)
            ?? Check(claims, ClaimNames.AuthorizedParty, required: false, IsIdentifier)
            ?? Check(claims, ClaimNames.ClientId, required: false, IsIdentifier);
    }

    /// <summary>A user or system id the access log can keep: 1 to 200 characters, none of them a control or format character.</summary>
    public static bool IsIdentifier(string value)
    {
        if (value.Length is 0 or > MaxIdentifierLength || string.IsNullOrWhiteSpace(value))
        {
            return false;
        }

        for (var i = 0; i < value.Length; i++)
        {
            if (char.IsSurrogatePair(value, i))
            {
                i++;
                continue;
            }

            var category = char.GetUnicodeCategory(value[i]);
            if (category is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate
                or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator)
            {
                return false;
            }
        }

        return true;
    }

    private static string? Check(List<Claim> claims, string type, bool required, Func<string, bool> valid)
    {
        // ClaimsPrincipal.FindFirst (CurrentUser) ignores case: so must the check, or "Region" beside "region" slips by.
        var found = claims.Where(c => string.Equals(c.Type, type, StringComparison.OrdinalIgnoreCase)).ToList();
        return found switch
        {
            [] => required ? $"The token has no '{type}' claim." : null,
            [var claim] when !IsScalar(claim) || !valid(claim.Value) => $"The token's '{type}' claim does not have the required form.",
            [_] => null,
            _ => $"The token has more than one '{type}' claim.",
        };
    }

    /// <summary>A JSON string or number; an object, array or null is no value of these claims.</summary>
    private static bool IsScalar(Claim claim) =>
        claim.ValueType is not (JsonClaimValueTypes.Json or JsonClaimValueTypes.JsonArray or JsonClaimValueTypes.JsonNull);
}

/// <summary>Mints development tokens (HS256) for trying the API and for tests.</summary>
public static class DevTokens
{
    public static SymmetricSecurityKey SigningKey(string? key)
    {
        if (string.IsNullOrEmpty(key) || key.Length < 32)
        {
            throw new InvalidOperationException("Auth:DevSigningKey must be at least 32 characters.");
        }

        return new SymmetricSecurityKey(Encoding.UTF8.GetBytes(key));
    }

    public static string Mint(string signingKey, string subject, string role, Guid? agencyId, string? region, TimeSpan lifetime, DateTimeOffset now)
    {
        var claims = new List<Claim> { new(ClaimNames.Subject, subject), new(ClaimNames.Role, role) };
        if (agencyId is { } agency)
        {
            claims.Add(new Claim(ClaimNames.AgencyId, agency.ToString()));
        }

        if (!string.IsNullOrEmpty(region))
        {
            claims.Add(new Claim(ClaimNames.Region, region));
        }

        var token = new JwtSecurityToken(
            AuthOptions.DevIssuer,
            AuthOptions.DevAudience,
            claims,
            now.UtcDateTime,
            (now + lifetime).UtcDateTime,
            new SigningCredentials(SigningKey(signingKey), SecurityAlgorithms.HmacSha256));
        return new JwtSecurityTokenHandler().WriteToken(token);
    }
}
