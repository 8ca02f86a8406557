using Parley.Web.Services;

namespace Parley.Web.Api;

/// <summary>Turns refused requests under /api into JSON problems with a message, instead of empty 400/500 answers.</summary>
public sealed class ApiErrors(RequestDelegate next, ParleyWebOptions options, ILogger<ApiErrors> logger)
{
    /// <summary>
    /// The largest request body under /api: a scenario text at the limit wrapped in JSON, where escaping can make
    /// one byte six (<c>\u00e9</c> for a two-byte 'é', as System.Text.Json writes it by default), or in a multipart form.
    /// The text itself is held to <see cref="ParleyWebOptions.MaxScenarioBytes"/> after reading.
    /// </summary>
    public static long BodyLimit(long maxScenarioBytes) => 6 * maxScenarioBytes + 64 * 1024;

    public async Task InvokeAsync(HttpContext context)
    {
        if (!context.Request.Path.StartsWithSegments("/api"))
        {
            await next(context);
            return;
        }
        var bodyLimit = BodyLimit(options.MaxScenarioBytes);
        if (context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
            bodySize.MaxRequestBodySize = bodyLimit;
        if (context.Request.ContentLength > bodyLimit)
        {
            await Write(context, StatusCodes.Status413PayloadTooLarge, new ProblemDto(TooLargeBody(context.Request.ContentLength.Value, options.MaxScenarioBytes)));
            return;
        }
        try
        {
            await next(context);
        }
        catch (RequestException e) when (!context.Response.HasStarted)
        {
            await Write(context, StatusCodes.Status400BadRequest, new ProblemDto(e.Message, e.Path is null ? null :
                [new DiagnosticDto("error", "bad-request", e.Message, e.Path, null, null, $"error: {e.Message} [{e.Path}]")]));
        }
        catch (Parley.Web.Engines.SectionException e) when (!context.Response.HasStarted)
        {
            await Write(context, StatusCodes.Status400BadRequest, new ProblemDto(e.Message, e.Diagnostics.Select(DiagnosticDto.From).ToList()));
        }
        catch (Parley.Analysis.Contracts.AnalysisException e) when (!context.Response.HasStarted)
        {
            await Write(context, StatusCodes.Status400BadRequest, new ProblemDto(e.Message, e.Diagnostics.Count == 0 ? null : e.Diagnostics.Select(DiagnosticDto.From).ToList()));
        }
        catch (LimitException e) when (!context.Response.HasStarted)
        {
            if (e.RetryAfterSeconds is { } seconds) context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            await Write(context, e.Status, new ProblemDto(e.Message));
        }
        catch (UploadException e) when (!context.Response.HasStarted)
        {
            await Write(context, e.Status, new ProblemDto(e.Message));
        }
        catch (BadHttpRequestException e) when (!context.Response.HasStarted && e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            await Write(context, e.StatusCode, new ProblemDto(TooLargeBody(null, options.MaxScenarioBytes)));
        }
        catch (BadHttpRequestException e) when (!context.Response.HasStarted)
        {
            var message = e.InnerException is System.Text.Json.JsonException json
                ? $"the request body is not valid JSON for this endpoint{(json.Path is { Length: > 0 } path ? $" at {path}" : "")}{(json.LineNumber is { } line ? $" (line {line + 1}, byte {json.BytePositionInLine + 1})" : "")}; see /openapi/v1.json for its shape"
                : e.Message;
            await Write(context, e.StatusCode, new ProblemDto(Sanitize(message)));
        }
        catch (Exception e) when (!context.Response.HasStarted && e is not OperationCanceledException)
        {
            // The details (exception type, message, stack, file paths) go to the log only.
            logger.LogError(e, "unhandled error on {Path} (trace {Trace})", context.Request.Path, context.TraceIdentifier);
            await Write(context, StatusCodes.Status500InternalServerError, new ProblemDto($"internal error; the server log has the details under trace id {context.TraceIdentifier}"));
        }
    }

    private static string TooLargeBody(long? size, long maxScenarioBytes) =>
        $"the request body is {(size is { } s ? UploadReader.Describe(s) : "larger than the limit")}; request bodies are limited to {UploadReader.Describe(BodyLimit(maxScenarioBytes))} " +
        $"and scenario texts to {UploadReader.Describe(maxScenarioBytes)} ({maxScenarioBytes} bytes, Parley:MaxScenarioBytes)";

    private static readonly System.Text.RegularExpressions.Regex TypedParameter = new("\"(?:[\\w.`<>\\[\\],?]+\\s)+(?<name>\\w+)\"");
    private static readonly System.Text.RegularExpressions.Regex TypeName = new(@"\b(?:System|Microsoft|Parley|YamlDotNet|Dapper)(?:\.[A-Za-z_`0-9]+)+(?:\[[^\]]*\])?");
    private static readonly System.Text.RegularExpressions.Regex FilePath = new(@"(?:[A-Za-z]:\\|/(?!api/|openapi/))(?:[^\s/\\'""]+[/\\])+[^\s/\\'"",;:)]*");

    /// <summary>A message fit for a client: no .NET type names, no server file paths, a parameter named by its name only.</summary>
    public static string Sanitize(string message)
    {
        message = TypedParameter.Replace(message, m => $"'{m.Groups["name"].Value}'");
        message = TypeName.Replace(message, "a value");
        return FilePath.Replace(message, "(a server file)");
    }

    private static Task Write(HttpContext context, int status, ProblemDto problem)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(problem);
    }
}
