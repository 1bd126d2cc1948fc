namespace Attune.Platform.Notifications;

public static class NotificationsServiceCollectionExtensions
{
    public static IServiceCollection AddAttuneNotifications(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<EmailOptions>()
            .Bind(configuration.GetSection(EmailOptions.Section))
            .Validate(
                email => string.IsNullOrWhiteSpace(email.SmtpHost) && string.IsNullOrWhiteSpace(email.PickupDirectory)
                    || Uri.TryCreate(email.PublicUrl, UriKind.Absolute, out var url) && url.Scheme is "https" or "http",
                "Attune:Email:PublicUrl must be the absolute address staff use to reach Attune (for links in emails) when email is set up.")
            .ValidateOnStart();
        services.AddScoped<Notifier>();
        services.AddScoped<NotificationInbox>();
        services.AddScoped<EmailOutbox>();
        services.AddSingleton<IEmailTransport, SmtpEmailTransport>();
        services.AddHostedService<EmailOutboxService>();
        return services;
    }
}
