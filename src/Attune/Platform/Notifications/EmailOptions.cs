namespace Attune.Platform.Notifications;

/// <summary>
/// Email settings (section <c>Attune:Email</c>). Email is on when there is somewhere to send it (an SMTP
/// host, or a pickup folder for trying Attune out) and a public address to put in links.
/// </summary>
public sealed class EmailOptions
{
    public const string Section = "Attune:Email";

    /// <summary>The address staff use to reach Attune, such as https://attune.kingsmead.sch.uk; links in emails start with it.</summary>
    public string? PublicUrl { get; set; }
    public string From { get; set; } = "attune@localhost";
    public string FromName { get; set; } = "Attune";
    public string? SmtpHost { get; set; }
    public int SmtpPort { get; set; } = 587;

    /// <summary>Upgrade the connection with STARTTLS (port 587). Implicit TLS on port 465 is not supported.</summary>
    public bool SmtpStartTls { get; set; } = true;
    public string? SmtpUserName { get; set; }
    public string? SmtpPassword { get; set; }

    /// <summary>Instead of SMTP, write each email as an .eml file into this folder: for demonstrations and testing.</summary>
    public string? PickupDirectory { get; set; }

    /// <summary>How often the background sender looks for emails to send.</summary>
    public int PollSeconds { get; set; } = 10;

    /// <summary>Tries before an email is given up (about 12 hours with the growing delays).</summary>
    public int MaxAttempts { get; set; } = 10;

    /// <summary>Off only in tests, which send the outbox themselves.</summary>
    public bool SendInBackground { get; set; } = true;

    public bool IsEnabled => !string.IsNullOrWhiteSpace(PublicUrl)
        && (!string.IsNullOrWhiteSpace(SmtpHost) || !string.IsNullOrWhiteSpace(PickupDirectory));

    /// <summary>An absolute link to a path inside Attune.</summary>
    public string LinkTo(string path) => PublicUrl!.TrimEnd('/') + path;

    /// <summary>Wait after a failed attempt: 1, 2, 4 ... minutes, never more than 4 hours.</summary>
    public static TimeSpan RetryDelay(int attempts) =>
        TimeSpan.FromMinutes(Math.Min(Math.Pow(2, Math.Max(0, attempts - 1)), 240));
}
