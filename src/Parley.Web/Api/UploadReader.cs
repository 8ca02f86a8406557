using System.Text;
using Parley.Web.Services;
using Parley.Web.Services.Imports;

namespace Parley.Web.Api;

/// <summary>An upload refused before it was read, with the status code to answer.</summary>
public sealed class UploadException(int status, string message) : Exception(message)
{
    public int Status { get; } = status;
}

/// <summary>
/// Reads a scenario upload — a raw YAML/JSON body or a multipart form with one file — never holding more
/// than the limit in memory: the declared length is checked first and the stream is cut at limit + 1 byte.
/// </summary>
public static class UploadReader
{
    public static async Task<(string Text, string FileName)> ReadAsync(HttpRequest request, long limit, CancellationToken cancellation)
    {
        var files = await ReadFilesAsync(request, limit, cancellation);
        return (files[0].Text, files[0].Name);
    }

    /// <summary>Every file of a multipart form (a Genius domain comes with its profiles), or the raw body as one file; the limit holds for all together.</summary>
    public static async Task<IReadOnlyList<ImportedFile>> ReadFilesAsync(HttpRequest request, long limit, CancellationToken cancellation)
    {
        if (request.ContentLength is { } declared && declared > limit) throw TooLarge(declared, limit);
        if (request.HasFormContentType)
        {
            IFormCollection form;
            try
            {
                form = await request.ReadFormAsync(cancellation);
            }
            catch (Exception e) when (e is InvalidDataException or IOException or FormatException or ArgumentException
                                      || (e is BadHttpRequestException bad && bad.StatusCode != StatusCodes.Status413PayloadTooLarge))
            {
                if (cancellation.IsCancellationRequested) throw;
                // The parser's own words can name types or buffer files; say what is wrong in ours.
                throw new UploadException(StatusCodes.Status400BadRequest, $"the multipart form is malformed ({MultipartProblem(request, e)}); " +
                    "send the scenario as the field 'file' of a multipart/form-data body with a boundary, or as the raw request body");
            }
            if (form.Files.Count == 0) throw new UploadException(StatusCodes.Status400BadRequest, "the form holds no file; send the scenario as the field 'file'");
            var total = form.Files.Sum(f => f.Length);
            if (total > limit) throw TooLarge(total, limit);
            var files = new List<ImportedFile>();
            foreach (var file in form.Files)
            {
                await using var stream = file.OpenReadStream();
                files.Add(await ReadFileAsync(Path.GetFileName(file.FileName), stream, limit, cancellation));
            }
            return files;
        }
        var name = request.Query["fileName"].FirstOrDefault() ?? "upload.yaml";
        return [await ReadFileAsync(Path.GetFileName(name), request.Body, limit, cancellation)];
    }

    /// <summary>One file as strict UTF-8 (a leading byte order mark is noted, not kept in the text); refused when empty, larger than the limit or not UTF-8.</summary>
    public static async Task<ImportedFile> ReadFileAsync(string name, Stream stream, long limit, CancellationToken cancellation)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellation)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > limit) throw TooLarge(null, limit);
        }
        if (buffer.Length == 0) throw new UploadException(StatusCodes.Status400BadRequest, "the upload is empty");
        try
        {
            var bytes = buffer.GetBuffer().AsSpan(0, (int)buffer.Length);
            var byteOrderMark = bytes.StartsWith("\uFEFF"u8);
            if (byteOrderMark) bytes = bytes[3..];
            return new ImportedFile(name, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(bytes), byteOrderMark);
        }
        catch (DecoderFallbackException)
        {
            throw new UploadException(StatusCodes.Status400BadRequest, "the upload is not UTF-8 text; save the scenario as UTF-8 YAML or JSON");
        }
    }

    private static string MultipartProblem(HttpRequest request, Exception e)
    {
        var boundary = Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(request.ContentType, out var type)
            ? Microsoft.Net.Http.Headers.HeaderUtilities.RemoveQuotes(type.Boundary).Value : null;
        if (string.IsNullOrEmpty(boundary)) return "the content type has no boundary";
        if (boundary.Length > 70) return "the boundary is longer than 70 characters";
        return e switch
        {
            IOException => "the body ends before the closing boundary",
            InvalidDataException i when i.Message.Contains("limit", StringComparison.OrdinalIgnoreCase) => "a part, a header line or the number of parts is over the form reader's limits",
            _ => "a part's headers or the boundary lines cannot be read",
        };
    }

    public static string Describe(long bytes) => bytes >= 1024 * 1024 ? $"{bytes / 1024.0 / 1024.0:0.#} MB" : $"{bytes / 1024.0:0.#} KB";

    private static UploadException TooLarge(long? size, long limit) => new(StatusCodes.Status413PayloadTooLarge,
        size is { } s
            ? $"the upload is {Describe(s)}; scenarios are limited to {Describe(limit)}"
            : $"the upload is larger than the limit of {Describe(limit)} for scenarios");
}
