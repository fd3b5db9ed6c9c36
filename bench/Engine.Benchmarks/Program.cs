using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Orleans.GameState.Engine.Benchmarks;

public static class Program
{
    /// <summary>
    /// A short job run in-process (one process, 5 warm-ups, 15 measured iterations, median reported: the machine
    /// is a shared 2-core box, so a few noisy iterations must not decide), with allocation figures. About four
    /// minutes for everything. Any BenchmarkDotNet argument works, e.g. <c>--filter *Set*</c>.
    /// </summary>
    public static void Main(string[] args)
    {
        var config = DefaultConfig.Instance
            .AddJob(Job.ShortRun
                .WithWarmupCount(5)
                .WithIterationCount(15)
                .WithToolchain(InProcessEmitToolchain.Instance)
                .WithId("Short-InProcess"))
            .AddColumn(StatisticColumn.Median)
            .AddDiagnoser(MemoryDiagnoser.Default)
            .WithOptions(ConfigOptions.JoinSummary);
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
    }
}
