using System.Text;
using Xunit;

namespace Calico.Sdk.Linux.Tests;

/// <summary>DescriptorStream: read(2)/write(2) at the descriptor's own offset.</summary>
public sealed class DescriptorStreamTests
{
    [Fact]
    public void Writes_land_at_the_shared_descriptor_offset_and_reads_consume_it()
    {
        var path = Path.Combine(Path.GetTempPath(), "h2-descriptor-" + Guid.NewGuid().ToString("N"));
        try
        {
            using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite))
            {
                var fd = (int)file.SafeFileHandle.DangerousGetHandle();
                using var stream = new DescriptorStream(fd, write: true);
                stream.Write("first "u8);
                stream.Write(Encoding.ASCII.GetBytes("second"), 0, 6);
                Assert.True(stream.CanWrite);
                Assert.False(stream.CanRead);
                Assert.False(stream.CanSeek);
                Assert.Throws<NotSupportedException>(() => stream.Read(new byte[1], 0, 1));
            }

            // The two writes advanced the descriptor's offset: the second did not overwrite the first.
            Assert.Equal("first second", File.ReadAllText(path));

            using (var file = new FileStream(path, FileMode.Open, FileAccess.Read))
            {
                var fd = (int)file.SafeFileHandle.DangerousGetHandle();
                using var stream = new DescriptorStream(fd, write: false);
                var buffer = new byte[5];
                Assert.Equal(5, stream.Read(buffer, 0, 5));
                Assert.Equal("first", Encoding.ASCII.GetString(buffer));
                var rest = new byte[64];
                Assert.Equal(7, stream.Read(rest));
                Assert.Equal(" second", Encoding.ASCII.GetString(rest, 0, 7));
                Assert.Equal(0, stream.Read(rest));
                Assert.Throws<NotSupportedException>(() => stream.Write("x"u8));
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_closed_descriptor_is_an_io_error_that_names_it()
    {
        using var stream = new DescriptorStream(987_654, write: true);
        var error = Assert.Throws<IOException>(() => stream.Write("x"u8));
        Assert.Contains("987654", error.Message, StringComparison.Ordinal);
    }
}
