using System.Text.Json;
using Orleans.GameState.Client.Internal;
using Orleans.GameState.Client.Plugins;

namespace Orleans.GameState.Client.UnitTests;

/// <summary>The version rules of the local copy: each version once, in order; the GM's own update once.</summary>
public sealed class StateReplicaTests
{
    [Theory]
    [InlineData(5, 3, nameof(BroadcastDisposition.Ignore))]
    [InlineData(5, 5, nameof(BroadcastDisposition.Ignore))]
    [InlineData(5, 6, nameof(BroadcastDisposition.Apply))]
    [InlineData(5, 7, nameof(BroadcastDisposition.Gap))]
    [InlineData(0, 1, nameof(BroadcastDisposition.Apply))]
    public void Broadcasts_are_classified_by_their_version(long current, long incoming, string expected) =>
        Assert.Equal(Enum.Parse<BroadcastDisposition>(expected), StateReplica.Classify(current, incoming));

    [Fact]
    public void The_next_version_is_applied_and_reported_with_the_broadcast()
    {
        var replica = States.Replica();
        var broadcast = States.Broadcast(2, StateOps.Inc("characters.0.hp", -3));

        var change = replica.TryApply(broadcast);

        Assert.NotNull(change);
        Assert.Equal((GameStateChangeKind.Updated, 1L, 2L), (change.Kind, change.PreviousVersion, change.Version));
        Assert.Same(broadcast, change.Update);
        Assert.Equal(7, replica.Read(d => States.Int(d.GetValue("characters.0.hp"))));
        Assert.Equal(1002, replica.Read(d => d.LastUpdated));
    }

    [Fact]
    public void Versions_already_held_and_gaps_are_not_applied()
    {
        var replica = States.Replica();
        replica.TryApply(States.Broadcast(2, StateOps.Inc("characters.0.hp", 1)));

        Assert.Null(replica.TryApply(States.Broadcast(2, StateOps.Inc("characters.0.hp", 1))));
        Assert.Null(replica.TryApply(States.Broadcast(4, StateOps.Inc("characters.0.hp", 1))));
        Assert.Equal(2, replica.Version);
        Assert.Equal(11, replica.Read(d => States.Int(d.GetValue("characters.0.hp"))));
    }

    [Fact]
    public void A_confirmed_own_update_is_applied_once_and_its_later_broadcast_is_ignored()
    {
        var replica = States.Replica();
        var sent = States.Sent(1, StateOps.Inc("characters.0.hp", 5));

        var outcome = replica.Confirm(sent, 2, out var change);
        var echo = replica.TryApply(States.Broadcast(2, StateOps.Inc("characters.0.hp", 5)));

        Assert.Equal(ConfirmOutcome.Applied, outcome);
        Assert.Null(echo);
        Assert.Equal(15, replica.Read(d => States.Int(d.GetValue("characters.0.hp"))));
        Assert.NotNull(change?.Update);
        Assert.Equal((sent.Id, "1", "2"), (change.Update.UpdateId, change.Update.PreviousVersion, change.Update.NewVersion));
        Assert.Equal(10, change.Update.Operations[0].Previous.GetInt32());
    }

    [Fact]
    public void An_own_update_whose_broadcast_came_first_is_not_applied_again()
    {
        var replica = States.Replica();
        replica.TryApply(States.Broadcast(2, StateOps.Inc("characters.0.hp", 5)));

        var outcome = replica.Confirm(States.Sent(1, StateOps.Inc("characters.0.hp", 5)), 2, out var change);

        Assert.Equal(ConfirmOutcome.AlreadyApplied, outcome);
        Assert.Null(change);
        Assert.Equal(15, replica.Read(d => States.Int(d.GetValue("characters.0.hp"))));
    }

    [Fact]
    public void A_confirmation_beyond_the_copy_asks_for_a_catch_up()
    {
        var replica = States.Replica();

        // e.g. a resent id that the server had accepted long ago, or a copy that fell behind while reconnecting.
        var outcome = replica.Confirm(States.Sent(3, StateOps.Inc("characters.0.hp", 5)), 4, out var change);

        Assert.Equal(ConfirmOutcome.NeedsCatchUp, outcome);
        Assert.Null(change);
        Assert.Equal(1, replica.Version);
    }

    [Fact]
    public void A_broadcast_that_does_not_apply_means_the_copy_diverged()
    {
        var replica = States.Replica();

        Assert.Throws<ReplicaDivergedException>(() => replica.TryApply(States.Broadcast(2, StateOps.Inc("characters.0.name", 1))));
        Assert.Equal(1, replica.Version);
    }

    [Fact]
    public void The_copy_enforces_no_size_limits_of_its_own()
    {
        var replica = States.Replica();
        var operations = Enumerable.Range(0, 1500).Select(i => StateOps.Set($"pluginData.k{i}", i)).ToArray();

        Assert.NotNull(replica.TryApply(States.Broadcast(2, operations)));
    }

    [Fact]
    public void Content_is_compared_without_lastUpdated()
    {
        var replica = States.Replica();
        replica.TryApply(States.Broadcast(2, StateOps.Set("pluginData.x", 1)));
        var server = States.Document(States.Initial.Replace("\"pluginData\":{\"dnd5e\"", "\"pluginData\":{\"x\":1,\"dnd5e\"", StringComparison.Ordinal)
            .Replace("\"stateVersion\":\"1\",\"lastUpdated\":0", "\"stateVersion\":\"2\",\"lastUpdated\":99999", StringComparison.Ordinal));
        var other = States.Document(States.Initial.Replace("\"stateVersion\":\"1\"", "\"stateVersion\":\"2\"", StringComparison.Ordinal));

        Assert.True(replica.SameContentAs(server));
        Assert.False(replica.SameContentAs(other));
    }

    [Fact]
    public void Snapshots_carry_the_version_and_the_json()
    {
        var replica = States.Replica();

        var snapshot = replica.Snapshot();

        Assert.NotNull(snapshot);
        Assert.Equal(1, snapshot.Value.Version);
        Assert.Equal("1", JsonDocument.Parse(snapshot.Value.Json).RootElement.GetProperty("stateVersion").GetString());
        Assert.Null(new StateReplica().Snapshot());
    }
}
