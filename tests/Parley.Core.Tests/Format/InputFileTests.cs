using System.Text;
using Parley.Core.Diagnostics;
using Parley.Core.Format;

namespace Parley.Core.Tests.Format;

/// <summary>
/// The one reader of input files: regular files only, one size cap refused before reading, strict UTF-8 with the place of
/// the first bad byte; and source files named by a scenario only inside the scenario's directory.
/// </summary>
public sealed class InputFileTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("parley-input-file-");
    private static readonly string RiverValley = File.ReadAllText(TestPaths.RiverValley);

    public void Dispose() => _dir.Delete(recursive: true);

    private string PathOf(string name) => Path.Combine(_dir.FullName, name);

    private string WriteBytes(string name, byte[] bytes)
    {
        File.WriteAllBytes(PathOf(name), bytes);
        return PathOf(name);
    }

    /// <summary>A file of <paramref name="bytes"/> bytes that takes no disk space (sparse) and no time to write.</summary>
    private string Sparse(string name, long bytes)
    {
        using var stream = File.Create(PathOf(name));
        stream.SetLength(bytes);
        return PathOf(name);
    }

    [Fact]
    public void Dev_zero_is_refused_as_a_device_before_it_is_opened()
    {
        if (!OperatingSystem.IsLinux()) return;
        var e = Assert.Throws<InputFileException>(() => InputFile.ReadText("/dev/zero"));
        Assert.Equal(InputFileProblem.NotRegular, e.Problem);
        Assert.Equal("'/dev/zero' is a character device, not a regular file; only regular files are read", e.Message);
        Assert.False(InputFile.IsRegularFile("/dev/zero"));
    }

    [Fact]
    public void A_directory_and_a_missing_file_are_refused()
    {
        Assert.Equal(InputFileProblem.NotRegular, Assert.Throws<InputFileException>(() => InputFile.ReadBytes(_dir.FullName)).Problem);
        var missing = Assert.Throws<InputFileException>(() => InputFile.ReadBytes(PathOf("none.yaml")));
        Assert.Equal(InputFileProblem.Missing, missing.Problem);
        Assert.Equal($"file '{PathOf("none.yaml")}' does not exist", missing.Message);
    }

    /// <summary>Before: a 100 MB scenario, gmcr or KTAB file was read whole (650–800 MB of memory) before anything looked at its size.</summary>
    [Fact]
    public void A_file_over_the_cap_is_refused_with_its_size_before_any_of_it_is_read()
    {
        var path = Sparse("big.yaml", 100L * 1024 * 1024);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<InputFileException>(() => InputFile.ReadText(path));
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1024 * 1024, "read the file before refusing it");
        Assert.Equal(InputFileProblem.TooLarge, e.Problem);
        Assert.Equal($"file '{path}' is 100 MB; the limit is 16 MB", e.Message);
    }

    [Fact]
    public void A_file_one_byte_over_the_cap_says_so_and_one_at_the_cap_is_read()
    {
        var over = Sparse("over.yaml", InputFile.MaxBytes + 1);
        Assert.Equal($"file '{over}' is 16 MB (16,777,217 bytes); the limit is 16 MB", Assert.Throws<InputFileException>(() => InputFile.ReadBytes(over)).Message);
        Assert.Equal(InputFile.MaxBytes, InputFile.ReadBytes(Sparse("at.yaml", InputFile.MaxBytes)).Length);
    }

    [Fact]
    public void Invalid_utf8_is_refused_with_its_line_column_and_offset_never_replaced()
    {
        // "id: x\ntitle: caf\xE9 and more" – Latin-1 é, as a file saved in the wrong encoding would have it.
        var bytes = Encoding.UTF8.GetBytes("id: x\ntitle: café ").Concat(new byte[] { 0xE9 }).Concat(Encoding.UTF8.GetBytes(" more\n")).ToArray();
        var path = WriteBytes("latin1.yaml", bytes);
        var e = Assert.Throws<InputFileException>(() => InputFile.ReadText(path));
        Assert.Equal(InputFileProblem.InvalidUtf8, e.Problem);
        Assert.Equal((2, 13, 19L), (e.Line!.Value, e.Column!.Value, e.ByteOffset!.Value));
        Assert.Equal($"'{path}' is not valid UTF-8: byte 0xE9 at offset 19 (line 2, column 13); save the file as UTF-8", e.Message);
    }

    [Fact]
    public void A_byte_order_mark_is_skipped()
    {
        var path = WriteBytes("bom.yaml", [.. Encoding.UTF8.Preamble, .. Encoding.UTF8.GetBytes("id: x\n")]);
        Assert.Equal("id: x\n", InputFile.ReadText(path));
    }

    [Fact]
    public void The_loader_reports_invalid_utf8_at_its_place()
    {
        var text = Encoding.UTF8.GetBytes(RiverValley.Replace("title: River valley dispute", "title: River valley disput\u00e9"));
        var at = Array.IndexOf(text, (byte)0xC3);
        text[at] = 0xE9; // Latin-1 é followed by the stray continuation byte of the UTF-8 one
        var result = ScenarioLoader.LoadFile(WriteBytes("scenario.yaml", text));
        var error = Assert.Single(result.Diagnostics);
        Assert.Equal(DiagnosticCodes.Syntax, error.Code);
        Assert.Equal(new SourceLocation(PathOf("scenario.yaml"), 3, 27), error.Location);
        Assert.Contains("is not valid UTF-8: byte 0xE9", error.Message);
    }

    [Fact]
    public void The_loader_refuses_a_device_and_an_oversized_file_quickly()
    {
        if (OperatingSystem.IsLinux())
            Assert.Contains("not a regular file", Assert.Single(ScenarioLoader.LoadFile("/dev/zero").Diagnostics).Message);
        var big = Assert.Single(ScenarioLoader.LoadFile(Sparse("big.yaml", 100L * 1024 * 1024)).Diagnostics);
        Assert.Equal(DiagnosticCodes.TooLarge, big.Code);
        Assert.Equal(1, big.Location!.Line);
    }

    // ---- source files named by a scenario ---------------------------------------------------------------------------

    private LoadResult LoadWithSourceFile(string file)
    {
        File.Copy(Path.Combine(TestPaths.Examples, "river-valley-briefing.txt"), PathOf("river-valley-briefing.txt"), overwrite: true);
        var text = RiverValley.Replace("file: river-valley-briefing.txt", $"file: {file}");
        File.WriteAllText(PathOf("scenario.yaml"), text);
        return ScenarioLoader.LoadFile(PathOf("scenario.yaml"));
    }

    private static int FileLine => RiverValley[..RiverValley.IndexOf("file: river-valley-briefing.txt", StringComparison.Ordinal)].Count(c => c == '\n') + 1;

    [Theory]
    [InlineData("/dev/zero", "is an absolute path")]
    [InlineData("/etc/passwd", "is an absolute path")]
    [InlineData("../../etc/passwd", "leads out of the scenario's directory")]
    [InlineData("notes/../../secret.txt", "leads out of the scenario's directory")]
    public void A_source_file_outside_the_scenarios_directory_is_refused_at_its_place(string file, string reason)
    {
        var result = LoadWithSourceFile(file);
        var error = Assert.Single(result.Diagnostics, d => d.Severity == Severity.Error);
        Assert.Equal(DiagnosticCodes.UnsafePath, error.Code);
        Assert.Equal("sources[0].file", error.Path);
        Assert.Equal(new SourceLocation(PathOf("scenario.yaml"), FileLine, 11), error.Location);
        Assert.Contains(reason, error.Message);
    }

    [Fact]
    public void A_source_file_below_the_scenarios_directory_is_read()
    {
        Directory.CreateDirectory(PathOf("sources"));
        File.Copy(Path.Combine(TestPaths.Examples, "river-valley-briefing.txt"), PathOf("sources/briefing.txt"));
        var result = LoadWithSourceFile("sources/../sources/briefing.txt");
        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
    }

    [Fact]
    public void A_link_leading_out_of_the_directory_or_to_a_device_is_refused()
    {
        if (!OperatingSystem.IsLinux()) return;
        File.CreateSymbolicLink(PathOf("zero.txt"), "/dev/zero");
        var error = Assert.Single(LoadWithSourceFile("zero.txt").Diagnostics, d => d.Severity == Severity.Error);
        Assert.Equal(DiagnosticCodes.UnsafePath, error.Code);
        Assert.Equal(FileLine, error.Location!.Line);
        Assert.Contains("outside the scenario's directory", error.Message);
    }

    [Fact]
    public void A_directory_link_leading_out_is_refused_and_one_staying_inside_is_followed()
    {
        if (!OperatingSystem.IsLinux()) return;
        var outside = Directory.CreateTempSubdirectory("parley-outside-");
        try
        {
            File.Copy(Path.Combine(TestPaths.Examples, "river-valley-briefing.txt"), Path.Combine(outside.FullName, "briefing.txt"));
            Directory.CreateSymbolicLink(PathOf("elsewhere"), outside.FullName);
            var error = Assert.Single(LoadWithSourceFile("elsewhere/briefing.txt").Diagnostics, d => d.Severity == Severity.Error);
            Assert.Equal((DiagnosticCodes.UnsafePath, FileLine), (error.Code, error.Location!.Line));

            Directory.CreateDirectory(PathOf("real"));
            File.Copy(Path.Combine(TestPaths.Examples, "river-valley-briefing.txt"), PathOf("real/briefing.txt"));
            Directory.CreateSymbolicLink(PathOf("alias"), PathOf("real"));
            var inside = LoadWithSourceFile("alias/briefing.txt");
            Assert.True(inside.Succeeded, string.Join("\n", inside.Diagnostics));
        }
        finally
        {
            outside.Delete(recursive: true);
        }
    }

    [Fact]
    public void An_oversized_or_non_utf8_source_file_is_an_error_and_a_missing_one_a_warning()
    {
        Sparse("huge.txt", 20L * 1024 * 1024);
        var big = Assert.Single(LoadWithSourceFile("huge.txt").Diagnostics, d => d.Severity == Severity.Error);
        Assert.Equal((DiagnosticCodes.TooLarge, "sources[0].file", FileLine), (big.Code, big.Path, big.Location!.Line));
        Assert.Contains("is 20 MB; the limit is 16 MB", big.Message);

        WriteBytes("latin1.txt", [0x41, 0x0A, 0x42, 0xE9]);
        var bad = Assert.Single(LoadWithSourceFile("latin1.txt").Diagnostics, d => d.Severity == Severity.Error);
        Assert.Equal((DiagnosticCodes.Syntax, "sources[0].file", new SourceLocation(PathOf("latin1.txt"), 2, 2)), (bad.Code, bad.Path, bad.Location));

        var missing = LoadWithSourceFile("missing.txt");
        Assert.True(missing.Succeeded);
        Assert.Equal(FileLine, Assert.Single(missing.Diagnostics, d => d.Code == DiagnosticCodes.SourceUnreadable).Location!.Line);
    }
}
