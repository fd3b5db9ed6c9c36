using CsCheck;
using Orleans.GameState.Contract;
using Orleans.GameState.Testing;

namespace Orleans.GameState.Gateway.HardeningTests.Fuzz;

/// <summary>
/// Property-based hostile input on the hub: generated arguments for every method (as JSON text, so anything at all),
/// then raw frames of any type and shape. CsCheck prints the seed of a failing input (replay it with FUZZ_SEED).
/// </summary>
[Collection(HardeningCollection.Name)]
public sealed class HubFuzzTests(HardeningFixture fixture)
{
    [Fact]
    public Task Hub_arguments_get_only_contract_answers_and_rejected_ones_change_nothing() => HubArgumentsAsync(FuzzBudget.HubArguments);

    [Fact]
    [Trait("Category", "Slow")]
    public Task Hub_arguments_slow() => HubArgumentsAsync(FuzzBudget.SlowHubArguments);

    [Fact]
    public Task Raw_hub_frames_are_answered_or_close_the_connection_never_wedge_it() => RawFramesAsync(FuzzBudget.RawFrames);

    [Fact]
    [Trait("Category", "Slow")]
    public Task Raw_hub_frames_slow() => RawFramesAsync(FuzzBudget.SlowRawFrames);

    private async Task HubArgumentsAsync(int count)
    {
        var session = await SessionScenario.CreateAsync(fixture.Cluster.Client);
        var token = await fixture.Gateway.TokenAsync(SessionScenario.Gm);
        var hub = await HubSocket.ConnectAsync(fixture.Gateway, token);
        var newVersions = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            await HostileInputs.Invocation(session.SessionId).SampleAsync(
                async invocation =>
                {
                    var input = $"{invocation.Target}{invocation.Arguments}";
                    var completion = await hub.InvokeAsync(invocation.Target, invocation.Arguments);
                    FuzzInvariants.HubCompletion(completion, input);
                    if (invocation.Target == HubProtocol.Methods.Update && completion.TryGetProperty("result", out var result)
                        && result.GetProperty("success").GetBoolean())
                    {
                        newVersions.Add(result.GetProperty("newVersion").GetString()!);
                    }
                },
                seed: FuzzBudget.Seed, iter: count, threads: 1,
                print: invocation => $"{invocation.Target}{invocation.Arguments}");
        }
        finally
        {
            await hub.DisposeAsync();
        }

        // Only accepted updates moved the session: one version each, and nothing else changed it.
        Assert.Equal(1 + newVersions.Count, await session.VersionAsync());
        await FuzzInvariants.ServerUpAsync(fixture.Gateway);
        FuzzInvariants.Logs(fixture.Logs, [token]);
    }

    private async Task RawFramesAsync(int count)
    {
        var session = await SessionScenario.CreateAsync(fixture.Cluster.Client);
        var token = await fixture.Gateway.TokenAsync(SessionScenario.Gm);
        HubSocket? hub = null;
        try
        {
            await HostileInputs.Frame.SampleAsync(
                async frame =>
                {
                    if (hub is not { IsOpen: true })
                    {
                        if (hub is not null)
                        {
                            await hub.DisposeAsync();
                        }

                        hub = await HubSocket.ConnectAsync(fixture.Gateway, token);
                    }

                    // The frame, then an ordinary call: it must be answered, or the connection closed (with a reason when
                    // it was the frame's fault); a connection that stays open and answers nothing is the wedge of issue 16.
                    string sentinel;
                    try
                    {
                        await hub.SendBytesAsync(frame);
                        sentinel = await hub.SendInvocationAsync(HubProtocol.Methods.RequestFull, $"[\"{session.SessionId}\"]");
                    }
                    catch (System.Net.WebSockets.WebSocketException)
                    {
                        // The server already closed the connection over the frame: an answer too.
                        await hub.DisposeAsync();
                        hub = null;
                        return;
                    }

                    var answer = await hub.ReadUntilAsync(
                        m => HubSocket.Type(m) == 7 || (HubSocket.Type(m) == 3 && m.GetProperty("invocationId").GetString() == sentinel),
                        TimeSpan.FromSeconds(15));
                    Assert.True(answer is not null || !hub.IsOpen, $"neither answered nor closed after {Convert.ToHexString(frame)}");
                    if (answer is null)
                    {
                        await hub.DisposeAsync();
                        hub = null;
                    }

                    if (answer is { } message && HubSocket.Type(message) == 3)
                    {
                        FuzzInvariants.HubCompletion(message, Convert.ToHexString(frame));
                    }
                },
                seed: FuzzBudget.Seed, iter: count, threads: 1,
                print: frame => $"{Convert.ToHexString(frame)} ({System.Text.Encoding.UTF8.GetString(frame)})");
        }
        finally
        {
            if (hub is not null)
            {
                await hub.DisposeAsync();
            }
        }

        Assert.Equal(1, await session.VersionAsync());
        await FuzzInvariants.ServerUpAsync(fixture.Gateway);
        FuzzInvariants.Logs(fixture.Logs, [token]);
    }
}
