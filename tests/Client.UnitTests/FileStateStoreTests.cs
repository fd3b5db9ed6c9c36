using System.Text;
using Orleans.GameState.Client.Persistence;

namespace Orleans.GameState.Client.UnitTests;

public sealed class FileStateStoreTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"gamestate-store-{Guid.NewGuid():N}");

    [Fact]
    public async Task A_saved_state_loads_back_and_replaces_the_previous_one()
    {
        var store = new FileStateStore(_directory);

        await store.SaveAsync("s-1", 1, Encoding.UTF8.GetBytes("""{"v":1}"""));
        await store.SaveAsync("s-1", 2, Encoding.UTF8.GetBytes("""{"v":2}"""));

        Assert.Equal("""{"v":2}""", Encoding.UTF8.GetString((await store.LoadAsync("s-1"))!));
        Assert.Single(Directory.GetFiles(_directory));
    }

    [Fact]
    public async Task Missing_sessions_load_as_null_and_delete_forgets()
    {
        var store = new FileStateStore(_directory);

        Assert.Null(await store.LoadAsync("nothing-here"));
        await store.SaveAsync("s-2", 1, Encoding.UTF8.GetBytes("{}"));
        await store.DeleteAsync("s-2");
        await store.DeleteAsync("s-2");

        Assert.Null(await store.LoadAsync("s-2"));
    }

    [Fact]
    public async Task Session_ids_that_are_not_file_names_are_encoded()
    {
        var store = new FileStateStore(_directory);
        const string awkward = "../../etc/passwd é";

        await store.SaveAsync(awkward, 1, Encoding.UTF8.GetBytes("{}"));

        Assert.StartsWith(_directory, store.PathOf(awkward), StringComparison.Ordinal);
        Assert.DoesNotContain("..", Path.GetFileName(store.PathOf(awkward)), StringComparison.Ordinal);
        Assert.NotNull(await store.LoadAsync(awkward));
        Assert.Null(await store.LoadAsync("etc"));
    }

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
