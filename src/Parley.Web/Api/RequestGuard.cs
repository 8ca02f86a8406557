using System.Net;
using Parley.Web.Services;

namespace Parley.Web.Api;

/// <summary>
/// The workbench has no accounts, so what keeps other web pages out is this guard (docs/web.md, <i>Security model</i>):
/// <list type="bullet">
/// <item><b>Host filtering</b> (DNS rebinding): only the loopback names, the configured host and
/// <c>Parley:AllowedHosts</c> are answered; any other <c>Host</c> header gets 400.</item>
/// <item><b>Same origin</b> (cross-site request forgery): a state-changing request (any method but GET, HEAD,
/// OPTIONS, TRACE) and a WebSocket handshake (the Blazor circuit) are refused with 403 when the browser says they
/// come from another site: <c>Sec-Fetch-Site</c> other than <c>same-origin</c>/<c>none</c>, or an <c>Origin</c>
/// other than the server's own.</item>
/// <item><b>Non-simple requests</b> under <c>/api</c>: a state-changing call must carry a content type a page on
/// another origin cannot send without a CORS preflight (anything but <c>text/plain</c>, <c>multipart/form-data</c>,
/// <c>application/x-www-form-urlencoded</c> or none), or an <c>X-Requested-With</c> header. The server grants no
/// preflight, so even a browser that sent no <c>Origin</c> could not forge one.</item>
/// </list>
/// </summary>
public sealed class RequestGuard(RequestDelegate next, IReadOnlySet<string> hosts, ILogger<RequestGuard> logger)
{
    /// <summary>The header that marks an API call with a simple body (multipart upload, empty body) as made by a program, not a cross-site form.</summary>
    public const string ClientHeader = "X-Requested-With";

    private readonly IReadOnlySet<string> _hosts = hosts;

