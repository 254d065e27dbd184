using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace Calico.Cni.Plugin;

/// <summary>
/// One request on the agent's teardown socket (protocol: Calico.Sdk.Hosting's InterfaceTeardown). After <c>ok</c> the
/// connection stays open while the agent deletes: an <c>error</c> line or a hang-up arrives on <see cref="Socket"/>, so
/// a caller waiting for the deletion can watch it alongside and stop waiting at once.
/// </summary>
internal sealed class TeardownClient : IDisposable
{
    private TeardownClient(Socket socket, string reply) => (Socket, Reply) = (socket, reply);

    /// <summary>The agent's reply line: <c>ok</c>, <c>gone</c>, <c>refused …</c> (empty if it hung up).</summary>
    public string Reply { get; }

    /// <summary>The open connection; readable again only if the agent's delete failed or the agent went away.</summary>
    public Socket Socket { get; }

    /// <summary>Asks the agent to delete the host interface <paramref name="hostInterface"/> (index <paramref name="index"/>).</summary>
    public static TeardownClient Request(string socketPath, string hostInterface, int index)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified)
        {
            ReceiveTimeout = 2000,
            SendTimeout = 2000,
        };
        try
        {
            socket.Connect(new UnixDomainSocketEndPoint(socketPath));
            socket.Send(Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"DEL {hostInterface} {index}\n")));
            return new TeardownClient(socket, ReadLine(socket));
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public void Dispose() => Socket.Dispose();

    private static string ReadLine(Socket socket)
    {
        Span<byte> buffer = stackalloc byte[64];
        var length = 0;
        while (length < buffer.Length)
        {
            // One byte at a time: what follows the line (a later error report) stays in the socket for the caller.
            var read = socket.Receive(buffer.Slice(length, 1));
            if (read == 0)
            {
                break;
            }

            if (buffer[length] == (byte)'\n')
            {
                return Encoding.ASCII.GetString(buffer[..length]);
            }

            length++;
        }

        return Encoding.ASCII.GetString(buffer[..length]);
    }
}
