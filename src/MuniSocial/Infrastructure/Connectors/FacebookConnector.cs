using System.Text.Json;
using System.Text.RegularExpressions;
using MuniSocial.Domain.Comments;
using MuniSocial.Domain.Publishing;

namespace MuniSocial.Infrastructure.Connectors;

/// <summary>
/// A Facebook Page through the Graph API (base <c>Connectors:Facebook:ApiBase</c>, which includes the version) with a
/// page access token sent as <c>access_token</c> (in the form body of a send, in the query of a read). Sends with
/// <c>POST /{page-id}/feed</c> (<c>message</c>, and <c>link</c> = the first link of the text so that the page shows its
/// preview), replies under the user's comment with <c>POST /{comment-id}/comments</c>, then asks the post's
/// <c>permalink_url</c>. Reads the page's published posts back, and the comments under our posts. Facebook has no
/// idempotency key: the outbox reads back before any resend. Photos and videos are not sent: <see cref="SupportsMedia"/> is false.
/// References: https://developers.facebook.com/docs/graph-api/reference/page/feed/ (publishing, published_posts),
/// https://developers.facebook.com/docs/graph-api/reference/object/comments/ (reading with filter=stream, publishing a reply),
/// https://developers.facebook.com/docs/graph-api/guides/error-handling (the error object and its codes),
/// https://developers.facebook.com/docs/graph-api/overview/rate-limiting (codes 4, 17, 32, 613, 80001; X-Business-Use-Case-Usage).
/// </summary>
public sealed partial class FacebookConnector(HttpClient http, TimeProvider clock, ILogger<FacebookConnector> log) : IPlatformConnector
{
    public const string PageId = "pageId";
    public const string PageAccessToken = "pageAccessToken";
    public const string PostFields = "id,message,created_time,permalink_url";
    public const string CommentFields = "id,from{name,id},message,created_time,permalink_url";

    /// <summary>How many of our posts are asked for their comments in one read (the newest ones, as the caller passes them).</summary>
    public const int MaxPostsForReplies = 25;

    private const string Name = "Facebook";

    public Platform Platform => Platform.Facebook;

    public bool SupportsMedia => false;

    public bool CanReadBack => true;

    public async Task<SentPost> PublishAsync(ConnectorCredentials credentials, OutgoingPost post, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        ArgumentNullException.ThrowIfNull(post);
        if (post.Media.Count > 0)
        {
            throw new ConnectorException(ConnectorFailure.Refused,
                "Facebookページへの写真・動画の自動発信には対応していません。写真・動画のある投稿はFacebookで行い、公開を記録してください。");
        }
        var token = credentials.Required(PageAccessToken);
        HttpRequestMessage request;
        if (post.ReplyTo is { } target)
        {
            var commentId = target.PlatformId ?? throw new ConnectorException(ConnectorFailure.Refused,
                "返信先のFacebookのコメントIDがわからないため、返信を送れません（返信はそのコメントの下にだけ送ります）。");
            request = Form($"{Path(commentId)}/comments", [new("message", post.Text), new("access_token", token)]);
        }
        else
        {
            List<KeyValuePair<string, string>> fields = [new("message", post.Text)];
            if (FirstLink(post.Text) is { } link)
            {
                fields.Add(new("link", link));
            }
            fields.Add(new("access_token", token));
            request = Form($"{Path(credentials.Required(PageId))}/feed", fields);
        }
        string? id;
        using (request)
        using (var response = await CallAsync(request, "発信", ct))
        {
            id = (await ConnectorHttp.JsonAsync(response, ct))?.String("id");
            if (string.IsNullOrEmpty(id))
            {
                // Accepted but unreadable: it has probably gone out, so this is not a refusal; the outbox reads back before any resend.
                throw new ConnectorException(ConnectorFailure.Transient,
                    $"Facebookは発信を受け付けましたが、投稿のIDが読み取れませんでした（Facebookの応答: \"{await ConnectorHttp.RawAsync(response, ct)}\"）。",
                    (int)response.StatusCode);
            }
        }
        return new SentPost(id, await PermalinkAsync(id, token, ct) ?? FallbackUrl(id));
    }

