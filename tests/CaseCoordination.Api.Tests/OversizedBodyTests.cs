using System.Net;
using System.Text;
using CaseCoordination.Api.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace CaseCoordination.Api.Tests;

/// <summary>The API on real Kestrel (the in-memory test server does not enforce the 1 MiB body limit).</summary>
public sealed class KestrelApiFactory : ApiFactory
{
    public KestrelApiFactory()
    {
        UseKestrel(0);
        StartServer();
    }
}

/// <summary>
/// A body over 1 MiB is a 413 <c>payload-too-large</c> problem, with <c>Cache-Control: no-store</c>, also when
/// an <c>Idempotency-Key</c> makes the idempotency layer read it first (issue 13, item 3), and changes nothing.
/// </summary>
public sealed class OversizedBodyTests(KestrelApiFactory factory) : IClassFixture<KestrelApiFactory>
{
    [Theory]
    [InlineData(true, "application/json")]
    [InlineData(true, "text/html")]
    [InlineData(false, "application/json")]
    [InlineData(false, "application/xml")]
    public async Task A_body_over_one_mebibyte_is_a_413_problem(bool withKey, string accept)
    {
        var client = factory.Caseworker(Agencies.SocialServicesEkstad, "oversized");
        client.DefaultRequestHeaders.Accept.ParseAdd(accept);
        var before = await factory.Db(db => db.Cases.CountAsync());
        var json = "{\"person\":{\"name\":\"Alias Big\"},\"municipalityCode\":\"9901\",\"intakeChannel\":\"outreach\",\"situation\":\"" + new string('x', (1024 * 1024) + 10) + "\"}";
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/cases") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        // As a client sending a large body should: the server answers 413 before the body is sent. Without
        // it, the answer and the closed connection can race the upload (a broken pipe, seen once in CI).
        request.Headers.ExpectContinue = true;
        if (withKey)
        {
            request.Headers.TryAddWithoutValidation("Idempotency-Key", Guid.NewGuid().ToString());
        }

        var response = await client.SendAsync(request);
        await response.ProblemShouldBe(HttpStatusCode.RequestEntityTooLarge, "payload-too-large");
        Assert.Contains("no-store", response.Headers.CacheControl?.ToString(), StringComparison.Ordinal);
        Assert.Equal(before, await factory.Db(db => db.Cases.CountAsync()));
    }
}
