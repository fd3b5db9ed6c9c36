using System.Diagnostics.CodeAnalysis;

namespace Orleans.GameState.Gateway.Rest;

/// <summary>A request body read by <see cref="RequestBodyReader"/>: the value, or the error response to answer instead.</summary>
public sealed record RequestBodyResult<T>(T? Value, IResult? Error)
{
    [MemberNotNullWhen(true, nameof(Error))]
    [MemberNotNullWhen(false, nameof(Value))]
    public bool Failed => Error is not null;
}
