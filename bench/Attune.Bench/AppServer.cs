using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Attune.Features.Demo;
using Attune.Platform.Identity;

namespace Attune.Bench;

/// <summary>
/// The published Attune as a child process on a fixed loopback port, as an operator would run it: started,
/// signed in to like a browser, killed without warning and started again over the same data.
/// </summary>
public sealed partial class AppServer(string appFolder, IReadOnlyDictionary<string, string?> settings) : IAsyncDisposable
{
    private Process? _process;

    public int Port { get; } = FreePort();
    public string BaseUrl => $"http://127.0.0.1:{Port}";
    public Process Process => _process ?? throw new InvalidOperationException("The server has not been started.");

    /// <summary>Starts the server and waits for /health/ready; returns the time from launch to the first ready answer.</summary>
    public async Task<TimeSpan> StartAsync()
    {
        var info = StartInfo(["--urls", BaseUrl]);
        var watch = Stopwatch.StartNew();
        _process = Process.Start(info)!;
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { Console.Error.WriteLine("  [server] " + e.Data); } };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        while (watch.Elapsed < TimeSpan.FromSeconds(60) && !_process.HasExited)
        {
            try
            {
                if ((await http.GetAsync($"{BaseUrl}/health/ready")).StatusCode == HttpStatusCode.OK)
                {
                    return watch.Elapsed;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(20);
        }

        throw new InvalidOperationException(_process.HasExited
            ? $"The server exited with code {_process.ExitCode} before it was ready."
            : "The server did not become ready within 60 seconds.");
    }

    /// <summary>SIGKILL: no shutdown hooks, no flushing, exactly like a power cut to the process.</summary>
    public async Task KillAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    /// <summary>Runs the same executable as a command over the same data, e.g. `audit verify`.</summary>
    public async Task<(int ExitCode, string Output)> RunCommandAsync(params string[] args)
    {
        using var process = Process.Start(StartInfo(args))!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, (await stdout + await stderr).Trim());
    }

    /// <summary>The server's peak resident memory (VmHWM), in MB.</summary>
    public double PeakMemoryMb()
    {
        var status = File.ReadAllLines($"/proc/{Process.Id}/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return status is null ? 0 : double.Parse(status.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
    }

    /// <summary>Signs in with the demo password and the current authenticator code, as a person would.</summary>
    public async Task<SignedIn> SignInAsync(string email)
    {
        var cookies = new CookieContainer();
        using var handler = new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false };
        using var http = new HttpClient(handler) { BaseAddress = new Uri(BaseUrl) };
        var afterPassword = await PostFormAsync(http, "/sign-in", "/sign-in", new() { ["Email"] = email, ["Password"] = DemoSeeder.Password });
        if (afterPassword.Headers.Location?.OriginalString.StartsWith("/sign-in/two-factor", StringComparison.Ordinal) != true)
        {
            throw new InvalidOperationException($"Signing in as {email} did not ask for a code ({(int)afterPassword.StatusCode}).");
        }

        var code = Totp.Code(Base32.Decode(DemoSeeder.TotpSecret), Totp.TimeStepAt(DateTimeOffset.UtcNow));
        var afterCode = await PostFormAsync(http, "/sign-in/two-factor", "/sign-in/two-factor", new() { ["Code"] = code });
        if (afterCode.StatusCode != HttpStatusCode.Redirect || afterCode.Headers.Location?.OriginalString.StartsWith("/sign-in", StringComparison.Ordinal) == true)
        {
            throw new InvalidOperationException($"The authenticator code for {email} was refused.");
        }

        var search = await (await http.GetAsync("/pupils")).Content.ReadAsStringAsync();
        var token = AntiforgeryToken().Match(search).Groups[1].Value;
        return new SignedIn(email, cookies.GetCookieHeader(new Uri(BaseUrl)), WebUtility.HtmlDecode(token));
    }

    /// <summary>Signs in and makes a personal access token on the account page, as a person setting up an integration would.</summary>
    public async Task<string> CreateApiTokenAsync(string email)
    {
        var session = await SignInAsync(email);
        using var http = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = new Uri(BaseUrl) };
        http.DefaultRequestHeaders.Add("Cookie", session.Cookies);
        var created = await PostFormAsync(http, "/account/tokens", "/account/tokens?handler=Create", new() { ["Name"] = "Durability test", ["Days"] = "7" });
        var secret = TokenSecret().Match(await created.Content.ReadAsStringAsync());
        return secret.Success ? secret.Value : throw new InvalidOperationException($"No token was shown to {email} ({(int)created.StatusCode}).");
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process?.Dispose();
    }

    private static async Task<HttpResponseMessage> PostFormAsync(HttpClient http, string formPage, string action, Dictionary<string, string> fields)
    {
        var html = await (await http.GetAsync(formPage)).Content.ReadAsStringAsync();
        fields["__RequestVerificationToken"] = WebUtility.HtmlDecode(AntiforgeryToken().Match(html).Groups[1].Value);
        return await http.PostAsync(action, new FormUrlEncodedContent(fields));
    }

    private ProcessStartInfo StartInfo(IEnumerable<string> args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = appFolder,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.ArgumentList.Add(Path.Combine(appFolder, "Attune.dll"));
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in settings)
        {
            info.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        info.Environment["Attune__RateLimits__SignInAttemptsPerMinute"] = "100000";
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        info.Environment.Remove("ASPNETCORE_URLS");
        return info;
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();

    [GeneratedRegex("attune_[A-Za-z0-9_-]{43}")]
    private static partial Regex TokenSecret();
}

public sealed record SignedIn(string Email, string Cookies, string AntiforgeryToken);
