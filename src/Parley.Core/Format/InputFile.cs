using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace Parley.Core.Format;

/// <summary>Why an input file was refused.</summary>
public enum InputFileProblem
{
    /// <summary>No file by that name.</summary>
    Missing,
    /// <summary>A directory, device (<c>/dev/zero</c>), pipe or socket: reading it could block or never end.</summary>
    NotRegular,
    /// <summary>Over <see cref="InputFile.MaxBytes"/>.</summary>
    TooLarge,
    /// <summary>Text that is not valid UTF-8.</summary>
    InvalidUtf8,
    /// <summary>The operating system refused to read it (permissions, I/O error).</summary>
    Unreadable,
    /// <summary>A file named by a scenario that is absolute or lies outside the scenario's directory.</summary>
    Outside,
}

/// <summary>
/// An input file refused by <see cref="InputFile"/>, with a message fit for the user. For <see cref="InputFileProblem.InvalidUtf8"/>
/// it carries the place of the first bad byte. It is an <see cref="IOException"/>, so readers that already turn I/O errors
/// into their own messages keep working.
/// </summary>
public sealed class InputFileException(string filePath, InputFileProblem problem, string message, int? line = null, int? column = null, long? byteOffset = null)
    : IOException(message)
{
    public string FilePath { get; } = filePath;
    public InputFileProblem Problem { get; } = problem;
    /// <summary>1-based line of the first invalid byte.</summary>
    public int? Line { get; } = line;
    /// <summary>1-based column (in characters) of the first invalid byte on its line.</summary>
    public int? Column { get; } = column;
    /// <summary>0-based byte offset of the first invalid byte in the file.</summary>
    public long? ByteOffset { get; } = byteOffset;
}

/// <summary>
/// The one way Parley reads a file it is given: scenario files and the source files they name, gmcr-py, KTAB, BDM,
/// Genius XML and GeniusWeb JSON files. Only regular files are read (never a device such as <c>/dev/zero</c>, a pipe or
/// a directory), never more than <see cref="MaxBytes"/> (refused up front, before any of it is read, with the file's size),
/// and text must be valid UTF-8 (a byte order mark is skipped; an invalid byte is refused with its line, column and offset,
/// never replaced).
/// </summary>
public static class InputFile
{
    /// <summary>The one size cap for every input file: 16 MB (16 × 1024 × 1024 bytes).</summary>
    public const long MaxBytes = ScenarioLimits.MaxFileBytes;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The file's text, decoded as strict UTF-8; throws <see cref="InputFileException"/> when refused.</summary>
    public static string ReadText(string path) => Decode(ReadBytes(path), path);

