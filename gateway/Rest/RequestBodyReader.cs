using System.Buffers;
using System.IO.Pipelines;
using System.Text.Json;
using System.Text.Unicode;
using Orleans.GameState.Engine;
using Orleans.GameState.Gateway.Json;

namespace Orleans.GameState.Gateway.Rest;

/// <summary>
/// Reads a request's JSON body itself rather than through model binding, so that every way a body can be wrong
/// (empty, not JSON, JSON of the wrong shape or type) is answered with the contract's <c>{error: {code, message}}</c>
/// and a message naming the field; model binding answers those with an empty 400 or 415.
/// </summary>
/// <remarks>
/// The body is JSON whatever the <c>Content-Type</c> says (none, <c>text/plain</c>, …): the API speaks nothing else,
/// and refusing a well-formed body over a header would only trip up curl users and simple clients.
/// </remarks>
public static class RequestBodyReader
{
    /// <summary>Any JSON value; the caller checks its shape.</summary>
    public static async Task<RequestBodyResult<JsonElement>> ReadJsonAsync(HttpRequest request)
    {
        var reader = request.BodyReader;
        var read = await ReadToEndAsync(reader, request.HttpContext.RequestAborted);
        try
        {
            if (IsBlank(read.Buffer))
            {
                return new(default, ApiErrors.Validation("body: required (a JSON object)."));
            }

            if (!IsUtf8(read.Buffer))
            {
                return new(default, ApiErrors.Validation("body: not valid UTF-8 (a JSON body is UTF-8 text)."));
            }

            using var document = JsonDocument.Parse(read.Buffer);
            return TextRules.HasValidStrings(document.RootElement)
                ? new(document.RootElement.Clone(), null)
                : new(default, ApiErrors.Validation("body: a string in it is not valid Unicode (an escaped lone surrogate such as \\ud800)."));
        }
        catch (JsonException e)
        {
            return new(default, ApiErrors.Validation($"body: not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1})."));
        }
        finally
        {
            reader.AdvanceTo(read.Buffer.End);
        }
    }

    /// <summary>A JSON object read as <typeparamref name="T"/> with the contract's options; a wrongly typed field is named.</summary>
    public static async Task<RequestBodyResult<T>> ReadAsync<T>(HttpRequest request)
        where T : class
    {
        var json = await ReadJsonAsync(request);
        if (json.Failed)
        {
            return new(null, json.Error);
        }

        var ids = request.HttpContext.RequestServices.GetRequiredService<IdRule>();
        return ClientJsonReader.TryRead<T>(json.Value, "body", ids, out var value, out var error)
            ? new(value, null)
            : new(null, ApiErrors.Of(error));
    }

    /// <summary>Buffers the whole body (Kestrel's <c>MaxRequestBodySize</c> bounds it) without copying it.</summary>
    private static async Task<ReadResult> ReadToEndAsync(PipeReader reader, CancellationToken cancellationToken)
    {
        while (true)
        {
            var read = await reader.ReadAsync(cancellationToken);
            if (read.IsCompleted || read.IsCanceled)
            {
                return read;
            }

            reader.AdvanceTo(read.Buffer.Start, read.Buffer.End);
        }
    }

    /// <remarks>
    /// The JSON parser leaves the bytes inside strings unchecked until they are decoded, which then throws deep inside
    /// an endpoint or a grain. A body in several buffers is copied once so that a character split across two is judged whole.
    /// </remarks>
    private static bool IsUtf8(ReadOnlySequence<byte> body) =>
        body.IsSingleSegment ? Utf8.IsValid(body.FirstSpan) : Utf8.IsValid(body.ToArray());

    private static bool IsBlank(ReadOnlySequence<byte> body)
    {
        foreach (var segment in body)
        {
            foreach (var b in segment.Span)
            {
                if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'))
                {
                    return false;
                }
            }
        }

        return true;
    }
}
