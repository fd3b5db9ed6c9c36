using System.Globalization;

namespace Orleans.GameState.Load.Metrics;

/// <summary>One TCP socket as the kernel lists it: its state and the bytes queued to send and to be read.</summary>
public sealed record TcpConnection(int LocalPort, int RemotePort, TcpConnectionTable.State State, long SendQueueBytes, long ReceiveQueueBytes);

/// <summary>
/// The kernel's TCP sockets (<c>/proc/net/tcp</c> and <c>tcp6</c>): how the stall workload sees, without reading its
/// stalled socket, whether the server still writes to it (bytes queued) and when either end closed it (state).
/// </summary>
public static class TcpConnectionTable
{
    /// <summary>The kernel's TCP states (include/net/tcp_states.h).</summary>
    public enum State
    {
        Unknown = 0,
        Established = 1,
        SynSent = 2,
        SynReceived = 3,
        FinWait1 = 4,
        FinWait2 = 5,
        TimeWait = 6,
        Close = 7,
        CloseWait = 8,
        LastAck = 9,
        Listen = 10,
        Closing = 11,
    }

    private static readonly string[] Files = ["/proc/net/tcp", "/proc/net/tcp6"];

    /// <summary>The socket from <paramref name="localPort"/> to <paramref name="remotePort"/> on this machine, or null when there is none (any more).</summary>
    public static TcpConnection? Find(int localPort, int remotePort)
    {
        foreach (var file in Files)
        {
            string text;
            try
            {
                text = File.ReadAllText(file);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue;
            }

            if (Parse(text).FirstOrDefault(c => c.LocalPort == localPort && c.RemotePort == remotePort) is { } found)
            {
                return found;
            }
        }

        return null;
    }

    /// <summary>
    /// The rows of one such file: <c>sl local_address rem_address st tx_queue:rx_queue ...</c>, addresses as
    /// <c>HEXIP:HEXPORT</c>, the state and the queues in hex.
    /// </summary>
    public static IReadOnlyList<TcpConnection> Parse(string text)
    {
        var connections = new List<TcpConnection>();
        foreach (var line in text.Split('\n').Skip(1))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 5 || Port(fields[1]) is not { } local || Port(fields[2]) is not { } remote
                || !int.TryParse(fields[3], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var state))
            {
                continue;
            }

            var queues = fields[4].Split(':');
            if (queues.Length != 2 || !long.TryParse(queues[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var send)
                || !long.TryParse(queues[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var receive))
            {
                continue;
            }

            connections.Add(new TcpConnection(local, remote, Enum.IsDefined((State)state) ? (State)state : State.Unknown, send, receive));
        }

        return connections;
    }

    private static int? Port(string address)
    {
        var colon = address.LastIndexOf(':');
        return colon >= 0 && int.TryParse(address.AsSpan(colon + 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var port) ? port : null;
    }
}