    public async Task<IReadOnlyList<ObservedInput>> ReadRecentPostsAsync(ConnectorCredentials credentials, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        var token = credentials.Required(PageAccessToken);
        using var request = Get($"{Path(credentials.Required(PageId))}/published_posts?fields={Escape(PostFields)}&limit=50", token);
        using var response = await CallAsync(request, "投稿の読み取り", ct);
        if (await ConnectorHttp.JsonAsync(response, ct) is not { } json)
        {
            return [];
        }
        return [.. json.Array("data")
            .Where(p => !string.IsNullOrEmpty(p.String("id")))
            .Select(p => new ObservedInput(p.String("id")!, p.String("permalink_url") ?? FallbackUrl(p.String("id")!), p.String("message") ?? "", p.Instant("created_time")))
            .OrderByDescending(p => p.PostedAt ?? DateTimeOffset.MinValue)];
    }

    public async Task<IReadOnlyList<ReadBackReply>> ReadRepliesAsync(ConnectorCredentials credentials, IReadOnlyList<string> ourPostIds, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        ArgumentNullException.ThrowIfNull(ourPostIds);
        var token = credentials.Required(PageAccessToken);
        var pageId = credentials.Required(PageId);
        var now = clock.GetUtcNow();
        var replies = new List<ReadBackReply>();
        // One post after another: a failing or hanging Graph stops the read at the first failure, so it costs one call's timeout.
        foreach (var postId in ourPostIds.Where(p => !string.IsNullOrWhiteSpace(p)).Distinct(StringComparer.Ordinal).Take(MaxPostsForReplies))
        {
            using var request = Get($"{Path(postId)}/comments?fields={Escape(CommentFields)}&filter=stream&limit=50", token);
            JsonElement? json;
            try
            {
                using var response = await CallAsync(request, "コメントの読み取り", ct);
                json = await ConnectorHttp.JsonAsync(response, ct);
            }
            catch (ConnectorException e) when (e.Failure == ConnectorFailure.Refused && e.StatusCode is 400 or 404)
            {
                // The post is gone (deleted on the platform): its comments cannot be read; the others still can.
                log.LogInformation("Facebook comments of post {PostId} not readable: {Message}", postId, e.Message);
                continue;
            }
            foreach (var c in json is { } root ? root.Array("data") : [])
            {
                var id = c.String("id");
                var from = c.Object("from");
                if (string.IsNullOrEmpty(id) || from?.String("id") == pageId)
                {
                    continue; // the page's own replies are ours, not the inbox's
                }
                replies.Add(new ReadBackReply(
                    id,
                    postId,
                    from?.String("name") ?? "Facebookユーザー",
                    c.String("message") ?? "",
                    c.String("permalink_url") ?? FallbackUrl(id),
                    c.Instant("created_time") ?? now,
                    CommentKind.Comment));
            }
        }
        return replies;
    }

    /// <summary>The first link written in the text (trailing punctuation left out), for the feed's link preview.</summary>
    internal static string? FirstLink(string text)
    {
        var match = Link().Match(text);
        return match.Success ? match.Value.TrimEnd('.', ',', ';', ':', '!', '?', ')', ']', '}', '\'', '"') : null;
    }

    [GeneratedRegex(@"https?://[!-~]+", RegexOptions.CultureInvariant)]
    private static partial Regex Link();

    private static string FallbackUrl(string id) => $"https://www.facebook.com/{id}";

    private static string Path(string id) => Uri.EscapeDataString(id);

    /// <summary>A Graph fields list keeps its commas; the braces of a nested field are escaped.</summary>
    private static string Escape(string fields) => fields.Replace("{", "%7B", StringComparison.Ordinal).Replace("}", "%7D", StringComparison.Ordinal);

    private static HttpRequestMessage Form(string path, IEnumerable<KeyValuePair<string, string>> fields) =>
        new(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(fields) };

    private static HttpRequestMessage Get(string pathAndQuery, string token) =>
        new(HttpMethod.Get, $"{pathAndQuery}&access_token={Uri.EscapeDataString(token)}");

