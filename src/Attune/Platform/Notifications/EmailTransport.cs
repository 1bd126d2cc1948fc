using System.Net;
using System.Net.Mail;
using System.Text;
using Microsoft.Extensions.Options;

namespace Attune.Platform.Notifications;

/// <summary>Hands one email to the mail server.</summary>
public interface IEmailTransport
{
    Task SendAsync(OutboxEmail email, CancellationToken cancellationToken);
}

/// <summary>
/// SMTP with STARTTLS through the platform's <see cref="SmtpClient"/>, or .eml files in a pickup folder.
/// Plain text only: nothing in an Attune email needs markup, and plain text cannot hide a link.
/// </summary>
public sealed class SmtpEmailTransport(IOptions<EmailOptions> options) : IEmailTransport
{
    private readonly EmailOptions _options = options.Value;

    public async Task SendAsync(OutboxEmail email, CancellationToken cancellationToken)
    {
        using var message = new MailMessage
        {
            From = new MailAddress(_options.From, _options.FromName),
            Subject = email.Subject,
            Body = email.Body ?? "",
            IsBodyHtml = false,
            BodyEncoding = Encoding.UTF8,
            SubjectEncoding = Encoding.UTF8,
        };
        message.To.Add(new MailAddress(email.ToAddress));
        message.Headers.Add("Auto-Submitted", "auto-generated");

        using var client = new SmtpClient();
        if (!string.IsNullOrWhiteSpace(_options.PickupDirectory))
        {
            Directory.CreateDirectory(_options.PickupDirectory);
            client.DeliveryMethod = SmtpDeliveryMethod.SpecifiedPickupDirectory;
            client.PickupDirectoryLocation = Path.GetFullPath(_options.PickupDirectory);
        }
        else
        {
            client.Host = _options.SmtpHost!;
            client.Port = _options.SmtpPort;
            client.EnableSsl = _options.SmtpStartTls;
            client.Timeout = 30_000;
            if (!string.IsNullOrEmpty(_options.SmtpUserName))
            {
                client.Credentials = new NetworkCredential(_options.SmtpUserName, _options.SmtpPassword);
            }
        }

        await client.SendMailAsync(message, cancellationToken);
    }
}
