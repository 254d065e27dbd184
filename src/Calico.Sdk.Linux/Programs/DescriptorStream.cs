using Calico.Sdk.Linux.Interop;

namespace Calico.Sdk.Linux;

/// <summary>
/// A stream over a file descriptor the process inherited (standard input, output, error of a plugin process): read(2)
/// and write(2) at the descriptor's own offset, so output redirected to a file shared with other writers lands where
/// they expect (pwrite at a private position would not). Unlike the console streams it sets up no terminal or signal
/// handling (the runtime starts a signal-handling thread and installs handlers on the first console write), which a
/// short-lived process that only pipes bytes does not need. The descriptor is not closed by <see cref="Stream.Dispose()"/>.
/// </summary>
public sealed unsafe class DescriptorStream : Stream
{
    private const int Eintr = 4;
    private readonly int _fd;
    private readonly bool _write;

    /// <summary>Wraps <paramref name="fd"/>.</summary>
    /// <param name="fd">The descriptor, e.g. 0, 1 or 2.</param>
    /// <param name="write">Whether the stream writes (otherwise it reads).</param>
    public DescriptorStream(int fd, bool write)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(fd);
        _fd = fd;
        _write = write;
    }

    /// <inheritdoc />
    public override bool CanRead => !_write;

    /// <inheritdoc />
    public override bool CanSeek => false;

    /// <inheritdoc />
    public override bool CanWrite => _write;

    /// <inheritdoc />
    public override long Length => throw new NotSupportedException("a descriptor stream has no length");

    /// <inheritdoc />
    public override long Position
    {
        get => throw new NotSupportedException("a descriptor stream has no position");
        set => throw new NotSupportedException("a descriptor stream cannot seek");
    }

    /// <inheritdoc />
    public override void Flush()
    {
        // Unbuffered: every Write is a write(2).
    }

    /// <inheritdoc />
    public override int Read(byte[] buffer, int offset, int count)
    {
        ValidateBufferArguments(buffer, offset, count);
        return Read(buffer.AsSpan(offset, count));
    }

    /// <inheritdoc />
    public override int Read(Span<byte> buffer)
    {
        if (_write)
        {
            throw new NotSupportedException($"descriptor {_fd} was opened for writing");
        }

        fixed (byte* p = buffer)
        {
            while (true)
            {
                var n = LibC.Read(_fd, p, (nuint)buffer.Length);
                if (n >= 0)
                {
                    return (int)n;
                }

                if (Errno.Last != Eintr)
                {
                    throw new IOException(Errno.LastException("read", "descriptor " + _fd).Message);
                }
            }
        }
    }

    /// <inheritdoc />
    public override void Write(byte[] buffer, int offset, int count)
    {
        ValidateBufferArguments(buffer, offset, count);
        Write(buffer.AsSpan(offset, count));
    }

    /// <inheritdoc />
    public override void Write(ReadOnlySpan<byte> buffer)
    {
        if (!_write)
        {
            throw new NotSupportedException($"descriptor {_fd} was opened for reading");
        }

        fixed (byte* p = buffer)
        {
            var done = 0;
            while (done < buffer.Length)
            {
                var n = LibC.Write(_fd, p + done, (nuint)(buffer.Length - done));
                if (n >= 0)
                {
                    done += (int)n;
                }
                else if (Errno.Last != Eintr)
                {
                    throw new IOException(Errno.LastException("write", "descriptor " + _fd).Message);
                }
            }
        }
    }

    /// <inheritdoc />
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException("a descriptor stream cannot seek");

    /// <inheritdoc />
    public override void SetLength(long value) => throw new NotSupportedException("a descriptor stream has no length");
}
