namespace MuniSocial.Tests.Support;

/// <summary>
/// Where a post's form for a handler is: the one-way steps (発信・公開の記録) are confirmed on their check page
/// (<c>/posts/{id}/check/send</c>, <c>/posts/{id}/check/record?PublishedUrl=…&amp;PublishedAt=…</c>), every other handler on the post page.
/// </summary>
public static class PostForms
{
    public static string PageOf(Guid id, string handler, IReadOnlyDictionary<string, string>? fields = null) => handler switch
    {
        "Send" => $"/posts/{id}/check/send",
        "Publish" => $"/posts/{id}/check/record?PublishedUrl={Uri.EscapeDataString(fields?.GetValueOrDefault("PublishedUrl") ?? "")}"
            + $"&PublishedAt={Uri.EscapeDataString(fields?.GetValueOrDefault("PublishedAt") ?? "")}",
        _ => $"/posts/{id}",
    };
}
