using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using MuniSocial.Domain.Comments;
using MuniSocial.Domain.Publishing;

namespace MuniSocial.Infrastructure.Connectors;

/// <summary>
/// X API v2 with an OAuth 2.0 user-context access token (Bearer). Sends with <c>POST /2/tweets</c>, reads the account's
/// timeline and its mentions back. An access token lives two hours: on a 401 the adapter refreshes it once with the
/// stored refresh token (<c>POST /2/oauth2/token</c>, the app's <c>Connectors:X:ClientId</c>, and Basic authentication
/// when <c>ClientSecret</c> is set — a confidential client), hands the new pair to
/// <see cref="ConnectorCredentials.OnSecretsRotated"/> so that it is stored at once (X invalidates the old refresh token),
/// and repeats the call once. X has no idempotency key: the outbox reads back before any resend.
/// Photos and videos are not sent (X's media upload is not implemented): <see cref="SupportsMedia"/> is false.
/// References: https://docs.x.com/x-api/posts/create-post ,
/// https://docs.x.com/x-api/users/get-posts , https://docs.x.com/x-api/users/get-mentions ,
/// https://docs.x.com/fundamentals/authentication/oauth-2-0/user-access-token (refresh, confidential clients),
/// https://docs.x.com/fundamentals/rate-limits (x-rate-limit-reset), https://docs.x.com/x-api/fundamentals/response-codes-and-errors .
/// </summary>
public sealed partial class XConnector(HttpClient http, IOptions<ConnectorOptions> options, XTokenRotations rotations, TimeProvider clock,
    ILogger<XConnector> log) : IPlatformConnector
{
    public const string AccessToken = "accessToken";
    public const string RefreshToken = "refreshToken";
    public const string UserId = "userId";

    /// <summary>The timeline read: one page of the newest 100 posts, with the fields that undo X's rewriting.</summary>
    public const string TimelineQuery = "max_results=100&tweet.fields=created_at,entities,note_tweet";

    /// <summary>The mentions read; <c>entities</c> is asked for too, so that a reply's t.co links are shown expanded in the inbox.</summary>
    public const string MentionsQuery =
        "tweet.fields=created_at,author_id,conversation_id,in_reply_to_user_id,referenced_tweets,entities&expansions=author_id";

    private const string Name = "X";

    public Platform Platform => Platform.X;

    public bool SupportsMedia => false;

    public bool CanReadBack => true;

    /// <summary>A post's public URL without the author's name (X redirects it to the canonical one).</summary>
    public static string PostUrl(string id) => $"https://x.com/i/web/status/{id}";

    public async Task<SentPost> PublishAsync(ConnectorCredentials credentials, OutgoingPost post, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        ArgumentNullException.ThrowIfNull(post);
        if (post.Media.Count > 0)
        {
            throw new ConnectorException(ConnectorFailure.Refused,
                "Xへの写真・動画の自動発信には対応していません。写真・動画のある投稿はXで行い、公開を記録してください。");
        }
        string? replyTo = null;
        if (post.ReplyTo is { } target)
        {
            replyTo = target.PlatformId ?? throw new ConnectorException(ConnectorFailure.Refused,
                "返信先のXの投稿IDがわからないため、返信を送れません（返信はその投稿のスレッドにだけ送ります）。");
        }
        // https://docs.x.com/x-api/posts/create-post : {"text": …, "reply": {"in_reply_to_tweet_id": …}} → 201 {"data":{"id","text"}}
        var body = replyTo is null
            ? JsonSerializer.Serialize(new { text = post.Text })
            : JsonSerializer.Serialize(new { text = post.Text, reply = new { in_reply_to_tweet_id = replyTo } });
        using var response = await CallAsync(credentials, token => Request(HttpMethod.Post, "2/tweets", token,
            new StringContent(body, Encoding.UTF8, "application/json")), "発信", ct);
        var json = await ConnectorHttp.JsonAsync(response, ct);
        var id = json?.Object("data")?.String("id");
        if (string.IsNullOrEmpty(id))
        {
            // Accepted (2xx) but unreadable: it has probably gone out, so this is not a refusal; the outbox reads back before any resend.
            throw new ConnectorException(ConnectorFailure.Transient,
                $"Xは発信を受け付けましたが、投稿のIDが読み取れませんでした（Xの応答: \"{await ConnectorHttp.RawAsync(response, ct)}\"）。", (int)response.StatusCode);
        }
        return new SentPost(id, PostUrl(id));
    }

    public async Task<IReadOnlyList<ObservedInput>> ReadRecentPostsAsync(ConnectorCredentials credentials, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        var userId = Uri.EscapeDataString(credentials.Required(UserId));
        // https://docs.x.com/x-api/users/get-posts
        using var response = await CallAsync(credentials, token => Request(HttpMethod.Get, $"2/users/{userId}/tweets?{TimelineQuery}", token), "投稿の読み取り", ct);
        var json = await ConnectorHttp.JsonAsync(response, ct);
        if (json is not { } root)
        {
            return [];
        }
        return [.. root.Array("data")
            .Select(t => (Id: t.String("id"), Tweet: t))
            .Where(t => !string.IsNullOrEmpty(t.Id))
            .Select(t => new ObservedInput(t.Id!, PostUrl(t.Id!), PlainText(t.Tweet), t.Tweet.Instant("created_at")))
            .OrderByDescending(p => p.PostedAt ?? DateTimeOffset.MinValue)];
    }

    public async Task<IReadOnlyList<ReadBackReply>> ReadRepliesAsync(ConnectorCredentials credentials, IReadOnlyList<string> ourPostIds, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        var userId = credentials.Required(UserId);
        // https://docs.x.com/x-api/users/get-mentions : every reply to the account mentions it, so one call covers all our posts.
        using var response = await CallAsync(credentials,
            token => Request(HttpMethod.Get, $"2/users/{Uri.EscapeDataString(userId)}/mentions?{MentionsQuery}", token), "返信の読み取り", ct);
        var json = await ConnectorHttp.JsonAsync(response, ct);
        if (json is not { } root)
        {
            return [];
        }
        var users = (root.Object("includes") is { } includes ? includes.Array("users") : [])
            .Where(u => u.String("id") is not null && u.String("username") is not null)
            .GroupBy(u => u.String("id")!)
            .ToDictionary(g => g.Key, g => g.First().String("username")!, StringComparer.Ordinal);
        var now = clock.GetUtcNow();
        var replies = new List<ReadBackReply>();
        foreach (var tweet in root.Array("data"))
        {
            var id = tweet.String("id");
            var author = tweet.String("author_id");
            if (string.IsNullOrEmpty(id) || author == userId)
            {
                continue; // the account's own posts are the watch's, not the inbox's
            }
            var repliedTo = tweet.Array("referenced_tweets").FirstOrDefault(r => r.String("type") == "replied_to").String("id");
            var username = author is not null && users.TryGetValue(author, out var u) ? u : null;
            replies.Add(new ReadBackReply(
                id,
                repliedTo,
                username is null ? author ?? "" : "@" + username,
                PlainText(tweet),
                username is null ? PostUrl(id) : $"https://x.com/{username}/status/{id}",
                tweet.Instant("created_at") ?? now,
                repliedTo is null ? CommentKind.Comment : CommentKind.Reply));
        }
        return replies;
    }

    /// <summary>
    /// A post's text as written: the full text of a long post (note_tweet), t.co links replaced by the links that were
    /// written (entities.urls[].expanded_url), the link X appends for attached media removed, and X's HTML escaping of
    /// &amp;, &lt;, &gt; undone.
    /// </summary>
    internal static string PlainText(JsonElement tweet)
    {
        var note = tweet.Object("note_tweet");
        var text = note?.String("text") ?? tweet.String("text") ?? "";
        var urls = (note?.Object("entities") is { } noteEntities ? noteEntities.Array("urls") : [])
            .Concat(tweet.Object("entities") is { } entities ? entities.Array("urls") : [])
            .Select(u => (Short: u.String("url"), Long: u.String("media_key") is null ? u.String("expanded_url") ?? u.String("unwound_url") : ""))
            .Where(u => !string.IsNullOrEmpty(u.Short) && u.Long is not null)
            .OrderByDescending(u => u.Short!.Length);
        foreach (var (shortUrl, longUrl) in urls)
        {
            text = text.Replace(shortUrl!, longUrl, StringComparison.Ordinal);
        }
        return HtmlEscape().Replace(text, m => m.Groups[1].Value switch { "lt" => "<", "gt" => ">", _ => "&" }).Trim();
    }

    [GeneratedRegex("&(amp|lt|gt);", RegexOptions.CultureInvariant)]
    private static partial Regex HtmlEscape();

    private static HttpRequestMessage Request(HttpMethod method, string path, string accessToken, HttpContent? content = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return request;
    }

    /// <summary>One call with the current access token; on 401 one refresh and one repeat. A failure becomes a <see cref="ConnectorException"/>.</summary>
    private async Task<HttpResponseMessage> CallAsync(ConnectorCredentials credentials, Func<string, HttpRequestMessage> request, string what, CancellationToken ct)
    {
        var token = rotations.Effective(credentials).GetValueOrDefault(AccessToken) ?? throw new ConnectorException(ConnectorFailure.CredentialsRejected,
            "接続情報にXのアクセストークンがありません。所属長が接続情報を登録し直してください。");
        var response = await Send(request(token));
        if (response.StatusCode == HttpStatusCode.Unauthorized)
        {
            var refusal = await MessageAsync(response, ct);
            response.Dispose();
            var renewed = await RenewAsync(credentials, token, refusal, ct);
            response = await Send(request(renewed));
        }
        if (response.IsSuccessStatusCode)
        {
            return response;
        }
        using (response)
        {
            throw await FailureAsync(response, what, ct);
        }

        async Task<HttpResponseMessage> Send(HttpRequestMessage message)
        {
            using (message)
            {
                return await ConnectorHttp.SendAsync(http, message, Name, ct);
            }
        }
    }

    /// <summary>
    /// Refreshes the access token that X refused, unless another call of this process already did (then its result is
    /// used). The new pair is remembered and stored through <see cref="ConnectorCredentials.OnSecretsRotated"/> before
    /// the call is repeated.
    /// </summary>
    private async Task<string> RenewAsync(ConnectorCredentials credentials, string refusedToken, string refusal, CancellationToken ct)
    {
        using var gate = await rotations.LockAsync(credentials.AccountId, ct);
        var current = rotations.Effective(credentials);
        if (current.GetValueOrDefault(AccessToken) is { } newer && newer != refusedToken)
        {
            return newer;
        }
        var refreshToken = current.GetValueOrDefault(RefreshToken);
        if (string.IsNullOrEmpty(refreshToken))
        {
            throw new ConnectorException(ConnectorFailure.CredentialsRejected,
                $"Xがアクセストークンを受け付けませんでした（Xの応答: \"{refusal}\"）。リフレッシュトークンが登録されていないため自動では更新できません。所属長が新しいアクセストークンを登録してください。", 401);
        }
        var app = options.Value.X;
        if (string.IsNullOrWhiteSpace(app.ClientId))
        {
            throw new ConnectorException(ConnectorFailure.CredentialsRejected,
                $"Xがアクセストークンを受け付けませんでした（Xの応答: \"{refusal}\"）。アプリのクライアントID（設定 Connectors:X:ClientId）がないため自動では更新できません。システム管理者に設定を依頼するか、所属長が新しいアクセストークンを登録してください。", 401);
        }
        // https://docs.x.com/fundamentals/authentication/oauth-2-0/user-access-token : grant_type=refresh_token, client_id;
        // a confidential client authenticates with Basic base64(client_id:client_secret).
        using var request = new HttpRequestMessage(HttpMethod.Post, "2/oauth2/token")
        {
            Content = new FormUrlEncodedContent([
                new("refresh_token", refreshToken),
                new("grant_type", "refresh_token"),
                new("client_id", app.ClientId),
            ]),
        };
        if (!string.IsNullOrEmpty(app.ClientSecret))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
                Convert.ToBase64String(Encoding.UTF8.GetBytes($"{app.ClientId}:{app.ClientSecret}")));
        }
        using var response = await ConnectorHttp.SendAsync(http, request, Name, ct);
        if (!response.IsSuccessStatusCode)
        {
            var status = (int)response.StatusCode;
            if (status == 429 || status >= 500 || status == 408)
            {
                throw await FailureAsync(response, "アクセストークンの更新", ct);
            }
            throw new ConnectorException(ConnectorFailure.CredentialsRejected,
                $"Xがアクセストークンの更新を受け付けませんでした（Xの応答: \"{await MessageAsync(response, ct)}\"）。所属長が新しいアクセストークンとリフレッシュトークンを登録してください。", status);
        }
        var json = await ConnectorHttp.JsonAsync(response, ct);
        var access = json?.String("access_token");
        if (string.IsNullOrEmpty(access))
        {
            throw new ConnectorException(ConnectorFailure.Transient,
                $"Xのアクセストークンの更新の応答が読み取れませんでした（Xの応答: \"{await ConnectorHttp.RawAsync(response, ct)}\"）。", (int)response.StatusCode);
        }
        var latest = new Dictionary<string, string>(current, StringComparer.Ordinal)
        {
            [AccessToken] = access,
            // X rotates the refresh token too; keep the old one only if none came back.
            [RefreshToken] = json?.String("refresh_token") is { Length: > 0 } rotated ? rotated : refreshToken,
        };
        rotations.Record(credentials.AccountId, refusedToken, latest);
        if (credentials.OnSecretsRotated is { } store)
        {
            try
            {
                await store(latest, ct);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The call goes on with the new tokens (this process remembers them); the next refresh stores them again.
                log.LogError(e, "The rotated X tokens of account {AccountId} could not be stored", credentials.AccountId);
            }
        }
        log.LogInformation("X access token of account {AccountId} refreshed", credentials.AccountId);
        return access;
    }

    private async Task<ConnectorException> FailureAsync(HttpResponseMessage response, string what, CancellationToken ct)
    {
        var status = (int)response.StatusCode;
        var json = await ConnectorHttp.JsonAsync(response, ct);
        var message = json is { } j ? MessageOf(j) ?? await ConnectorHttp.RawAsync(response, ct) : await ConnectorHttp.RawAsync(response, ct);
        var quoted = $"Xの応答: \"{ConnectorHttp.Quote(message)}\"";
        if (status == 429)
        {
            var reset = ResetOf(response);
            var now = clock.GetUtcNow();
            var after = reset is { } r ? r - now : response.Headers.RetryAfter?.Delta;
            if (after < TimeSpan.Zero)
            {
                after = TimeSpan.Zero;
            }
            var when = reset is { } at ? $"制限は{Wareki.FormatDateTime(at)}に解除されます。" : "しばらく待ってから行います。";
            return new ConnectorException(ConnectorFailure.RateLimited, $"Xの利用回数の上限に達したため、{what}ができませんでした（{quoted}）。{when}", status, after);
        }
        if (status >= 500 || status == 408)
        {
            return new ConnectorException(ConnectorFailure.Transient, $"Xが一時的に応答できませんでした（HTTP {status}、{quoted}）。", status);
        }
        if (status == 401)
        {
            return new ConnectorException(ConnectorFailure.CredentialsRejected,
                $"Xがアクセストークンを受け付けませんでした（{quoted}）。所属長が接続情報を登録し直してください。", status);
        }
        var type = json?.String("type") ?? "";
        if (status == 403 && (type.EndsWith("/client-forbidden", StringComparison.Ordinal) || type.EndsWith("/unsupported-authentication", StringComparison.Ordinal)))
        {
            return new ConnectorException(ConnectorFailure.CredentialsRejected,
                $"Xがこの接続での{what}を認めませんでした（{quoted}）。所属長がアプリの権限と接続情報を確認してください。", status);
        }
        // 400 (invalid text or reply target), 403 duplicate content and the rest: this post is refused, with X's words.
        return new ConnectorException(ConnectorFailure.Refused, $"Xが{what}を受け付けませんでした（{quoted}）。", status);
    }

    private static async Task<string> MessageAsync(HttpResponseMessage response, CancellationToken ct) =>
        ConnectorHttp.Quote(await ConnectorHttp.JsonAsync(response, ct) is { } json && MessageOf(json) is { } m ? m : await ConnectorHttp.RawAsync(response, ct));

    /// <summary>
    /// X's words from its error bodies: a problem (<c>{"title","detail","type","status"}</c>), an <c>errors</c> array
    /// (<c>{"errors":[{"message"…}]}</c>, also next to a problem's detail), or an OAuth error (<c>{"error","error_description"}</c>).
    /// </summary>
    internal static string? MessageOf(JsonElement json)
    {
        var parts = new List<string>();
        void Add(string? s)
        {
            if (!string.IsNullOrWhiteSpace(s) && !parts.Contains(s.Trim(), StringComparer.Ordinal))
            {
                parts.Add(s.Trim());
            }
        }
        Add(json.String("detail"));
        foreach (var e in json.Array("errors"))
        {
            Add(e.String("message") ?? e.String("detail"));
        }
        if (parts.Count == 0)
        {
            Add(json.String("error_description") ?? json.String("title") ?? json.String("error"));
        }
        return parts.Count == 0 ? null : string.Join(" / ", parts);
    }

    /// <summary>x-rate-limit-reset: the Unix time (seconds) when the window resets.</summary>
    private static DateTimeOffset? ResetOf(HttpResponseMessage response) =>
        response.Headers.TryGetValues("x-rate-limit-reset", out var values)
        && long.TryParse(values.FirstOrDefault(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : null;
}
