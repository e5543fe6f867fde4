using Microsoft.Playwright;

namespace WllmSign.Tests.Infrastructure;

/// <summary>
/// Moving through a page as a keyboard user does: Tab (or Shift+Tab) one stop at a time, and at every stop the focused
/// element must be on screen and show that it has the focus (WCAG 2.4.7; decision 028).
/// </summary>
public static class KeyboardNavigation
{
    /// <summary>
    /// Why the focus is not visible ("" when it is): nothing focused, an element hidden or outside the viewport (a closed
    /// drawer's links), or no indicator — an outline of at least 2 px, or the 2 px border MudBlazor gives a focused
    /// outlined input.
    /// </summary>
    private const string FocusProblem = """
        () => {
          const e = document.activeElement;
          if (!e || e === document.body) return 'nothing has the focus';
          const what = e.outerHTML.slice(0, 160);
          const r = e.getBoundingClientRect();
          if (!e.checkVisibility({ visibilityProperty: true }) || r.width === 0 || r.height === 0) return 'the focus is on a hidden element: ' + what;
          if (r.bottom <= 0 || r.top >= innerHeight || r.right <= 0 || r.left >= innerWidth) return 'the focus is off screen: ' + what;
          const s = getComputedStyle(e);
          if (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2) return '';
          const border = e.closest('.mud-input')?.querySelector('.mud-input-outlined-border');
          if (border && parseFloat(getComputedStyle(border).borderTopWidth) >= 2) return '';
          return 'the focused element shows no focus: ' + what;
        }
        """;

    /// <summary>True once the focus is not on a focus trap's sentinel (an empty, click-through div that only redirects it).</summary>
    private const string SettledFocus = "() => !document.activeElement?.matches('div.fixed.pointer-events-none[tabindex]:empty')";

    private const string Describe = "() => { const e = document.activeElement; return e ? (e.getAttribute('aria-label') || e.textContent || e.id || e.tagName).trim().slice(0, 30) : '(none)'; }";

    /// <summary>
    /// Presses Tab (Shift+Tab with <paramref name="backwards"/>) until <paramref name="target"/> has the focus, checking
    /// at each stop that the focus is visible; fails after <paramref name="maxStops"/> stops, naming the stops passed.
    /// </summary>
    public static async Task TabToAsync(this IPage page, ILocator target, bool backwards = false, int maxStops = 40)
    {
        await target.WaitForAsync(); // the element is there before the user looks for it
        var stops = new List<string>();
        for (var i = 0; i < maxStops; i++)
        {
            await page.Keyboard.PressAsync(backwards ? "Shift+Tab" : "Tab");
            // A dialog's focus trap (MudBlazor) catches Tab on an invisible sentinel and, one round trip to the circuit
            // later, moves the focus to the dialog's first or last control: the stop is where the focus settles.
            await page.WaitForFunctionAsync(SettledFocus);
            var problem = await page.EvaluateAsync<string>(FocusProblem);
            stops.Add(await page.EvaluateAsync<string>(Describe));
            Assert.True(problem.Length == 0, $"{page.Url}, stop {i + 1} ({string.Join(" → ", stops)}): {problem}");
            if (await target.EvaluateAsync<bool>("e => e === document.activeElement || e.contains(document.activeElement)")) return;
        }
        Assert.Fail($"{page.Url}: {target} not reached in {maxStops} stops: {string.Join(" → ", stops)}");
    }
}
