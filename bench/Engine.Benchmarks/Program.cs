using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Orleans.GameState.Engine.Benchmarks;

public static class Program
{
    /// <summary>
    /// A short job (3 warm-ups, 3 measured iterations, one process) run in-process, with allocation figures: enough
    /// to compare document sizes on a shared 2-core machine in a few minutes. Any BenchmarkDotNet argument works,
    /// e.g. <c>--filter *Set*</c>.
    /// </summary>
    public static void Main(string[] args)
    {
        var config = DefaultConfig.Instance
            .AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance).WithId("ShortRun-InProcess"))
            .AddDiagnoser(MemoryDiagnoser.Default)
            .WithOptions(ConfigOptions.JoinSummary);
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
    }
}
