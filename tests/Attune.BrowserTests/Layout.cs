using Microsoft.Playwright;

namespace Attune.BrowserTests;

/// <summary>
/// Page layout checks shared by the journeys. A page that scrolls sideways on a phone fails with the elements that
/// stick out past the right edge named, so the failure says where to look.
/// </summary>
public static class Layout
{
    public static async Task AssertFitsWidthAsync(IPage page, string failure)
    {
        var overflow = await page.EvaluateAsync<string>("""
            () => {
              const width = window.innerWidth;
              if (document.documentElement.scrollWidth <= width + 1) return "";
              const culprits = [];
              // Inside a box that scrolls or clips sideways (a wide table's wrapper) an element cannot widen the page,
              // unless it is positioned absolutely against something outside that box.
              const clipped = element => {
                let escapes = ["absolute", "fixed"].includes(getComputedStyle(element).position);
                for (let e = element.parentElement; e && e !== document.body; e = e.parentElement) {
                  const style = getComputedStyle(e);
                  if (escapes && style.position === "static") continue;
                  escapes = false;
                  if (style.overflowX !== "visible") return true;
                }
                return false;
              };
              for (const element of document.body.querySelectorAll("*")) {
                const box = element.getBoundingClientRect();
                if (box.right <= width + 1 || box.width === 0 || clipped(element)) continue;
                // Only the innermost: an element whose children all fit is where the overflow starts.
                if ([...element.children].some(child => child.getBoundingClientRect().right > width + 1)) continue;
                const name = element.tagName.toLowerCase() + (element.id ? "#" + element.id : "")
                  + (element.className && typeof element.className === "string" ? "." + element.className.trim().split(/\s+/).join(".") : "");
                culprits.push(`${name} (right edge ${Math.round(box.right)} px)`);
                if (culprits.length === 5) break;
              }
              return `page is ${document.documentElement.scrollWidth} px wide at ${width} px: ` + culprits.join("; ");
            }
            """);
        Assert.True(overflow.Length == 0, $"{failure}: {overflow}");
    }
}
