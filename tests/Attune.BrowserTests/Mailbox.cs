using System.Text;
using System.Text.RegularExpressions;

namespace Attune.BrowserTests;

/// <summary>Reads the .eml files the server drops in its pickup folder, as a member of staff reads their inbox.</summary>
public static partial class Mailbox
{
    public static async Task<string> WaitForLinkAsync(string folder, string to, string linkContains, int timeoutSeconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (DateTime.UtcNow < deadline)
        {
            if (Directory.Exists(folder))
            {
                foreach (var file in Directory.GetFiles(folder, "*.eml"))
                {
                    var body = Decode(await File.ReadAllTextAsync(file));
                    if (body.Contains(to, StringComparison.OrdinalIgnoreCase)
                        && Link().Matches(body).Select(m => m.Value).FirstOrDefault(l => l.Contains(linkContains, StringComparison.Ordinal)) is { } link)
                    {
                        return link;
                    }
                }
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"No email to {to} with a {linkContains} link arrived in {timeoutSeconds} seconds.");
    }

    /// <summary>Headers as they are, and the body decoded from base64 or quoted-printable.</summary>
    private static string Decode(string raw)
    {
        var split = raw.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        if (split < 0)
        {
            return raw;
        }

        var headers = raw[..split];
        var body = raw[(split + 4)..];
        if (headers.Contains("Content-Transfer-Encoding: base64", StringComparison.OrdinalIgnoreCase))
        {
            body = Encoding.UTF8.GetString(Convert.FromBase64String(string.Concat(body.Split("\r\n", StringSplitOptions.RemoveEmptyEntries))));
        }
        else if (headers.Contains("Content-Transfer-Encoding: quoted-printable", StringComparison.OrdinalIgnoreCase))
        {
            body = QuotedPrintable().Replace(body.Replace("=\r\n", "", StringComparison.Ordinal), m => ((char)Convert.ToByte(m.Groups[1].Value, 16)).ToString());
        }

        return headers + "\r\n\r\n" + body;
    }

    [GeneratedRegex(@"https?://\S+")]
    private static partial Regex Link();

    [GeneratedRegex("=([0-9A-F]{2})")]
    private static partial Regex QuotedPrintable();
}
