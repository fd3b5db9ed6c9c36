using Orleans.GameState.Load.Metrics;

namespace Orleans.GameState.Load.SmokeTests;

/// <summary>The kernel's TCP table as the stall workload reads it: ports, state and queues, in hex.</summary>
public sealed class TcpConnectionTableTests
{
    [Fact]
    public void Parses_ports_states_and_queues_of_both_address_families()
    {
        const string text = """
              sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
               0: 0100007F:13D8 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1 1 0000000000000000 100 0 0 10 0
               1: 0100007F:13D8 0100007F:A2F4 01 0004A000:00000000 01:00000014 00000000     0        0 2 1 0000000000000000 20 4 30 10 -1
               2: 0000000000000000FFFF00000100007F:A2F4 0000000000000000FFFF00000100007F:13D8 08 00000000:00200000 00:00000000 00000000     0        0 3 1 0000000000000000 20 4 30 10 -1
            """;

        var connections = TcpConnectionTable.Parse(text);

        Assert.Equal(3, connections.Count);
        Assert.Equal(new TcpConnection(5080, 0, TcpConnectionTable.State.Listen, 0, 0), connections[0]);
        Assert.Equal(new TcpConnection(5080, 41716, TcpConnectionTable.State.Established, 0x4A000, 0), connections[1]);
        Assert.Equal(new TcpConnection(41716, 5080, TcpConnectionTable.State.CloseWait, 0, 0x200000), connections[2]);
    }

    [Fact]
    public void Skips_lines_it_cannot_read() =>
        Assert.Empty(TcpConnectionTable.Parse("header\n   0: nonsense\n\n"));
}
