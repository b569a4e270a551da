using System.Globalization;
using System.Text.Json;
using CaseCoordination.Application.Common.Interfaces;
using CaseCoordination.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CaseCoordination.Infrastructure.AccessLog;

/// <summary>The <c>AccessLog</c> configuration section.</summary>
public sealed class AccessLogOptions
{
    public const string Section = "AccessLog";

    /// <summary>
    /// Where digests of the chain's head are appended (one JSON line each). In production this is
    /// storage the database's administrators cannot rewrite (WORM storage, another system's share).
    /// Relative to the content root.
    /// </summary>
    public string DigestDirectory { get; set; } = "data/digests";

    /// <summary>How often the head is published; zero turns publishing off.</summary>
    public TimeSpan DigestInterval { get; set; } = TimeSpan.FromMinutes(15);
}

public sealed class AccessLogHead(CaseCoordinationDbContext db) : IAccessLogHead
{
    public async Task<AccessLogDigest> ReadAsync(CancellationToken cancellationToken)
    {
        var head = await db.Set<AccessLogChainHead>().AsNoTracking().SingleAsync(h => h.Id == AccessLogChainHead.SingletonId, cancellationToken);
        return new AccessLogDigest(head.LastEntryId, head.LastHash, head.LastAt ?? DateTimeOffset.UnixEpoch);
    }
}

/// <summary>
/// Digests appended to files, one JSON line each, never rewritten. Each API instance appends to a file
/// of its own (named after the machine and process), so instances sharing the folder never write
/// over each other; verification reads them all.
/// </summary>
public sealed class FileAccessLogDigests(IOptions<AccessLogOptions> options, Microsoft.Extensions.Hosting.IHostEnvironment environment) : IAccessLogDigests
{
    private static readonly SemaphoreSlim Gate = new(1, 1);

    private string Folder => Path.GetFullPath(Path.Combine(environment.ContentRootPath, options.Value.DigestDirectory));

    private string FilePath => Path.Combine(Folder, $"access-log-digests-{Environment.MachineName}-{Environment.ProcessId}.ndjson");

    public async Task PublishAsync(AccessLogDigest digest, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(FilePath)!);
        var line = JsonSerializer.Serialize(new { lastEntryId = digest.LastEntryId, hash = digest.Hash, at = digest.At.ToString("O", CultureInfo.InvariantCulture) });
        await Gate.WaitAsync(cancellationToken);
        try
        {
            await File.AppendAllTextAsync(FilePath, line + "\n", cancellationToken);
        }
        finally
        {
            Gate.Release();
        }
    }

    public async Task<KeptDigests> ReadAllAsync(CancellationToken cancellationToken)
    {
        var digests = new List<AccessLogDigest>();
        var unreadable = new List<string>();
        if (!Directory.Exists(Folder))
        {
            return new KeptDigests(digests, unreadable);
        }

        foreach (var file in Directory.EnumerateFiles(Folder, "access-log-digests*.ndjson").Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(file);
            string[] lines;
            try
            {
                lines = await File.ReadAllLinesAsync(file, cancellationToken);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                unreadable.Add($"The digest file '{name}' cannot be read.");
                continue;
            }

            for (var i = 0; i < lines.Length; i++)
            {
                if (string.IsNullOrWhiteSpace(lines[i]))
                {
                    continue;
                }

                if (Parse(lines[i]) is { } digest)
                {
                    digests.Add(digest);
                }
                else
                {
                    unreadable.Add($"Line {i + 1} of the digest file '{name}' is not a digest (a JSON object with lastEntryId, hash and at).");
                }
            }
        }

        return new KeptDigests(digests, unreadable);
    }

    /// <summary>One line as written by <see cref="PublishAsync"/>, or null when it is anything else.</summary>
    private static AccessLogDigest? Parse(string line)
    {
        try
        {
            using var json = JsonDocument.Parse(line);
            var root = json.RootElement;
            return root.ValueKind == JsonValueKind.Object
                && root.TryGetProperty("lastEntryId", out var id) && id.ValueKind == JsonValueKind.Number && id.TryGetInt64(out var lastEntryId) && lastEntryId > 0
                && root.TryGetProperty("hash", out var hash) && hash.ValueKind == JsonValueKind.String && hash.GetString() is { Length: > 0 } hashText
                && root.TryGetProperty("at", out var at) && at.ValueKind == JsonValueKind.String
                && DateTimeOffset.TryParse(at.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var atValue)
                ? new AccessLogDigest(lastEntryId, hashText, atValue)
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>Publishes the head of the chain at a fixed interval when it has moved. Any instance may run it: digests only add.</summary>
public sealed class AccessLogDigestPublisher(
    IServiceScopeFactory scopes, IOptions<AccessLogOptions> options, TimeProvider clock, ILogger<AccessLogDigestPublisher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.DigestInterval <= TimeSpan.Zero)
        {
            return;
        }

        long published = -1;
        try
        {
            // One delay per round (NextRound): a clock that moved past many intervals publishes once.
            while (await NextRound.AfterAsync(options.Value.DigestInterval, clock, stoppingToken))
            {
                published = await PublishIfMovedAsync(published, stoppingToken);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async Task<long> PublishIfMovedAsync(long published, CancellationToken cancellationToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var head = await scope.ServiceProvider.GetRequiredService<IAccessLogHead>().ReadAsync(cancellationToken);
            if (head.LastEntryId != published && head.LastEntryId > 0)
            {
                await scope.ServiceProvider.GetRequiredService<IAccessLogDigests>().PublishAsync(head, cancellationToken);
                return head.LastEntryId;
            }
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or IOException)
        {
            logger.LogWarning("Publishing the access-log digest failed with {ExceptionType}; will try again", ex.GetType().Name);
        }

        return published;
    }
}
