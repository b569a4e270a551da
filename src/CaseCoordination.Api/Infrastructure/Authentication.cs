using System.IdentityModel.Tokens.Jwt;
using System.Security.Claims;
using System.Text;
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
