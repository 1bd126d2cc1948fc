using System.Net;
using System.Text.RegularExpressions;

namespace Attune.Tests.Support;

/// <summary>One field of a form as a browser would submit it.</summary>
public sealed record FormField(string Name, string Type, string Value)
{
    /// <summary>A field a person (or an attacker with the browser's tools) can put text into.</summary>
    public bool TakesText => Type is "text" or "email" or "search" or "tel" or "url" or "password" or "number" or "date" or "textarea" or "hidden"
        && Name != "__RequestVerificationToken";
}

/// <summary>A POST form found in a page: where it posts (each submit button with its own formaction is a form of its own) and its fields.</summary>
public sealed record HtmlForm(string Page, string Action, IReadOnlyList<FormField> Fields, bool Multipart)
{
    public override string ToString() => $"the form on {Page} posting to {Action}";

    public Dictionary<string, string> Values(Func<FormField, string?> replace)
    {
        var values = new Dictionary<string, string>();
        foreach (var field in Fields)
        {
            values[field.Name] = replace(field) ?? field.Value;
        }

        return values;
    }
}

/// <summary>Reads the post forms out of Attune's own server-rendered HTML (attributes always in double quotes).</summary>
public static partial class HtmlForms
{
    public static List<HtmlForm> Parse(string html, string page)
    {
        var forms = new List<HtmlForm>();
        foreach (Match form in FormElement().Matches(html))
        {
            var attributes = Attributes(form.Groups[1].Value);
            if (!string.Equals(attributes.GetValueOrDefault("method"), "post", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var body = form.Groups[2].Value;
            var fields = new List<FormField>();
            foreach (Match input in InputElement().Matches(body))
            {
                var a = Attributes(input.Groups[1].Value);
                var type = a.GetValueOrDefault("type", "text").ToLowerInvariant();
                if (!a.TryGetValue("name", out var name) || type is "submit" or "button" or "file" || (type is "checkbox" or "radio" && !a.ContainsKey("checked")))
                {
                    continue;
                }

                fields.Add(new FormField(name, type, a.GetValueOrDefault("value", "")));
            }

            foreach (Match textarea in TextareaElement().Matches(body))
            {
                var a = Attributes(textarea.Groups[1].Value);
                if (a.TryGetValue("name", out var name))
                {
                    fields.Add(new FormField(name, "textarea", WebUtility.HtmlDecode(textarea.Groups[2].Value)));
                }
            }

            foreach (Match select in SelectElement().Matches(body))
            {
                var a = Attributes(select.Groups[1].Value);
                var options = OptionElement().Matches(select.Groups[2].Value).Select(o => Attributes(o.Groups[1].Value)).ToList();
                var chosen = options.FirstOrDefault(o => o.ContainsKey("selected")) ?? options.FirstOrDefault();
                if (a.TryGetValue("name", out var name) && chosen is not null)
                {
                    fields.Add(new FormField(name, "select", chosen.GetValueOrDefault("value", "")));
                }
            }

            var action = attributes.GetValueOrDefault("action") is { Length: > 0 } explicitAction ? explicitAction : page;
            var multipart = attributes.GetValueOrDefault("enctype") == "multipart/form-data";
            var buttonActions = ButtonElement().Matches(body).Select(b => Attributes(b.Groups[1].Value).GetValueOrDefault("formaction")).OfType<string>().Distinct().ToList();
            foreach (var target in buttonActions.Count > 0 ? buttonActions.Select(b => Resolve(page, b)) : [action])
            {
                forms.Add(new HtmlForm(page, target, fields, multipart));
            }
        }

        return forms;
    }

    private static string Resolve(string page, string formAction) =>
        formAction.StartsWith('?') ? page.Split('?')[0] + formAction : formAction;

    private static Dictionary<string, string> Attributes(string tag) =>
        AttributePair().Matches(tag).GroupBy(m => m.Groups[1].Value.ToLowerInvariant())
            .ToDictionary(g => g.Key, g => WebUtility.HtmlDecode(g.First().Groups[3].Value));

    [GeneratedRegex("<form\\b([^>]*)>(.*?)</form>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex FormElement();

    [GeneratedRegex("<input\\b([^>]*)>", RegexOptions.IgnoreCase)]
    private static partial Regex InputElement();

    [GeneratedRegex("<textarea\\b([^>]*)>(.*?)</textarea>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex TextareaElement();

    [GeneratedRegex("<select\\b([^>]*)>(.*?)</select>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex SelectElement();

    [GeneratedRegex("<option\\b([^>]*)>", RegexOptions.IgnoreCase)]
    private static partial Regex OptionElement();

    [GeneratedRegex("<button\\b([^>]*)>", RegexOptions.IgnoreCase)]
    private static partial Regex ButtonElement();

    [GeneratedRegex("([a-zA-Z_:][-a-zA-Z0-9_:.]*)(=\"([^\"]*)\")?")]
    private static partial Regex AttributePair();
}
