using System.Globalization;

namespace Attune.Platform.Web;

/// <summary>
/// Dates and times typed into forms: what a browser's date and time pickers send (2026-11-24, 14:30), and what
/// people type where a browser has no picker (24/11/2026, 14.30). Null when it is not a real date or time.
/// </summary>
public static class DateInput
{
    private static readonly string[] DateFormats = ["yyyy-MM-dd", "d/M/yyyy", "d-M-yyyy", "d.M.yyyy"];
    private static readonly string[] TimeFormats = ["HH:mm", "H:mm", "HH.mm", "H.mm", "HH:mm:ss"];

    public static DateOnly? ParseDate(string? text) =>
        DateOnly.TryParseExact(text?.Trim(), DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null;

    public static TimeOnly? ParseTime(string? text) =>
        TimeOnly.TryParseExact(text?.Trim(), TimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var time) ? time : null;
}
