using System.Text.RegularExpressions;
using Parley.Web.Services;

namespace Parley.Web.Api;

/// <summary>
/// Scenario ids as the scenario format defines them (letters, digits, '-', '_', '.', starting with a letter or digit),
/// at most <see cref="MaxLength"/> characters: checked before any lookup, so a malformed id costs no query and is
/// never echoed back at length (in a message or a <c>Location</c> header).
/// </summary>
public static partial class ScenarioIds
{
    public const int MaxLength = 100;

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]*$")]
    private static partial Regex Pattern();

    public static bool IsValid(string? id) => id is { Length: > 0 and <= MaxLength } && Pattern().IsMatch(id);

    /// <summary>Why <paramref name="id"/> is not a scenario id, or null when it is one.</summary>
    public static string? Problem(string? id) =>
        IsValid(id) ? null
        : string.IsNullOrEmpty(id) ? "the scenario id is empty"
        : id.Length > MaxLength ? $"a scenario id has at most {MaxLength} characters; this one has {id.Length}"
        : $"'{id}' is not a scenario id: use letters, digits, '-', '_' and '.', starting with a letter or digit";

    /// <summary>Refuses a request whose <c>{slug}</c> (or <c>{version}</c>) route value is malformed with 400, before the endpoint runs.</summary>
    public static ValueTask<object?> Filter(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var values = context.HttpContext.Request.RouteValues;
        if (values.TryGetValue("slug", out var slug) && Problem(slug as string) is { } problem)
            return ValueTask.FromResult<object?>(Results.BadRequest(new ProblemDto(problem)));
        if (values.TryGetValue("version", out var version) && version is string { Length: > 12 })
            return ValueTask.FromResult<object?>(Results.BadRequest(new ProblemDto("a version is a number from 1 or 'latest'")));
        return next(context);
    }
}
