using Microsoft.Extensions.Options;
using Microsoft.Playwright;

namespace Attune.Platform.Documents;

public sealed class PdfOptions
{
    /// <summary>The Chromium that prints PDFs: Debian's, never a downloaded one.</summary>
    public string ChromiumPath { get; set; } = "/usr/bin/chromium";
}

/// <summary>A document to print: its HTML (self-contained, no network), and the running header and footer of every page.</summary>
public sealed record PdfDocument(string Html, string HeaderText, string FooterText);

/// <summary>
/// Prints HTML to PDF with headless Chromium through Playwright: A4, the document's own print stylesheet, and a
/// header and footer on every page with "page N of M". One browser is started on first use and shared; each
/// document gets its own page with JavaScript and the network off, so nothing in a record can reach out.
/// </summary>
public sealed class PdfRenderer(IOptions<PdfOptions> options) : IAsyncDisposable
{
    private readonly SemaphoreSlim _start = new(1, 1);
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public async Task<byte[]> RenderAsync(PdfDocument document, CancellationToken cancellationToken)
    {
        var browser = await BrowserAsync(cancellationToken);
        await using var context = await browser.NewContextAsync(new BrowserNewContextOptions { JavaScriptEnabled = false, Offline = true });
        var page = await context.NewPageAsync();
        await page.RouteAsync("**/*", route => route.Request.Url.StartsWith("data:", StringComparison.Ordinal) ? route.ContinueAsync() : route.AbortAsync());
        await page.SetContentAsync(document.Html);
        return await page.PdfAsync(new PagePdfOptions
        {
            Format = "A4",
            PrintBackground = true,
            DisplayHeaderFooter = true,
            HeaderTemplate = Band(document.HeaderText, ""),
            FooterTemplate = Band(document.FooterText, "Page <span class=\"pageNumber\"></span> of <span class=\"totalPages\"></span>"),
            Margin = new Margin { Top = "22mm", Bottom = "20mm", Left = "15mm", Right = "15mm" },
        });
    }

    private static string Band(string text, string right) =>
        $"""<div style="font: 8pt Arial, sans-serif; width: 100%; margin: 0 15mm; display: flex; justify-content: space-between;"><span>{System.Net.WebUtility.HtmlEncode(text)}</span><span>{right}</span></div>""";

    private async Task<IBrowser> BrowserAsync(CancellationToken cancellationToken)
    {
        if (_browser is { IsConnected: true } running)
        {
            return running;
        }

        await _start.WaitAsync(cancellationToken);
        try
        {
            if (_browser is { IsConnected: true } started)
            {
                return started;
            }

            _playwright ??= await Playwright.CreateAsync();
            _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = options.Value.ChromiumPath,
                Headless = true,
                Args = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-dev-shm-usage"],
            });
            return _browser;
        }
        finally
        {
            _start.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }

        _playwright?.Dispose();
        _start.Dispose();
    }
}