    /// <summary>The file's bytes; throws <see cref="InputFileException"/> when the file is missing, not regular, too large or unreadable.</summary>
    public static byte[] ReadBytes(string path)
    {
        CheckRegular(path);
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
            var length = stream.Length;
            if (length > MaxBytes) throw TooLarge(path, length);
            // The length is a promise, not a bound: read one byte past the cap at most, in case the file grows meanwhile.
            var buffer = new byte[Math.Min(length, MaxBytes) + 1];
            var read = 0;
            while (read < buffer.Length)
            {
                var n = stream.Read(buffer, read, buffer.Length - read);
                if (n == 0) break;
                read += n;
                if (read == buffer.Length && read <= MaxBytes) Array.Resize(ref buffer, (int)Math.Min(MaxBytes + 1, buffer.Length * 2L));
            }
            if (read > MaxBytes) throw TooLarge(path, read);
            Array.Resize(ref buffer, read);
            return buffer;
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException and not InputFileException)
        {
            throw new InputFileException(path, InputFileProblem.Unreadable, $"cannot read '{path}': {e.Message}");
        }
    }

    /// <summary>
    /// Refuses a missing file, and anything but a regular file, before it is opened: opening a pipe blocks, and a
    /// device such as /dev/zero never ends.
    /// </summary>
    public static void CheckRegular(string path)
    {
        if (Directory.Exists(path))
            throw new InputFileException(path, InputFileProblem.NotRegular, $"'{path}' is a directory, not a file");
        if (!File.Exists(path))
            throw new InputFileException(path, InputFileProblem.Missing, $"file '{path}' does not exist");
        if (FileType(path) is { } type && type != RegularFile)
            throw new InputFileException(path, InputFileProblem.NotRegular,
                $"'{path}' is {Describe(type)}, not a regular file; only regular files are read");
    }

    /// <summary>True when <paramref name="path"/> names an existing regular file (after symbolic links).</summary>
    public static bool IsRegularFile(string path) =>
        !Directory.Exists(path) && File.Exists(path) && FileType(path) is null or RegularFile;

    /// <summary>Decodes strict UTF-8 (skipping a byte order mark); an invalid byte is refused with its line, column and byte offset.</summary>
    public static string Decode(byte[] bytes, string name)
    {
        var start = bytes.AsSpan().StartsWith(Encoding.UTF8.Preamble) ? Encoding.UTF8.Preamble.Length : 0;
        try
        {
            return StrictUtf8.GetString(bytes, start, bytes.Length - start);
        }
        catch (DecoderFallbackException)
        {
            var span = bytes.AsSpan(start);
            var at = 0;
            while (at < span.Length && Rune.DecodeFromUtf8(span[at..], out _, out var consumed) == System.Buffers.OperationStatus.Done) at += consumed;
            var before = span[..at];
            var lineStart = before.LastIndexOf((byte)'\n') + 1;
            var line = before.Count((byte)'\n') + 1;
            var column = Encoding.UTF8.GetCharCount(before[lineStart..]) + 1;
            var offset = start + at;
            throw new InputFileException(name, InputFileProblem.InvalidUtf8,
                string.Create(CultureInfo.InvariantCulture,
                    $"'{name}' is not valid UTF-8: byte 0x{bytes[offset]:X2} at offset {offset} (line {line}, column {column}); save the file as UTF-8"),
                line, column, offset);
        }
    }

    /// <summary>
    /// Why a file named inside a scenario (a source's <c>file</c>) may not be read, or null when it may: it must be a
    /// relative path that stays inside the scenario's directory (no absolute path, no <c>..</c> leading out of it).
    /// </summary>
    public static string? OutsideProblem(string relative)
    {
        if (string.IsNullOrWhiteSpace(relative)) return "the file name is empty";
        if (Path.IsPathRooted(relative) || relative[0] is '/' or '\\' || relative.Length >= 2 && relative[1] == ':')
            return $"'{relative}' is an absolute path; name the file relative to the scenario's directory, inside it";
        var depth = 0;
        foreach (var part in relative.Split('/', '\\'))
        {
            if (part is "" or ".") continue;
            depth += part == ".." ? -1 : 1;
            if (depth < 0) return $"'{relative}' leads out of the scenario's directory; a source file must lie in it or below it";
        }
        return null;
    }

    /// <summary>
    /// The full path of <paramref name="relative"/> inside <paramref name="baseDirectory"/>; throws <see cref="InputFileException"/>
    /// (<see cref="InputFileProblem.Outside"/>) for an absolute path, one leading out, or a symbolic link whose target lies outside.
    /// </summary>
    public static string ResolveInside(string baseDirectory, string relative)
    {
        if (OutsideProblem(relative) is { } problem) throw new InputFileException(relative, InputFileProblem.Outside, problem);
        var root = Path.TrimEndingDirectorySeparator(RealPath(Path.GetFullPath(baseDirectory)));
        var full = Path.GetFullPath(Path.Combine(Path.GetFullPath(baseDirectory), relative));
        var target = RealPath(full);
        if (!target.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            throw new InputFileException(relative, InputFileProblem.Outside,
                $"'{relative}' leads through a link to '{target}', outside the scenario's directory; a source file must lie in it or below it");
        return full;
    }

    /// <summary>The path with every symbolic link along it resolved, component by component, as the operating system would.</summary>
    private static string RealPath(string fullPath)
    {
        var root = Path.GetPathRoot(fullPath) ?? "";
        var current = root;
        var parts = fullPath[root.Length..].Split(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < parts.Length; i++)
        {
            if (parts[i] == ".") continue;
            if (parts[i] == "..")
            {
                current = Path.GetDirectoryName(current) ?? root;
                continue;
            }
            current = Path.Combine(current, parts[i]);
            FileSystemInfo info = Directory.Exists(current) ? new DirectoryInfo(current) : new FileInfo(current);
            if (info.LinkTarget is not null && info.ResolveLinkTarget(returnFinalTarget: true) is { } target)
                current = RealPath(target.FullName);
        }
        return current;
    }

    /// <summary>The text of a file named by a scenario, inside <paramref name="baseDirectory"/>, or null when it is refused or unreadable.</summary>
    public static string? TryReadInside(string baseDirectory, string relative)
    {
        try
        {
            return ReadText(ResolveInside(baseDirectory, relative));
        }
        catch (InputFileException)
        {
            return null;
        }
    }

    private static InputFileException TooLarge(string path, long length) =>
        new(path, InputFileProblem.TooLarge, $"file '{path}' is {Megabytes(length)}; the limit is {Megabytes(MaxBytes)}");

    /// <summary>A size in MB (of 1024 × 1024 bytes), with the bytes when the rounded figure would hide that it is over the cap.</summary>
    public static string Megabytes(long bytes)
    {
        var mb = bytes / (1024.0 * 1024);
        var text = mb.ToString(mb < 10 ? "0.#" : "0", CultureInfo.InvariantCulture) + " MB";
        return bytes > MaxBytes && Math.Round(mb) <= MaxBytes / (1024 * 1024) ? text + string.Create(CultureInfo.InvariantCulture, $" ({bytes:N0} bytes)") : text;
    }

    // ---- file type (Linux: statx, whose buffer layout is the same on every architecture) ------------------------------

    private const int RegularFile = 0x8000;

    private static string Describe(int type) => type switch
    {
        0x2000 => "a character device",
        0x6000 => "a block device",
        0x1000 => "a pipe",
        0xC000 => "a socket",
        0x4000 => "a directory",
        _ => "not an ordinary file",
    };

    /// <summary>The S_IFMT bits of the file's mode after following links, or null where they cannot be had (not Linux).</summary>
    private static int? FileType(string path)
    {
        if (!OperatingSystem.IsLinux()) return null;
        try
        {
            var name = Encoding.UTF8.GetBytes(path + "\0");
            var buffer = new byte[256];
            const int atFdCwd = -100;
            const uint statxType = 0x1;
            if (Statx(atFdCwd, name, 0, statxType, buffer) != 0) return null;
            // struct statx: u32 mask, u32 blksize, u64 attributes, u32 nlink, u32 uid, u32 gid, u16 mode (offset 28).
            return BitConverter.ToUInt16(buffer, 28) & 0xF000;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }
    }

    [DllImport("libc", EntryPoint = "statx", SetLastError = true)]
    private static extern int Statx(int directory, byte[] path, int flags, uint mask, byte[] buffer);
}
