using System.Text;

namespace Parley.Cli.Output;

/// <summary>
/// A write-only stream of UTF-8 that passes text on to a console writer as it arrives (a multi-byte character
/// split between writes is held until it is complete), so a large document is never held as one string.
/// </summary>
public sealed class TextWriterStream(TextWriter writer, CancellationToken cancellation = default) : Stream
{
    private readonly Decoder _decoder = new UTF8Encoding(false, true).GetDecoder();
    private char[] _chars = new char[1 << 14];

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        cancellation.ThrowIfCancellationRequested();
        var needed = _decoder.GetCharCount(buffer, flush: false);
        if (needed > _chars.Length) _chars = new char[needed];
        var written = _decoder.GetChars(buffer, _chars, flush: false);
        writer.Write(_chars, 0, written);
    }

    public override void Flush() => writer.Flush();
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
}
