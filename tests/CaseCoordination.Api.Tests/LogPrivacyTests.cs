using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using CaseCoordination.Api.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Serilog.Core;
using Serilog.Events;
using Xunit;

namespace CaseCoordination.Api.Tests;

/// <summary>Captures everything the application logs through Serilog, rendered with properties and exceptions.</summary>
public sealed class CapturingSink : ILogEventSink
{
    public ConcurrentQueue<string> Lines { get; } = new();

    public void Emit(LogEvent logEvent)
    {
        using var writer = new StringWriter();
        logEvent.RenderMessage(writer, System.Globalization.CultureInfo.InvariantCulture);
        foreach (var (key, value) in logEvent.Properties)
        {
            writer.Write($" {key}={value}");
        }

        writer.Write(logEvent.Exception?.ToString());
        Lines.Enqueue(writer.ToString());
    }
}

public sealed class LoggingFactory : ApiFactory
{
    public CapturingSink Sink { get; } = new();

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Serilog:MinimumLevel:Default"] = "Verbose",
        ["Serilog:MinimumLevel:Override:Microsoft"] = "Verbose",
        ["Serilog:MinimumLevel:Override:Microsoft.EntityFrameworkCore"] = "Debug",
    };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services => services.AddSingleton<ILogEventSink>(Sink));
    }
}

/// <summary>Names, identity numbers and free text never reach the application log, even at the most verbose level.</summary>
public sealed class LogPrivacyTests(LoggingFactory factory) : IClassFixture<LoggingFactory>
{
    private const string Name = "Zelmira Quorndottir";
    private const string IdentityNumber = "20090501-2384";
    private const string Situation = "Exploited in Ekstad harbour by Vexholm";
    private const string Message = "Call Zelmira on the secret phone";
    private const string Reason = "Quorndottir declined politely";

    [Fact]
    public async Task A_day_of_work_leaves_no_personal_data_in_the_application_log()
    {
        var lead = factory.Caseworker(Agencies.SocialServicesEkstad, "log-lead");
        var receiver = factory.Caseworker(Agencies.HealthcareEkstad, "log-receiver");
        var outsider = factory.Caseworker(Agencies.PoliceEkstad, "log-outsider");

        var opened = await lead.OpenCaseAsync(new
        {
            person = new { name = Name, birthDate = "2009-05-01", identityNumber = IdentityNumber },
            municipalityCode = "9901",
            intakeChannel = "outreach",
            situation = Situation,
        });
        await lead.GiveConsentAsync(opened.Id(), Agencies.HealthcareEkstad);
        var referral = await (await lead.PostAsJsonAsync($"/api/v1/cases/{opened.Id()}/referrals", new
        {
            toAgencyId = Agencies.HealthcareEkstad, need = "trauma-support", urgency = "urgent", message = Message,
        }, ApiCalls.Json)).ShouldBe(HttpStatusCode.Created);
        await (await receiver.GetAsync($"/api/v1/cases/{opened.Id()}")).ShouldBe(HttpStatusCode.OK);
        await (await receiver.PostAsJsonAsync($"/api/v1/referrals/{referral.Id()}/receive", new { }, ApiCalls.Json)).ShouldBe(HttpStatusCode.OK);
        await (await receiver.PostAsJsonAsync($"/api/v1/referrals/{referral.Id()}/reject", new { reason = Reason }, ApiCalls.Json)).ShouldBe(HttpStatusCode.OK);
        await (await outsider.GetAsync($"/api/v1/cases/{opened.Id()}")).ShouldBe(HttpStatusCode.NotFound);

        // Refusals and bad input that carry the same values.
        await (await lead.PostAsJsonAsync("/api/v1/cases", new { person = new { name = Name + new string('x', 300), identityNumber = IdentityNumber + "zz" }, situation = Situation }, ApiCalls.Json))
            .ShouldBe(HttpStatusCode.BadRequest);
        await (await lead.PostAsJsonAsync($"/api/v1/cases/{opened.Id()}/close", new { outcome = "needs-met", justification = Situation }, ApiCalls.Json)).ShouldBe(HttpStatusCode.OK);
        await (await lead.PostAsync("/api/v1/cases", new StringContent($"{{\"person\":{{\"name\":\"{Name}\"", System.Text.Encoding.UTF8, "application/json"))).ShouldBe(HttpStatusCode.BadRequest);

        var log = string.Join('\n', factory.Sink.Lines);
        Assert.Contains("/api/v1/cases", log, StringComparison.Ordinal);
        foreach (var secret in new[] { "Zelmira", "Quorndottir", IdentityNumber, "20090501", "Vexholm", "secret phone", "declined politely" })
        {
            Assert.DoesNotContain(secret, log, StringComparison.OrdinalIgnoreCase);
        }
    }
}
