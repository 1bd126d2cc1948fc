using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Attune.Tests.Support;

/// <summary>
/// A small SMTP server on a loopback port that keeps what it receives, so tests exercise Attune's real
/// SMTP client. It can refuse mail for a while, as a mail server that is down or over quota does.
/// </summary>
public sealed class FakeSmtpServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<ReceivedEmail> _received = [];
    private readonly Task _loop;

    public FakeSmtpServer()
    {
        _listener.Start();
        _loop = Task.Run(AcceptAsync);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Answer "451 try again later" to this many messages before accepting again.</summary>
    public int RefuseNext { get; set; }

    public IReadOnlyList<ReceivedEmail> Received
    {
        get
        {
            lock (_received)
            {
                return _received.ToList();
            }
        }
    }

    /// <summary>The settings that point Attune's email at this server.</summary>
    public Dictionary<string, string> Settings(int maxAttempts = 10) => new()
    {
        ["Attune:Email:PublicUrl"] = "https://attune.kingsmead.example",
        ["Attune:Email:From"] = "attune@kingsmead.example",
        ["Attune:Email:SmtpHost"] = "127.0.0.1",
        ["Attune:Email:SmtpPort"] = Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Attune:Email:SmtpStartTls"] = "false",
        ["Attune:Email:MaxAttempts"] = maxAttempts.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            _ = Task.Run(() => ConverseAsync(client));
        }
    }

    private async Task ConverseAsync(TcpClient client)
    {
        using var _ = client;
        var stream = client.GetStream();
        using var reader = new StreamReader(stream, Encoding.UTF8);
        await using var writer = new StreamWriter(stream, new UTF8Encoding(false)) { NewLine = "\r\n", AutoFlush = true };
        await writer.WriteLineAsync("220 fake.smtp ESMTP ready");
        var recipients = new List<string>();
        string? from = null;
        while (await reader.ReadLineAsync() is { } line)
        {
            var command = line.Length >= 4 ? line[..4].ToUpperInvariant() : line.ToUpperInvariant();
            switch (command)
            {
                case "EHLO":
                    await writer.WriteLineAsync("250-fake.smtp");
                    await writer.WriteLineAsync("250 8BITMIME");
                    break;
                case "HELO":
                    await writer.WriteLineAsync("250 fake.smtp");
                    break;
                case "MAIL":
                    if (RefuseNext > 0)
                    {
                        RefuseNext--;
                        await writer.WriteLineAsync("451 4.3.0 Mail server busy, try again later");
                        break;
                    }

                    from = line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim(' ', '<', '>');
                    recipients.Clear();
                    await writer.WriteLineAsync("250 OK");
                    break;
                case "RCPT":
                    recipients.Add(line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim(' ', '<', '>'));
                    await writer.WriteLineAsync("250 OK");
                    break;
                case "DATA":
                    await writer.WriteLineAsync("354 End data with <CR><LF>.<CR><LF>");
                    var data = new StringBuilder();
                    while (await reader.ReadLineAsync() is { } dataLine && dataLine != ".")
                    {
                        data.Append(dataLine.StartsWith("..", StringComparison.Ordinal) ? dataLine[1..] : dataLine).Append("\r\n");
                    }

                    lock (_received)
                    {
                        _received.Add(ReceivedEmail.Parse(from ?? "", recipients.ToList(), data.ToString()));
                    }

                    await writer.WriteLineAsync("250 OK queued");
                    break;
                case "QUIT":
                    await writer.WriteLineAsync("221 Bye");
                    return;
                default:
                    await writer.WriteLineAsync("250 OK");
                    break;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }
}

/// <summary>An email as the server received it, with its body decoded.</summary>
public sealed record ReceivedEmail(string From, IReadOnlyList<string> To, string Subject, string Body, string Raw)
{
    public static ReceivedEmail Parse(string from, IReadOnlyList<string> to, string raw)
    {
        var split = raw.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var headerText = split < 0 ? raw : raw[..split];
        var body = split < 0 ? "" : raw[(split + 4)..];
        var headers = Unfold(headerText);
        var encoding = headers.GetValueOrDefault("content-transfer-encoding", "7bit").Trim().ToLowerInvariant();
        var decoded = encoding switch
        {
            "base64" => Encoding.UTF8.GetString(Convert.FromBase64String(string.Concat(body.Split("\r\n")))),
            "quoted-printable" => DecodeQuotedPrintable(body),
            _ => body,
        };
        return new ReceivedEmail(from, to, DecodeWord(headers.GetValueOrDefault("subject", "")), decoded, raw);
    }

    private static Dictionary<string, string> Unfold(string headerText)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        string? last = null;
        foreach (var line in headerText.Split("\r\n"))
        {
            if (line.Length > 0 && char.IsWhiteSpace(line[0]) && last is not null)
            {
                headers[last] += line.TrimStart();
            }
            else if (line.IndexOf(':', StringComparison.Ordinal) is var colon and > 0)
            {
                last = line[..colon].ToLowerInvariant();
                headers[last] = line[(colon + 1)..].Trim();
            }
        }

        return headers;
    }

    private static string DecodeWord(string value)
    {
        // =?utf-8?B?...?= or =?utf-8?Q?...?=, possibly several in a row.
        var words = System.Text.RegularExpressions.Regex.Matches(value, @"=\?([^?]+)\?([BbQq])\?([^?]*)\?=");
        if (words.Count == 0)
        {
            return value;
        }

        var result = new StringBuilder();
        foreach (System.Text.RegularExpressions.Match word in words)
        {
            var text = word.Groups[3].Value;
            result.Append(word.Groups[2].Value is "B" or "b"
                ? Encoding.UTF8.GetString(Convert.FromBase64String(text))
                : DecodeQuotedPrintable(text.Replace('_', ' ')));
        }

        return result.ToString();
    }

    private static string DecodeQuotedPrintable(string text)
    {
        var bytes = new List<byte>();
        var input = text.Replace("=\r\n", "", StringComparison.Ordinal);
        for (var i = 0; i < input.Length; i++)
        {
            if (input[i] == '=' && i + 2 < input.Length && Uri.IsHexDigit(input[i + 1]) && Uri.IsHexDigit(input[i + 2]))
            {
                bytes.Add(Convert.ToByte(input.Substring(i + 1, 2), 16));
                i += 2;
            }
            else
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(input[i].ToString()));
            }
        }

        return Encoding.UTF8.GetString(bytes.ToArray());
    }
}
