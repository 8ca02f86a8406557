using System.Diagnostics;

namespace Parley.Report;

public sealed record PdfOutcome(bool Produced, string Message);

/// <summary>
/// Prints the HTML report to PDF with headless Chromium. Chromium is looked for at /usr/bin/chromium and
/// on the PATH; when it is missing the report says so instead of failing (install it with
/// <c>apt-get install -y chromium</c>).
/// </summary>
public static class PdfPrinter
{
    public static string? FindChromium()
    {
        var candidates = new List<string> { "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome" };
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var dir in path.Split(':', StringSplitOptions.RemoveEmptyEntries))
            candidates.AddRange(new[] { "chromium", "chromium-browser", "google-chrome" }.Select(n => Path.Combine(dir, n)));
        return candidates.FirstOrDefault(File.Exists);
    }

    public static PdfOutcome Print(string htmlPath, string pdfPath, TimeSpan? timeout = null, CancellationToken cancellation = default)
    {
        var chromium = FindChromium();
        if (chromium is null)
            return new PdfOutcome(false, "no PDF: Chromium is not installed (apt-get install -y chromium); the HTML report is complete without it");
        var profile = Directory.CreateTempSubdirectory("parley-chromium-");
        try
        {
            if (File.Exists(pdfPath)) File.Delete(pdfPath);
            var start = new ProcessStartInfo(chromium)
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
                UseShellExecute = false,
            };
            foreach (var arg in new[]
                     {
                         "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                         "--disable-component-update", "--disable-sync", $"--user-data-dir={profile.FullName}", "--no-pdf-header-footer",
                         $"--print-to-pdf={Path.GetFullPath(pdfPath)}", new Uri(Path.GetFullPath(htmlPath)).AbsoluteUri,
                     })
                start.ArgumentList.Add(arg);
            using var process = Process.Start(start)!;
            var stderr = process.StandardError.ReadToEndAsync(cancellation);
            _ = process.StandardOutput.ReadToEndAsync(cancellation);
            if (!process.WaitForExit(timeout ?? TimeSpan.FromMinutes(2)))
            {
                process.Kill(entireProcessTree: true);
                return new PdfOutcome(false, "no PDF: Chromium did not finish printing within the time limit");
            }
            if (File.Exists(pdfPath) && new FileInfo(pdfPath).Length > 0)
                return new PdfOutcome(true, $"PDF printed with {chromium}");
            var error = stderr.IsCompleted ? stderr.Result : "";
            var lastLine = error.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault()?.Trim();
            return new PdfOutcome(false, $"no PDF: Chromium exited with code {process.ExitCode}{(lastLine is null ? "" : $" ({lastLine})")}");
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or IOException or InvalidOperationException)
        {
            return new PdfOutcome(false, $"no PDF: could not run Chromium: {e.Message}");
        }
        finally
        {
            try { profile.Delete(recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    /// <summary>Counts the page objects of a PDF file (for checks; not a full parser).</summary>
    public static int CountPages(string pdfPath)
    {
        var text = System.Text.Encoding.Latin1.GetString(File.ReadAllBytes(pdfPath));
        return System.Text.RegularExpressions.Regex.Matches(text, @"/Type\s*/Page(?!s)").Count;
    }
}
