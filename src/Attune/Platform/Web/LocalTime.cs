using System.Globalization;

namespace Attune.Platform.Web;

/// <summary>Instants are stored in UTC and shown in UK time, as school staff read a clock.</summary>
public static class LocalTime
{
    private static readonly CultureInfo English = CultureInfo.InvariantCulture;
    private static readonly TimeZoneInfo UkZone = FindUkZone();

    public static DateTime ToUk(DateTime utc) =>
        TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), UkZone);

    /// <summary>The UTC instant of a UK wall-clock time (one that exists: not inside the spring-forward hour).</summary>
    public static DateTime FromUk(DateTime uk) =>
        TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(uk, DateTimeKind.Unspecified), UkZone);

    /// <summary>For example "24 Nov 2026, 14:05".</summary>
    public static string Format(DateTime utc) => ToUk(utc).ToString("d MMM yyyy, HH:mm", English);

    private static TimeZoneInfo FindUkZone()
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById("Europe/London");
        }
        catch (TimeZoneNotFoundException)
        {
            return TimeZoneInfo.Utc;
        }
    }
}
