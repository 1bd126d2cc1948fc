using System.Net;
using System.Text;
using Attune.Platform.Documents;
using Attune.Platform.Web;

namespace Attune.Features.Safeguarding;

/// <summary>
/// A pupil's chronology as a printable document: marked confidential on every page, the pupil's details, who
/// exported it and when, what it was filtered to, and page numbers. Self-contained HTML for <see cref="PdfRenderer"/>.
/// </summary>
public static class ChronologyDocument
{
    public static PdfDocument For(ChronologyResult result, ChronologyFilter filter, string author, DateTime exportedUtc)
    {
        var pupil = result.Pupil;
        var exported = LocalTime.Format(exportedUtc);
        var html = new StringBuilder();
        html.Append("""
            <!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8"><title>Chronology</title><style>
            body { font: 10.5pt/1.4 Arial, Helvetica, sans-serif; color: #0b0c0c; margin: 0; }
            h1 { font-size: 18pt; margin: 0 0 4mm; }
            .confidential { border: 2px solid #d4351c; color: #d4351c; font-weight: bold; text-transform: uppercase; padding: 2mm 3mm; margin: 0 0 5mm; letter-spacing: .05em; }
            dl.details { display: grid; grid-template-columns: 35mm 1fr; gap: 1mm 4mm; margin: 0 0 6mm; }
            dl.details dt { font-weight: bold; } dl.details dd { margin: 0; }
            ol.events { list-style: none; padding: 0; margin: 0; }
            ol.events li { border-top: 1px solid #b1b4b6; padding: 3mm 0; break-inside: avoid; }
            .when { font-size: 9pt; color: #484949; margin: 0 0 1mm; }
            .type { font-size: 8pt; font-weight: bold; text-transform: uppercase; border: 1px solid #484949; padding: 0 1.5mm; margin-left: 2mm; }
            .error { color: #d4351c; border-color: #d4351c; }
            h2 { font-size: 11pt; margin: 0 0 1mm; }
            p { margin: 0 0 1mm; white-space: pre-wrap; overflow-wrap: anywhere; }
            .note { font-size: 9.5pt; } .label { font-weight: bold; }
            .in-error h2, .in-error > p:not(.when) { color: #505a5f; }
            </style></head><body>
            """);
        html.Append("<p class=\"confidential\">Confidential: child protection record. Keep separately from the main pupil file.</p>");
        html.Append("<h1>Safeguarding chronology: ").Append(E(pupil.Name)).Append("</h1><dl class=\"details\">");
        Row(html, "School", pupil.School);
        if (pupil.LegalName is not null)
        {
            Row(html, "Legal name", pupil.LegalName);
        }

        Row(html, "Date of birth", pupil.DateOfBirth.ToString("d MMMM yyyy"));
        Row(html, "UPN", pupil.Upn);
        Row(html, "Year and form", (pupil.YearGroup ?? "No year") + (pupil.Form is null ? "" : ", " + pupil.Form));
        Row(html, "Exported by", author);
        Row(html, "Exported", exported);
        Row(html, "Shows", Describe(filter, result) + $" ({result.Events.Count} events, oldest first)");
        html.Append("</dl><ol class=\"events\">");
        foreach (var item in result.Events)
        {
            html.Append(item.InError ? "<li class=\"in-error\">" : "<li>");
            html.Append("<p class=\"when\">").Append(E(item.When.ToString(item.HasTime ? "ddd d MMM yyyy, HH:mm" : "ddd d MMM yyyy")))
                .Append("<span class=\"type\">").Append(E(item.Type.ToString())).Append("</span>");
            if (item.InError)
            {
                html.Append("<span class=\"type error\">Entered in error</span>");
            }

            html.Append("</p><h2>").Append(E(item.Title)).Append("</h2>");
            if (item.Detail is not null)
            {
                html.Append("<p>").Append(E(item.Detail)).Append("</p>");
            }

            foreach (var (label, text) in item.Notes)
            {
                html.Append("<p class=\"note\"><span class=\"label\">").Append(E(label)).Append(":</span> ").Append(E(text)).Append("</p>");
            }

            if (item.By is not null)
            {
                html.Append("<p class=\"note\">By ").Append(E(item.By)).Append(item.Category is null ? "" : " · " + E(item.Category)).Append("</p>");
            }

            html.Append("</li>");
        }

        html.Append("</ol></body></html>");
        return new PdfDocument(
            html.ToString(),
            $"CONFIDENTIAL: child protection record · {pupil.Name}, born {pupil.DateOfBirth:d MMM yyyy}",
            $"Exported by {author}, {exported}");
    }

    private static string Describe(ChronologyFilter filter, ChronologyResult result)
    {
        var parts = new List<string>();
        parts.Add(filter.Types is { Count: > 0 } types ? string.Join(", ", types.Order().Select(t => t.ToString().ToLowerInvariant() + "s")) : "every event");
        if (filter.CategoryId is { } category)
        {
            parts.Add("in the category " + (result.Categories.FirstOrDefault(c => c.Id == category).Name ?? "chosen"));
        }

        return string.Join(" ", parts);
    }

    private static void Row(StringBuilder html, string label, string value) =>
        html.Append("<dt>").Append(E(label)).Append("</dt><dd>").Append(E(value)).Append("</dd>");

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
