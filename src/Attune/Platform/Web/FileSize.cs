using System.Globalization;

namespace Attune.Platform.Web;

/// <summary>File sizes as people read them: "840 KB", "2.4 MB".</summary>
public static class FileSize
{
    public static string Describe(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} bytes",
        < 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{Math.Max(1, bytes / 1024)} KB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024.0):0.#} MB"),
    };
}
