using Parley.Web.Services;

namespace Parley.Web.Api;

/// <summary>Turns refused requests under /api into JSON problems with a message, instead of empty 400/500 answers.</summary>
public sealed class ApiErrors(RequestDelegate next, ILogger<ApiErrors> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (!context.Request.Path.StartsWithSegments("/api"))
        {
            await next(context);
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
        catch (UploadException e) when (!context.Response.HasStarted)
        {
            await Write(context, e.Status, new ProblemDto(e.Message));
        }
        catch (BadHttpRequestException e) when (!context.Response.HasStarted)
        {
            var message = e.InnerException is System.Text.Json.JsonException json ? $"the request body is not valid JSON for this endpoint: {json.Message}" : e.Message;
            await Write(context, e.StatusCode, new ProblemDto(message));
        }
        catch (Exception e) when (!context.Response.HasStarted && e is not OperationCanceledException)
        {
            logger.LogError(e, "unhandled error on {Path}", context.Request.Path);
            await Write(context, StatusCodes.Status500InternalServerError, new ProblemDto("internal error: " + e.Message));
        }
    }

    private static Task Write(HttpContext context, int status, ProblemDto problem)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(problem);
    }
}
