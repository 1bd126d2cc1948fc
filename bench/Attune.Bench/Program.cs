using Attune.Bench;

return await BenchCommand.RunAsync(args);
