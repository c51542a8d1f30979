namespace MuniSocial.Features.Home;

/// <summary>
/// The count badge inside a staff navigation link (e.g. 「発信・返信 2」, read out as 「対応待ち 2件」): the items of
/// <see cref="WaitingWork"/> that count on that link; "/home" counts them all. One computation per request, shared with the home page.
/// </summary>
public sealed class WorkBadgeViewComponent(CurrentActor current, WaitingWork work) : ViewComponent
{
    public sealed record Model(string Text, int Count);

    /// <summary>The link's text and, where work waits, its badge.</summary>
    public async Task<IViewComponentResult> InvokeAsync(string link, string text)
    {
        var actor = await current.FindAsync(HttpContext.RequestAborted);
        if (actor is null)
        {
            return View(new Model(text, 0));
        }
        var list = await work.CurrentAsync(actor, HttpContext.RequestAborted);
        return View(new Model(text, link == "/home" ? list.Items.Count : list.CountFor(link)));
    }
}
