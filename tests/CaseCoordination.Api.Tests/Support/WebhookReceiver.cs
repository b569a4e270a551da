using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CaseCoordination.Api.Tests.Support;

/// <summary>One request a receiver got: path, the three Standard Webhooks headers and the raw body.</summary>
public sealed record ReceivedWebhook(string Path, string Id, string Timestamp, string Signature, string Body);

/// <summary>
/// A real HTTP receiver on loopback (Kestrel on 127.0.0.1, a free port, or a given one): records every
/// request and answers with what <see cref="Answer"/> says (a status code, or a hang until released).
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Channel<ReceivedWebhook> _arrivals = Channel.CreateUnbounded<ReceivedWebhook>();
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private WebhookReceiver(WebApplication app) => _app = app;

    public ConcurrentQueue<ReceivedWebhook> Received { get; } = new();

    /// <summary>The status code for the n-th request (1-based); null hangs until <see cref="ReleaseHanging"/>.</summary>
    public Func<int, int?> Answer { get; set; } = _ => 200;

    public int Port { get; private set; }

    public string UrlOf(string path) => $"http://127.0.0.1:{Port}{path}";

    public static async Task<WebhookReceiver> StartAsync(int port = 0)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        var count = 0;
        app.MapPost("/{**path}", async (HttpContext http) =>
        {
            using var reader = new StreamReader(http.Request.Body);
            var body = await reader.ReadToEndAsync();
            var got = new ReceivedWebhook(http.Request.Path, http.Request.Headers["webhook-id"].ToString(),
                http.Request.Headers["webhook-timestamp"].ToString(), http.Request.Headers["webhook-signature"].ToString(), body);
            receiver.Received.Enqueue(got);
            await receiver._arrivals.Writer.WriteAsync(got);
            var status = receiver.Answer(Interlocked.Increment(ref count));
            if (status is null)
            {
                await receiver._release.Task.WaitAsync(http.RequestAborted);
                status = 200;
            }

            http.Response.StatusCode = status.Value;
        });
        await app.StartAsync();
        receiver.Port = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()).Port;
        return receiver;
    }

    /// <summary>Waits for the next request to arrive (a safety bound, not a timing assertion).</summary>
    public async Task<ReceivedWebhook> NextAsync() => await _arrivals.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(60));

    public void ReleaseHanging() => _release.TrySetResult();

    public async ValueTask DisposeAsync()
    {
        ReleaseHanging();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
