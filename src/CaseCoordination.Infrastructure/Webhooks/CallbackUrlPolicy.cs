using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using CaseCoordination.Application.Webhooks;
using Microsoft.Extensions.Options;

namespace CaseCoordination.Infrastructure.Webhooks;

/// <summary>
/// The SSRF checks of callback URLs (api.md "Webhooks", ADR 0028): <c>https</c> only; every address the
/// host resolves to must be public — no loopback, link-local (with the cloud metadata address), private,
/// shared, multicast, documentation or unspecified ranges — unless the operator allow-lists the host or
/// the network; <c>Webhooks:AllowInsecureLoopback</c> allows loopback, also over <c>http</c>
/// (Development and tests). The same rule runs when a subscription is made (<see cref="RefusalAsync"/>)
/// and on the addresses a delivery actually connects to (<see cref="ConnectAsync"/>, so a name that
/// resolves elsewhere later is caught).
/// </summary>
public sealed class CallbackUrlPolicy(IOptions<WebhookOptions> options) : ICallbackUrlPolicy
{
    private static readonly IPNetwork[] Refused =
    [
        .. new[]
        {
            "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12", "192.0.0.0/24", "192.0.2.0/24",
            "192.168.0.0/16", "198.18.0.0/15", "198.51.100.0/24", "203.0.113.0/24", "224.0.0.0/4", "240.0.0.0/4",
            "::/128", "::1/128", "64:ff9b::/96", "100::/64", "2001:db8::/32", "fc00::/7", "fe80::/10", "ff00::/8",
        }.Select(IPNetwork.Parse),
    ];

    private readonly IPNetwork[] _allowedNetworks = [.. options.Value.AllowedNetworks.Select(IPNetwork.Parse)];

    public async Task<string?> RefusalAsync(Uri url, CancellationToken cancellationToken)
    {
        IPAddress[] addresses;
        try
        {
            addresses = await ResolveAsync(url.IdnHost, cancellationToken);
        }
        catch (SocketException)
        {
            return "unresolvable";
        }

        return Refusal(url, addresses);
    }

    /// <summary>Null when <paramref name="url"/> may be called at <paramref name="addresses"/>; else the reason code.</summary>
    public string? Refusal(Uri url, IReadOnlyCollection<IPAddress> addresses)
    {
        var allowListed = options.Value.AllowedHosts.Contains(url.IdnHost, StringComparer.OrdinalIgnoreCase);
        var loopbackOnly = addresses.Count > 0 && addresses.All(IPAddress.IsLoopback);
        if (url.Scheme != Uri.UriSchemeHttps && !(url.Scheme == Uri.UriSchemeHttp && options.Value.AllowInsecureLoopback && loopbackOnly))
        {
            return "scheme-not-allowed";
        }

        if (addresses.Count == 0)
        {
            return "unresolvable";
        }

        return allowListed || addresses.All(AddressAllowed) ? null : "address-not-allowed";
    }

    /// <summary>The delivery client's connect step: resolves the host, refuses unless every address passes, connects to an allowed one.</summary>
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var addresses = await ResolveAsync(context.DnsEndPoint.Host, cancellationToken);
        var url = context.InitialRequestMessage.RequestUri ?? throw new CallbackRefusedException("no-url");
        if (Refusal(url, addresses) is { } reason)
        {
            throw new CallbackRefusedException(reason);
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private bool AddressAllowed(IPAddress address)
    {
        var a = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        if (_allowedNetworks.Any(n => n.Contains(a)))
        {
            return true;
        }

        if (IPAddress.IsLoopback(a))
        {
            return options.Value.AllowInsecureLoopback;
        }

        return !Refused.Any(n => n.Contains(a));
    }

    private static async Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken) =>
        IPAddress.TryParse(host.Trim('[', ']'), out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, cancellationToken);
}

/// <summary>A delivery's connection refused by <see cref="CallbackUrlPolicy"/>.</summary>
public sealed class CallbackRefusedException(string reason) : IOException($"The callback address is not allowed ({reason}).")
{
    public string Reason { get; } = reason;
}
