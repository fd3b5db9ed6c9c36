using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Orleans.GameState.Testing;

/// <summary>
/// The PostgreSQL server the tests of this process use, one per process.
/// <para>
/// When the environment variable <see cref="EnvironmentVariable"/> holds an Npgsql connection string (to a
/// server where that user may CREATE DATABASE), that server is used, as is. Otherwise the first caller starts
/// a private throwaway cluster: initdb into a temporary directory (as the <c>postgres</c> OS user when running
/// as root), listening on 127.0.0.1 only on a free port, trusting loopback connections, fsync on; it is
/// stopped and deleted when the process exits. That needs the server binaries (initdb, pg_ctl) under
/// /usr/lib/postgresql/*/bin or on PATH; deploy/test.sh and .ci/run install them when missing.
/// </para>
/// </summary>
public sealed class PostgresServer
{
    public const string EnvironmentVariable = "GAMESTATE_TEST_POSTGRES";

    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static PostgresServer? instance;
    private static Exception? startFailure;

    private readonly PrivateCluster? cluster;

    private PostgresServer(string adminConnectionString, PrivateCluster? cluster)
    {
        AdminConnectionString = adminConnectionString;
        this.cluster = cluster;
    }

    /// <summary>A connection string (database <c>postgres</c>) of a user allowed to create and drop databases.</summary>
    public string AdminConnectionString { get; }

    /// <summary>True when this process started the server (and stops it at exit).</summary>
    public bool IsPrivate => cluster is not null;

    /// <summary>The private cluster's data directory, for looking at its log; null for an external server.</summary>
    public string? PrivateDirectory => cluster?.Directory;

