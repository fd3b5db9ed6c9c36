using System.Text;

namespace Orleans.GameState.Client.Persistence;

/// <summary>
/// An <see cref="IStateStore"/> keeping one JSON file per session in a directory. Writes go to a temporary file
/// that then replaces the old one, so a crash mid-write leaves the previous copy intact.
/// </summary>
public sealed class FileStateStore : IStateStore
{
    public FileStateStore(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        Directory = Path.GetFullPath(directory);
    }

    /// <summary>The directory holding the files.</summary>
    public string Directory { get; }

    /// <summary>The file that holds a session's state: its id when that is a safe file name, hex-encoded otherwise.</summary>
    public string PathOf(string sessionId)
    {
        ArgumentException.ThrowIfNullOrEmpty(sessionId);
        var safe = sessionId.Length <= 100 && sessionId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
        var name = safe ? sessionId : "x-" + Convert.ToHexString(Encoding.UTF8.GetBytes(sessionId)).ToLowerInvariant();
        if (name.Length > 200)
        {
            name = "h-" + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(sessionId))).ToLowerInvariant();
        }

        return Path.Combine(Directory, name + ".json");
    }

    public async Task<byte[]?> LoadAsync(string sessionId, CancellationToken cancellationToken = default)
    {
        var path = PathOf(sessionId);
        try
        {
            return await File.ReadAllBytesAsync(path, cancellationToken);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    public async Task SaveAsync(string sessionId, long version, ReadOnlyMemory<byte> stateJson, CancellationToken cancellationToken = default)
    {
        var path = PathOf(sessionId);
        System.IO.Directory.CreateDirectory(Directory);
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        try
        {
            await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 16 * 1024, useAsync: true))
            {
                await file.WriteAsync(stateJson, cancellationToken);
                await file.FlushAsync(cancellationToken);
            }

            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }
    }

    public Task DeleteAsync(string sessionId, CancellationToken cancellationToken = default)
    {
        File.Delete(PathOf(sessionId));
        return Task.CompletedTask;
    }
}
