using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Attune.BrowserTests;

/// <summary>
/// The real Attune executable, started as a child process on a free loopback port over its own SQLite data
/// folder, exactly as `dotnet run --project src/Attune` would serve it.
/// </summary>
public sealed class AttuneServer : IAsyncDisposable
{
    private Process? _process;

    public AttuneServer()
    {
        DataDirectory = Path.Combine(Path.GetTempPath(), "attune-browser", Guid.NewGuid().ToString("N"));
        Port = FreePort();
    }

    public string DataDirectory { get; }

    /// <summary>Where the server writes the emails it sends, one .eml file each.</summary>
    public string MailDirectory => Path.Combine(DataDirectory, "mail");
    public int Port { get; }
    public string BaseUrl => $"http://127.0.0.1:{Port}";
    public string Output { get; private set; } = "";

    public static string RepositoryRoot
    {
        get
        {
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Attune.slnx")))
            {
                directory = directory.Parent;
            }

            return directory?.FullName ?? throw new InvalidOperationException("Attune.slnx not found above the test folder.");
        }
    }

    public static string ProjectFolder => Path.Combine(RepositoryRoot, "src", "Attune");

    /// <summary>The app as the solution build left it, in the same configuration as these tests.</summary>
    public static string Executable
    {
        get
        {
            var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
            return Path.Combine(ProjectFolder, "bin", configuration, "net10.0", "Attune.dll");
        }
    }

    public async Task StartAsync()
    {
        _process = Process.Start(StartInfo(["--urls", BaseUrl]))!;
        var output = new System.Text.StringBuilder();
        _process.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        _process.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        using var http = new HttpClient();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                break;
            }

            try
            {
                if ((await http.GetAsync($"{BaseUrl}/health/ready")).StatusCode == HttpStatusCode.OK)
                {
                    lock (output) { Output = output.ToString(); }
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }

            await Task.Delay(250);
        }

        lock (output) { Output = output.ToString(); }
        throw new InvalidOperationException("Attune did not become ready:\n" + Output);
    }

    /// <summary>Runs the same executable as a command, e.g. `audit verify`, against this server's data.</summary>
    public async Task<(int ExitCode, string Output)> RunCommandAsync(params string[] args)
    {
        using var process = Process.Start(StartInfo(args))!;
        var stdout = await process.StandardOutput.ReadToEndAsync();
        var stderr = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, stdout + stderr);
    }

    public async Task StopAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _process?.Dispose();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private ProcessStartInfo StartInfo(string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = ProjectFolder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Executable);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["Attune__DataDirectory"] = DataDirectory;
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment["Attune__Email__PickupDirectory"] = MailDirectory;
        info.Environment["Attune__Email__PublicUrl"] = BaseUrl;
        info.Environment["Attune__Email__PollSeconds"] = "1";
        info.Environment.Remove("ASPNETCORE_URLS");
        return info;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