    /// <summary>The process-wide server, started on first use.</summary>
    public static async Task<PostgresServer> GetAsync(CancellationToken cancellationToken = default)
    {
        if (instance is { } existing)
        {
            return existing;
        }

        await Gate.WaitAsync(cancellationToken);
        try
        {
            if (startFailure is not null)
            {
                throw new InvalidOperationException(
                    $"The private PostgreSQL for tests failed to start earlier in this process: {startFailure.Message}", startFailure);
            }

            if (instance is null)
            {
                var external = Environment.GetEnvironmentVariable(EnvironmentVariable);
                if (!string.IsNullOrWhiteSpace(external))
                {
                    var builder = new NpgsqlConnectionStringBuilder(external);
                    builder.Database ??= "postgres";
                    instance = new PostgresServer(builder.ConnectionString, cluster: null);
                }
                else
                {
                    try
                    {
                        var started = await PrivateCluster.StartAsync(cancellationToken);
                        instance = new PostgresServer(started.AdminConnectionString, started);
                    }
                    catch (Exception ex) when (ex is InvalidOperationException or IOException or UnauthorizedAccessException
                                                   or System.ComponentModel.Win32Exception)
                    {
                        startFailure = ex;
                        throw;
                    }
                }
            }

            return instance;
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>The admin connection string pointed at another database of this server.</summary>
    public string ConnectionStringFor(string database) =>
        new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = database }.ConnectionString;

    /// <summary>Runs one statement on the admin connection (CREATE/DROP/ALTER DATABASE and the like).</summary>
    public async Task ExecuteAdminAsync(string sql, CancellationToken cancellationToken = default)
    {
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private sealed class PrivateCluster
    {
        private readonly string binDirectory;
        private readonly bool asPostgresUser;
        private int stopped;

        private PrivateCluster(string binDirectory, string directory, bool asPostgresUser, int port)
        {
            this.binDirectory = binDirectory;
            this.asPostgresUser = asPostgresUser;
            Directory = directory;
            Port = port;
        }

        public string Directory { get; }

        public int Port { get; }

        public string AdminConnectionString => new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = Port,
            Username = "postgres",
            Database = "postgres",
            Timeout = 15,
        }.ConnectionString;

        private string DataDirectory => Path.Combine(Directory, "data");

        public static async Task<PrivateCluster> StartAsync(CancellationToken cancellationToken)
        {
            var bin = FindBinDirectory() ?? throw new InvalidOperationException(
                $"No PostgreSQL server binaries (initdb) under /usr/lib/postgresql/*/bin or on PATH. Either set " +
                $"{EnvironmentVariable} to a connection string of a server where tests may CREATE DATABASE, or " +
                "install the server (apt-get install postgresql), or run the tests with deploy/test.sh, which does.");
            var asPostgresUser = Environment.UserName == "root";
            var root = asPostgresUser ? "/tmp" : Path.GetTempPath();
            var directory = Path.Combine(root, $"gamestate-test-pg-{Environment.ProcessId}-{Guid.NewGuid():N}"[..48]);
            System.IO.Directory.CreateDirectory(directory);
            if (asPostgresUser)
            {
                await RunAsync("chown", ["postgres:postgres", directory], asUser: null, cancellationToken);
            }

            var cluster = new PrivateCluster(bin, directory, asPostgresUser, port: 0);
            try
            {
                return await cluster.InitAndStartAsync(cancellationToken);
            }
            catch
            {
                try
                {
                    System.IO.Directory.Delete(directory, recursive: true);
                }
                catch (IOException)
                {
                    // best effort
                }

                throw;
            }
        }

        private async Task<PrivateCluster> InitAndStartAsync(CancellationToken cancellationToken)
        {
            var directory = Directory;
            await RunServerToolAsync("initdb",
                ["-D", DataDirectory, "-U", "postgres", "--auth=trust", "--encoding=UTF8", "--locale=C", "--no-sync"],
                cancellationToken);

            // A port that was free a moment ago may be taken by the time the server binds: try a few.
            for (var attempt = 1; ; attempt++)
            {
                var port = FreePort();
                try
                {
                    await RunServerToolAsync("pg_ctl",
                    [
                        "-D", DataDirectory, "-l", Path.Combine(directory, "server.log"), "-w", "-t", "60",
                        "-o", $"-p {port} -k {directory} -c listen_addresses=127.0.0.1 -c max_connections=300 " +
                              "-c fsync=on -c synchronous_commit=on -c timezone=UTC",
                        "start",
                    ], cancellationToken);
                }
                catch (InvalidOperationException) when (attempt < 3)
                {
                    continue;
                }

                var started = new PrivateCluster(binDirectory, directory, asPostgresUser, port);
                AppDomain.CurrentDomain.ProcessExit += (_, _) => started.Stop();
                started.StartWatchdog();
                return started;
            }
        }

        /// <summary>
        /// A detached shell that stops the cluster and deletes its directory once this process is gone: the
        /// backstop for when the process dies without running its exit handlers (killed, or cut short).
        /// </summary>
        private void StartWatchdog()
        {
            string Q(string value) => "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
            var pgCtl = Q(Path.Combine(binDirectory, "pg_ctl"));
            var stop = asPostgresUser
                ? $"runuser -u postgres -- {pgCtl} -D {Q(DataDirectory)} -m immediate -w -t 20 stop"
                : $"{pgCtl} -D {Q(DataDirectory)} -m immediate -w -t 20 stop";
            var script =
                "exec </dev/null >/dev/null 2>&1; " +
                $"while kill -0 {Environment.ProcessId} 2>/dev/null; do sleep 1; done; " +
                $"if [ -d {Q(DataDirectory)} ]; then {stop}; fi; rm -rf {Q(Directory)}";
            var start = new ProcessStartInfo("setsid")
            {
                UseShellExecute = false,
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            foreach (var argument in new[] { "-f", "sh", "-c", script })
            {
                start.ArgumentList.Add(argument);
            }

            try
            {
                using var process = Process.Start(start);
                process?.StandardInput.Close();
                process?.WaitForExit(5000);
            }
            catch (System.ComponentModel.Win32Exception)
            {
                // No setsid: the exit handler alone cleans up.
            }
        }

        private void Stop()
        {
            if (Interlocked.Exchange(ref stopped, 1) != 0)
            {
                return;
            }

            try
            {
                RunServerToolAsync("pg_ctl", ["-D", DataDirectory, "-m", "immediate", "-w", "-t", "20", "stop"], CancellationToken.None)
                    .GetAwaiter().GetResult();
                System.IO.Directory.Delete(Directory, recursive: true);
            }
            catch (Exception ex) when (ex is InvalidOperationException or IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"Orleans.GameState.Testing: could not stop/remove the private PostgreSQL in {Directory}: {ex.Message}");
            }
        }

        private Task RunServerToolAsync(string tool, IReadOnlyList<string> arguments, CancellationToken cancellationToken) =>
            RunAsync(Path.Combine(binDirectory, tool), arguments, asPostgresUser ? "postgres" : null, cancellationToken);

        private static async Task RunAsync(string fileName, IReadOnlyList<string> arguments, string? asUser, CancellationToken cancellationToken)
        {
            var start = new ProcessStartInfo
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                RedirectStandardInput = true,
                UseShellExecute = false,
            };
            if (asUser is null)
            {
                start.FileName = fileName;
            }
            else
            {
                start.FileName = "runuser";
                start.ArgumentList.Add("-u");
                start.ArgumentList.Add(asUser);
                start.ArgumentList.Add("--");
                start.ArgumentList.Add(fileName);
            }

            foreach (var argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }

            using var process = Process.Start(start)
                ?? throw new InvalidOperationException($"Could not start {fileName}.");
            process.StandardInput.Close();
            var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken);
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException(
                    $"{Path.GetFileName(fileName)} {string.Join(' ', arguments)} exited with {process.ExitCode}:\n" +
                    $"{await stdout}\n{await stderr}");
            }
        }

        private static string? FindBinDirectory()
        {
            var configured = Environment.GetEnvironmentVariable("GAMESTATE_PG_BINDIR");
            if (!string.IsNullOrEmpty(configured) && File.Exists(Path.Combine(configured, "initdb")))
            {
                return configured;
            }

            const string debianRoot = "/usr/lib/postgresql";
            if (System.IO.Directory.Exists(debianRoot))
            {
                var best = System.IO.Directory.GetDirectories(debianRoot)
                    .Select(d => (Dir: Path.Combine(d, "bin"), Major: int.TryParse(Path.GetFileName(d), out var major) ? major : -1))
                    .Where(d => File.Exists(Path.Combine(d.Dir, "initdb")))
                    .OrderByDescending(d => d.Major)
                    .FirstOrDefault();
                if (best.Dir is not null)
                {
                    return best.Dir;
                }
            }

            foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
            {
                if (File.Exists(Path.Combine(dir, "initdb")) && File.Exists(Path.Combine(dir, "pg_ctl")))
                {
                    return dir;
                }
            }

            return null;
        }

        private static int FreePort()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
    }
}
