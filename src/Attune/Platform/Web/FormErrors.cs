using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Attune.Platform.Web;

/// <summary>Helpers for GOV.UK form markup: the error class and message of one field.</summary>
public static class FormErrors
{
    public static string? FirstError(this ModelStateDictionary modelState, string key) =>
        modelState.TryGetValue(key, out var entry) && entry.Errors.Count > 0 ? entry.Errors[0].ErrorMessage : null;

    public static string GroupClass(this ModelStateDictionary modelState, string key) =>
        modelState.FirstError(key) is null ? "govuk-form-group" : "govuk-form-group govuk-form-group--error";

    public static string InputClass(this ModelStateDictionary modelState, string key, string baseClass = "govuk-input") =>
        modelState.FirstError(key) is null ? baseClass : baseClass + " govuk-input--error";

    /// <summary>Adds a service's problems by field to model state, in the order the fields appear on the page; any other key goes first, unlinked.</summary>
    public static void AddAll(this ModelStateDictionary modelState, IReadOnlyDictionary<string, string> errors, params string[] pageOrder)
    {
        foreach (var (key, message) in errors.Where(e => !pageOrder.Contains(e.Key)))
        {
            modelState.AddModelError("", message);
        }

        foreach (var key in pageOrder)
        {
            if (errors.TryGetValue(key, out var message))
            {
                modelState.AddModelError(key, message);
            }
        }
    }
}
