using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.GameState.Gateway.Relay;

namespace Orleans.GameState.Gateway.UnitTests;

public sealed class ConnectionOutboxTests
{
    private static OutboundEvent Event(int n, int padding = 0) =>
        OutboundEvent.Of("test:event", Encoding.UTF8.GetBytes($"{n}{new string(' ', padding)}"), 0);

    private static ConnectionOutbox Outbox(FakeHubConnection connection, int capacity, long maxQueuedBytes = long.MaxValue) =>
        new(connection, capacity, maxQueuedBytes, TestMetrics.Create(), NullLogger<ConnectionOutbox>.Instance);

    [Fact]
    public void Writes_at_once_while_the_socket_keeps_up()
    {
        var connection = new FakeHubConnection("c1");
        var outbox = Outbox(connection, capacity: 2);

        for (var i = 1; i <= 5; i++)
        {
            Assert.True(outbox.TryEnqueue(Event(i)));
        }

        Assert.Equal(["1", "2", "3", "4", "5"], connection.Written.Select(w => w.Payload.Trim()));
        Assert.False(connection.Aborted);
    }

    [Fact]
    public async Task Queues_behind_a_pending_write_and_sends_in_order()
    {
        var connection = new FakeHubConnection("c1") { Stalled = true };
        var outbox = Outbox(connection, capacity: 2);

        Assert.True(outbox.TryEnqueue(Event(1)));
        Assert.True(outbox.TryEnqueue(Event(2)));
        Assert.True(outbox.TryEnqueue(Event(3)));
        Assert.Empty(connection.Written);

        connection.Release();

        Assert.Equal(["1", "2", "3"], (await connection.WaitForAsync(3)).Select(w => w.Payload.Trim()));
        Assert.False(connection.Aborted);
    }

    [Fact]
    public void A_connection_that_falls_further_behind_than_its_capacity_is_disconnected()
    {
        var connection = new FakeHubConnection("c1") { Stalled = true };
        var outbox = Outbox(connection, capacity: 2);

        Assert.True(outbox.TryEnqueue(Event(1)));   // being written
        Assert.True(outbox.TryEnqueue(Event(2)));   // queued
        Assert.True(outbox.TryEnqueue(Event(3)));   // queued: the queue is full
        Assert.False(outbox.TryEnqueue(Event(4)));  // one too many

        Assert.True(connection.Aborted);
        Assert.False(outbox.TryEnqueue(Event(5)));
    }

    [Fact]
    public void A_completed_outbox_takes_nothing_more()
    {
        var connection = new FakeHubConnection("c1");
        var outbox = Outbox(connection, capacity: 2);
        outbox.Complete();

        Assert.False(outbox.TryEnqueue(Event(1)));
        Assert.Empty(connection.Written);
    }

    [Fact]
    public void A_connection_whose_queue_outgrows_its_byte_bound_is_disconnected()
    {
        var connection = new FakeHubConnection("c1") { Stalled = true };
        var event1 = Event(1, padding: 100);
        var outbox = Outbox(connection, capacity: 100, maxQueuedBytes: 2 * event1.Bytes);

        Assert.True(outbox.TryEnqueue(Event(1, padding: 100)));   // being written: in the transport, not the queue
        Assert.True(outbox.TryEnqueue(Event(2, padding: 100)));
        Assert.True(outbox.TryEnqueue(Event(3, padding: 100)));   // the queue holds its bound exactly
        Assert.False(connection.Aborted);

        Assert.False(outbox.TryEnqueue(Event(4, padding: 100)));
        Assert.True(connection.Aborted);
    }
}
