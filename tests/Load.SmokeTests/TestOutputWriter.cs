using Xunit.Abstractions;

namespace Orleans.GameState.Load.SmokeTests;

/// <summary>The load tool's progress lines, into the test's output.</summary>
internal sealed class TestOutputWriter(ITestOutputHelper output) : StringWriter
{
    public override void WriteLine(string? value)
    {
        try
        {
            output.WriteLine(value ?? "");
        }
        catch (InvalidOperationException)
        {
            // the test has finished
        }
    }
}