    /// <summary>The loopback names, the configured host (unless it is a wildcard), the hosts of <paramref name="urls"/> and <c>Parley:AllowedHosts</c>.</summary>
    public static HashSet<string> AllowedHosts(ParleyWebOptions options, string? urls)
    {
        var hosts = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "localhost", "127.0.0.1", "[::1]" };
        void Add(string? host)
        {
            host = host?.Trim();
            if (string.IsNullOrEmpty(host) || IsWildcard(host)) return;
            hosts.Add(host.Contains(':') && !host.StartsWith('[') ? $"[{host}]" : host);
        }
        Add(options.Host);
        foreach (var url in (urls ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)) Add(UrlHost(url));
        foreach (var host in (options.AllowedHosts ?? "").Split(';', ',')) Add(host);
        return hosts;
    }

    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        var host = request.Host.HasValue ? request.Host.Host : "";
        if (!_hosts.Contains(host))
        {
            logger.LogWarning("refused a request for host '{Host}' (allowed: {Allowed})", Truncate(host), string.Join(", ", _hosts));
            await Refuse(context, StatusCodes.Status400BadRequest,
                $"this workbench does not answer for the host name '{Truncate(host)}'; use http://127.0.0.1 or another allowed host ({string.Join(", ", _hosts.Order())}; more with Parley:AllowedHosts)");
            return;
        }

        var stateChanging = !(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method) || HttpMethods.IsTrace(request.Method));
        var webSocket = string.Equals(request.Headers.Upgrade, "websocket", StringComparison.OrdinalIgnoreCase);
        if (stateChanging || webSocket)
        {
            if (CrossOrigin(request) is { } reason)
            {
                logger.LogWarning("refused a cross-origin {Method} {Path}: {Reason}", request.Method, request.Path, reason);
                await Refuse(context, StatusCodes.Status403Forbidden,
                    $"cross-origin request refused ({reason}): the workbench accepts changes only from its own pages or from programs such as curl");
                return;
            }
            if (stateChanging && request.Path.StartsWithSegments("/api") && !NonSimple(request))
            {
                await Refuse(context, StatusCodes.Status403Forbidden,
                    $"refused a {request.Method} with {(string.IsNullOrEmpty(request.ContentType) ? "no content type" : $"content type '{Truncate(request.ContentType)}'")}, which a page on another site could send: " +
                    $"send a body as application/json or application/yaml, or add the header '{ClientHeader}' (any value), e.g. curl -H '{ClientHeader}: curl'");
                return;
            }
        }
        await next(context);
    }

    /// <summary>Why the request comes from another site, or null when it does not (or is not from a browser at all).</summary>
    public static string? CrossOrigin(HttpRequest request)
    {
        var site = request.Headers["Sec-Fetch-Site"].ToString();
        if (site.Length > 0 && !site.Equals("same-origin", StringComparison.OrdinalIgnoreCase) && !site.Equals("none", StringComparison.OrdinalIgnoreCase))
            return $"Sec-Fetch-Site: {Truncate(site)}";
        var origin = request.Headers.Origin.ToString();
        if (origin.Length == 0) return null;
        if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || origin.Equals("null", StringComparison.OrdinalIgnoreCase))
            return $"Origin: {Truncate(origin)}";
        var own = request.Host;
        var ownPort = own.Port ?? (request.IsHttps ? 443 : 80);
        var sameOrigin = uri.Scheme.Equals(request.Scheme, StringComparison.OrdinalIgnoreCase)
            && string.Equals(uri.Host.Trim('[', ']'), own.Host.Trim('[', ']'), StringComparison.OrdinalIgnoreCase)
            && uri.Port == ownPort;
        return sameOrigin ? null : $"Origin: {Truncate(origin)} is not {request.Scheme}://{own}";
    }

    private static bool NonSimple(HttpRequest request)
    {
        if (request.Headers.ContainsKey(ClientHeader)) return true;
        var type = request.ContentType;
        if (string.IsNullOrWhiteSpace(type)) return false;
        var media = type.Split(';')[0].Trim();
        return !(media.Equals("text/plain", StringComparison.OrdinalIgnoreCase)
            || media.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || media.Equals("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase));
    }

    private static Task Refuse(HttpContext context, int status, string message)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(new ProblemDto(message));
    }

    private static string Truncate(string? text) => text is null ? "" : text.Length <= 80 ? text : text[..80] + "…";

    private static bool IsWildcard(string host) => host is "*" or "+" or "0.0.0.0" or "::" or "[::]";

    private static string? UrlHost(string url)
    {
        var authority = url.Contains("://", StringComparison.Ordinal) ? url[(url.IndexOf("://", StringComparison.Ordinal) + 3)..] : url;
        authority = authority.Split('/')[0];
        if (authority.StartsWith('[')) return authority[..(authority.IndexOf(']') + 1)];
        var colon = authority.LastIndexOf(':');
        return colon < 0 ? authority : authority[..colon];
    }

    /// <summary>
    /// The warning to print when the workbench listens beyond loopback (<c>--host 0.0.0.0</c>, <c>--urls http://*:5080</c>),
    /// or null when every address is a loopback one.
    /// </summary>
    public static string? ExposureWarning(string? urls, string host)
    {
        var hosts = string.IsNullOrWhiteSpace(urls)
            ? [host]
            : urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(u => UrlHost(u) ?? "").ToList();
        var exposed = hosts.Where(h => !IsLoopback(h)).Distinct().ToList();
        if (exposed.Count == 0) return null;
        return $"WARNING: the Parley workbench listens on {string.Join(", ", exposed)}, beyond this machine's loopback interface. " +
               "It has no accounts or passwords: anyone who can reach this address can read, import, edit and analyse every scenario. " +
               "Bind to 127.0.0.1 (the default) unless this network is trusted; requests still need an allowed Host name (Parley:AllowedHosts).";
    }

    private static bool IsLoopback(string host)
    {
        host = host.Trim('[', ']');
        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase)) return true;
        return IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address);
    }
}
