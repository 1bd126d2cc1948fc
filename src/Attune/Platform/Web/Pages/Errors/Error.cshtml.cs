using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Attune.Platform.Web.Pages.Errors;

/// <summary>The one error page, for exceptions (re-executed by the exception handler) and bare status codes.</summary>
[IgnoreAntiforgeryToken]
public sealed class ErrorModel : PageModel
{
    public int Code { get; private set; }

    public string Title => Code switch
    {
        404 => "Page not found",
        403 => "You do not have access to this page",
        400 => "There is a problem with that request",
        429 => "Too many attempts",
        _ => "Sorry, there is a problem with Attune",
    };

    public void OnGet(int? code) => Code = ResolveCode(code);

    public void OnPost(int? code) => Code = ResolveCode(code);

    private int ResolveCode(int? code)
    {
        var status = code ?? HttpContext.Response.StatusCode;
        if (status < 400)
        {
            status = 500;
        }

        HttpContext.Response.StatusCode = status;
        return status;
    }
}
