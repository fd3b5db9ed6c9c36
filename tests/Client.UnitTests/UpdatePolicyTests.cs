using Orleans.GameState.Client.Internal;
using Orleans.GameState.Contract;

namespace Orleans.GameState.Client.UnitTests;

public sealed class UpdatePolicyTests
{
    [Fact]
    public void Accepted_updates_are_confirmed() =>
        Assert.Equal(UpdateAction.Confirm, UpdatePolicy.Decide(StateUpdateResponse.Accepted("2"), 0, 5));

    [Fact]
    public void A_conflict_refreshes_and_fails_without_retrying() =>
        Assert.Equal(UpdateAction.RefreshThenFail, UpdatePolicy.Decide(Failed(ErrorCodes.VersionConflict), 0, 5));

    [Theory]
    [InlineData(ErrorCodes.TransactionFailed, 1, nameof(UpdateAction.RetryAfterBackoff))]
    [InlineData(ErrorCodes.TransactionFailed, 5, nameof(UpdateAction.RetryAfterBackoff))]
    [InlineData(ErrorCodes.TransactionFailed, 6, nameof(UpdateAction.Fail))]
    [InlineData(ErrorCodes.RateLimited, 3, nameof(UpdateAction.RetryAfterBackoff))]
    [InlineData(ErrorCodes.RateLimited, 6, nameof(UpdateAction.Fail))]
    public void Transient_failures_are_retried_a_bounded_number_of_times(string code, int failures, string expected) =>
        Assert.Equal(Enum.Parse<UpdateAction>(expected), UpdatePolicy.Decide(Failed(code), failures, 5));

    [Theory]
    [InlineData(ErrorCodes.ValidationError)]
    [InlineData(ErrorCodes.PermissionDenied)]
    [InlineData(ErrorCodes.SessionNotFound)]
    [InlineData("SOMETHING_NEW")]
    public void Other_errors_fail_at_once(string code) =>
        Assert.Equal(UpdateAction.Fail, UpdatePolicy.Decide(Failed(code), 0, 5));

    [Theory]
    [InlineData(ErrorCodes.PermissionDenied, true)]
    [InlineData(ErrorCodes.SessionNotFound, true)]
    [InlineData(ErrorCodes.TransactionFailed, false)]
    [InlineData(ErrorCodes.RateLimited, false)]
    public void Only_refusals_stop_rejoining(string code, bool permanent) =>
        Assert.Equal(permanent, UpdatePolicy.IsPermanentJoinError(new ErrorInfo(code, "x")));

    [Fact]
    public void EnsureSuccess_throws_the_error()
    {
        var error = Assert.Throws<GameStateException>(() => Failed(ErrorCodes.VersionConflict).EnsureSuccess());

        Assert.Equal(ErrorCodes.VersionConflict, error.Code);
        Assert.Equal("3", error.Error.CurrentVersion);
    }

    private static StateUpdateResponse Failed(string code) => StateUpdateResponse.Failed(new ErrorInfo(code, "because", code == ErrorCodes.VersionConflict ? "3" : null));
}