    /// <summary>The post's permalink; null when Graph does not give it (the post has gone out all the same).</summary>
    private async Task<string?> PermalinkAsync(string id, string token, CancellationToken ct)
    {
        try
        {
            using var request = Get($"{Path(id)}?fields=permalink_url", token);
            using var response = await CallAsync(request, "投稿のURLの読み取り", ct);
            return (await ConnectorHttp.JsonAsync(response, ct))?.String("permalink_url");
        }
        catch (ConnectorException e)
        {
            log.LogWarning("Facebook permalink of {Id} not read: {Message}", id, e.Message);
            return null;
        }
    }

    private async Task<HttpResponseMessage> CallAsync(HttpRequestMessage request, string what, CancellationToken ct)
    {
        var response = await ConnectorHttp.SendAsync(http, request, Name, ct);
        if (response.IsSuccessStatusCode)
        {
            return response;
        }
        using (response)
        {
            throw await FailureAsync(response, what, ct);
        }
    }

    /// <summary>
    /// The Graph error object <c>{"error":{"message","type","code","error_subcode","fbtrace_id"}}</c> to a failure:
    /// 190/102 (token expired or revoked) and 10/200–299 (permission) reject the credentials; 4, 17, 32, 613, 341 and
    /// 80000–80014 are rate limits; 1, 2 and <c>is_transient</c> are transient; 506 (duplicate post), 100 (invalid
    /// parameter), 368 (blocked for policy) and the rest refuse this post.
    /// </summary>
    private async Task<ConnectorException> FailureAsync(HttpResponseMessage response, string what, CancellationToken ct)
    {
        var status = (int)response.StatusCode;
        var error = (await ConnectorHttp.JsonAsync(response, ct))?.Object("error");
        var code = error?.Number("code");
        var message = error?.String("message") is { Length: > 0 } m ? m : await ConnectorHttp.RawAsync(response, ct);
        var quoted = $"Facebookの応答: \"{ConnectorHttp.Quote(message)}\"" + (code is { } c ? $"、エラーコード {c}" + (error?.Number("error_subcode") is { } s ? $"/{s}" : "") : "");
        if (code is 190 or 102 or 10 or >= 200 and <= 299)
        {
            return new ConnectorException(ConnectorFailure.CredentialsRejected,
                $"Facebookがページアクセストークンを受け付けませんでした（{quoted}）。所属長が接続情報を登録し直してください。", status);
        }
        if (code is 4 or 17 or 32 or 613 or 341 or >= 80000 and <= 80014 || status == 429)
        {
            var after = RegainAccessOf(response);
            var when = after is { } a ? $"約{Math.Max(1, (int)Math.Ceiling(a.TotalMinutes))}分後に解除される見込みです。" : "しばらく待ってから行います。";
            return new ConnectorException(ConnectorFailure.RateLimited, $"Facebookの利用回数の上限に達したため、{what}ができませんでした（{quoted}）。{when}", status, after);
        }
        if (code is 1 or 2 || error?.Bool("is_transient") == true || (code is null && (status >= 500 || status == 408)))
        {
            return new ConnectorException(ConnectorFailure.Transient, $"Facebookが一時的に応答できませんでした（HTTP {status}、{quoted}）。", status);
        }
        return new ConnectorException(ConnectorFailure.Refused, $"Facebookが{what}を受け付けませんでした（{quoted}）。", status);
    }

    /// <summary>X-Business-Use-Case-Usage: <c>{"&lt;id&gt;":[{"type","call_count",…,"estimated_time_to_regain_access":minutes}]}</c>.</summary>
    private static TimeSpan? RegainAccessOf(HttpResponseMessage response)
    {
        if (!response.Headers.TryGetValues("x-business-use-case-usage", out var values))
        {
            return null;
        }
        try
        {
            using var doc = JsonDocument.Parse(values.First());
            var minutes = doc.RootElement.ValueKind != JsonValueKind.Object ? [] : doc.RootElement.EnumerateObject()
                .Where(p => p.Value.ValueKind == JsonValueKind.Array)
                .SelectMany(p => p.Value.EnumerateArray())
                .Select(u => u.Number("estimated_time_to_regain_access") ?? 0)
                .ToList();
            return minutes.Count == 0 ? null : TimeSpan.FromMinutes(minutes.Max());
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
