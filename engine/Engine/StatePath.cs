namespace Orleans.GameState.Engine;

/// <summary>Paths of docs/api.md section 6: segments separated by '.', none empty.</summary>
internal static class StatePath
{
    /// <summary>
    /// Whether a segment is an array index: digits, "0" or without a leading zero. Indices too large for an
    /// <see cref="int"/> come back as <see cref="int.MaxValue"/>, which no array reaches.
    /// </summary>
    public static bool TryParseIndex(string segment, out int index)
    {
        index = 0;
        if (segment.Length == 0 || (segment.Length > 1 && segment[0] == '0'))
        {
            return false;
        }

        long value = 0;
        foreach (var c in segment)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }

            value = Math.Min(value * 10 + (c - '0'), int.MaxValue);
        }

        index = (int)value;
        return true;
    }

    public static string Prefix(string[] segments, int count) => string.Join('.', segments, 0, count);
}
