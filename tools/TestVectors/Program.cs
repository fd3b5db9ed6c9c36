using Orleans.GameState.TestVectors;

// write <file>: (re)generates the vectors; check <file>: exit 1 when the file differs from what the engine gives now.
if (args.Length != 2 || args[0] is not ("write" or "check"))
{
    Console.Error.WriteLine("usage: Orleans.GameState.TestVectors write|check <engine/test-vectors/operations.json>");
    return 2;
}

var text = VectorFile.Generate();
var path = args[1];
if (args[0] == "write")
{
    Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
    await File.WriteAllTextAsync(path, text);
    Console.WriteLine($"wrote {path} ({text.Length} characters)");
    return 0;
}

var current = File.Exists(path) ? await File.ReadAllTextAsync(path) : "";
if (current == text)
{
    Console.WriteLine($"{path} is up to date");
    return 0;
}

Console.Error.WriteLine($"{path} is stale: run `dotnet run --project tools/TestVectors -- write {path}`");
return 1;
