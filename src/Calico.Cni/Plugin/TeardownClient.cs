using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace Calico.Cni.Plugin;

/// <summary>The plugin's side of the agent's teardown socket (protocol: Calico.Sdk.Hosting's InterfaceTeardown).</summary>
internal static class TeardownClient
{
    /// <summary>Asks the agent to delete the host interface; returns its reply line (<c>ok</c>, <c>gone</c>, <c>refused …</c>).</summary>
    public static string Request(string socketPath, string hostInterface, int index)
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified)
        {
            ReceiveTimeout = 2000,
            SendTimeout = 2000,
        };
        socket.Connect(new UnixDomainSocketEndPoint(socketPath));
        socket.Send(Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"DEL {hostInterface} {index}\n")));
        Span<byte> buffer = stackalloc byte[64];
        var length = 0;
        while (length < buffer.Length)
        {
            var read = socket.Receive(buffer[length..]);
            if (read == 0)
            {
                break;
            }

            length += read;
            if (buffer[..length].IndexOf((byte)'\n') is var end and >= 0)
            {
                return Encoding.ASCII.GetString(buffer[..end]);
            }
        }

        return Encoding.ASCII.GetString(buffer[..length]);
    }
}
