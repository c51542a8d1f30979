using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization;
using MuniSocial.Domain.Comments;
using MuniSocial.Domain.Publishing;

namespace MuniSocial.Infrastructure.Connectors;

/// <summary>
/// Mastodon (and the servers that speak its REST API). The base address is each account's own server (the public field
/// <c>instanceUrl</c>), so one named client sends absolute URIs. References:
/// <list type="bullet">
/// <item>post: <c>POST /api/v1/statuses</c> with <c>Idempotency-Key</c> — https://docs.joinmastodon.org/methods/statuses/#create
/// (a repeated key within an hour answers the status already made, so a resend of the same publication is safe);</item>
/// <item>media: <c>POST /api/v2/media</c> (multipart <c>file</c>, <c>description</c>), 202 while processing, then
/// <c>GET /api/v1/media/:id</c> — https://docs.joinmastodon.org/methods/media/#v2;</item>
/// <item>read back: <c>GET /api/v1/accounts/verify_credentials</c>, <c>GET /api/v1/accounts/:id/statuses</c>,
/// <c>GET /api/v1/notifications?types[]=mention</c> — https://docs.joinmastodon.org/methods/accounts/ and /methods/notifications/;</item>
/// <item>a reply target on another server: <c>GET /api/v2/search?resolve=true&amp;type=statuses</c> — https://docs.joinmastodon.org/methods/search/;</item>
/// <item>errors: <c>{"error":"…"}</c>, 401 token, 422 validation, 429 with <c>X-RateLimit-Reset</c> (ISO 8601) —
/// https://docs.joinmastodon.org/api/rate-limits/ and /entities/Error/.</item>
/// </list>
/// </summary>
public sealed class MastodonConnector(IHttpClientFactory clients, TimeProvider clock) : IPlatformConnector
{
    public const string ClientName = "Mastodon";
    private const string Label = "Mastodon";

    /// <summary>How often an uploaded file still being processed (202) is asked about before the post goes out.</summary>
    public const int MediaPolls = 10;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public Platform Platform => Platform.Mastodon;
    public bool SupportsMedia => true;
    public bool CanReadBack => true;

    public async Task<SentPost> PublishAsync(ConnectorCredentials credentials, OutgoingPost post, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        ArgumentNullException.ThrowIfNull(post);
        var server = Server(credentials);
        if (post.MayHaveGoneOut && await AlreadyPostedAsync(credentials, post, ct) is { } already)
        {
            return already;
        }
        var inReplyTo = post.ReplyTo is { } target ? await ReplyTargetIdAsync(credentials, server, target, ct) : null;
        var mediaIds = new List<string>();
        foreach (var media in post.Media)
        {
            mediaIds.Add(await UploadAsync(credentials, server, media, ct));
        }
        using var request = Request(HttpMethod.Post, server, "api/v1/statuses", credentials);
        request.Headers.Add("Idempotency-Key", post.IdempotencyKey);
        request.Content = JsonContent.Create(new StatusBody(post.Text, "public", "ja", inReplyTo, mediaIds.Count > 0 ? mediaIds : null), options: Json);
        var status = await CallAsync<MastodonStatus>(request, ct);
        return new SentPost(status.Id, status.Url ?? status.Uri);
    }

    public async Task<IReadOnlyList<ObservedInput>> ReadRecentPostsAsync(ConnectorCredentials credentials, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        var server = Server(credentials);
        var me = await AccountIdAsync(credentials, server, ct);
        using var request = Request(HttpMethod.Get, server, $"api/v1/accounts/{Uri.EscapeDataString(me)}/statuses?limit=40&exclude_reblogs=true", credentials);
        var statuses = await CallAsync<List<MastodonStatus>>(request, ct);
        return [.. statuses.Select(s => new ObservedInput(s.Id, s.Url ?? s.Uri, MastodonHtml.ToText(s.Content), s.CreatedAt))];
    }

    public async Task<IReadOnlyList<ReadBackReply>> ReadRepliesAsync(ConnectorCredentials credentials, IReadOnlyList<string> ourPostIds, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        var server = Server(credentials);
        using var request = Request(HttpMethod.Get, server, "api/v1/notifications?types[]=mention&limit=40", credentials);
        var notifications = await CallAsync<List<MastodonNotification>>(request, ct);
        return [.. notifications
            .Where(n => n.Type == "mention" && n.Status is not null)
            .Select(n => new ReadBackReply(
                $"{server.Host}/{n.Status!.Id}",
                n.Status.InReplyToId,
                "@" + (n.Account?.Acct ?? n.Status.Account?.Acct ?? "unknown"),
                MastodonHtml.ToText(n.Status.Content),
                n.Status.Url ?? n.Status.Uri,
                n.Status.CreatedAt ?? n.CreatedAt ?? clock.GetUtcNow(),
                n.Status.Visibility == "direct" ? CommentKind.DirectMessage : n.Status.InReplyToId is null ? CommentKind.Comment : CommentKind.Reply))];
    }

    /// <summary>
    /// Mastodon keeps an Idempotency-Key for one hour only: a resend after an attempt that may have gone out first looks
    /// for the exact text among the account's recent posts, so that a resend much later still makes no second post.
    /// </summary>
    private async Task<SentPost?> AlreadyPostedAsync(ConnectorCredentials credentials, OutgoingPost post, CancellationToken ct)
    {
        var recent = await ReadRecentPostsAsync(credentials, ct);
        return recent.FirstOrDefault(p => PublishedText.Same(post.Text, p.Text)) is { } found ? new SentPost(found.PlatformPostId, found.Url) : null;
    }

    /// <summary>
    /// The id, on our server, of the status a reply answers: a read-back reply's id is "ourhost/id"; a comment entered by
    /// hand from a link on another server ("otherhost/id", CommentLink) is looked up on ours by its URL (search with resolve).
    /// </summary>
    private async Task<string> ReplyTargetIdAsync(ConnectorCredentials credentials, Uri server, ReplyTarget target, CancellationToken ct)
    {
        var id = target.PlatformId;
        if (id is { Length: > 0 })
        {
            var slash = id.LastIndexOf('/');
            if (slash < 0)
            {
                return id;
            }
            if (string.Equals(id[..slash], server.Host, StringComparison.OrdinalIgnoreCase))
            {
                return id[(slash + 1)..];
            }
        }
        var url = target.Url;
        if (url is null)
        {
            throw new ConnectorException(ConnectorFailure.Refused, $"返信先のMastodonの投稿がわかりません（{id}）。コメントに投稿のURLを記録してください。");
        }
        using var request = Request(HttpMethod.Get, server, $"api/v2/search?q={Uri.EscapeDataString(url)}&resolve=true&type=statuses&limit=1", credentials);
        var found = await CallAsync<MastodonSearch>(request, ct);
        return found.Statuses is [var status, ..] ? status.Id
            : throw new ConnectorException(ConnectorFailure.Refused, $"返信先の投稿（{url}）がMastodonのサーバー（{server.Host}）で見つかりませんでした。");
    }

    private async Task<string> AccountIdAsync(ConnectorCredentials credentials, Uri server, CancellationToken ct)
    {
        using var request = Request(HttpMethod.Get, server, "api/v1/accounts/verify_credentials", credentials);
        return (await CallAsync<MastodonAccount>(request, ct)).Id;
    }

    private async Task<string> UploadAsync(ConnectorCredentials credentials, Uri server, OutgoingMedia media, CancellationToken ct)
    {
        using var form = new MultipartFormDataContent();
        var file = new StreamContent(File.OpenRead(media.Path));
        file.Headers.ContentType = MediaTypeHeaderValue.Parse(media.ContentType);
        form.Add(file, "file", media.FileName);
        if (media.AltText is { Length: > 0 } alt)
        {
            form.Add(new StringContent(alt), "description");
        }
        using var request = Request(HttpMethod.Post, server, "api/v2/media", credentials);
        request.Content = form;
        var attachment = await CallAsync<MastodonMedia>(request, ct);
        // 202: still processing; a status cannot attach it until GET /api/v1/media/:id answers 200.
        for (var poll = 0; attachment.Url is null && poll < MediaPolls; poll++)
        {
            await Task.Delay(TimeSpan.FromSeconds(1), clock, ct);
            using var check = Request(HttpMethod.Get, server, $"api/v1/media/{Uri.EscapeDataString(attachment.Id)}", credentials);
            attachment = await CallAsync<MastodonMedia>(check, ct);
        }
        return attachment.Url is null
            ? throw new ConnectorException(ConnectorFailure.Transient, $"Mastodonが添付ファイル（{media.FileName}）の処理を終えていません。しばらくして送り直します。")
            : attachment.Id;
    }

    private static Uri Server(ConnectorCredentials credentials)
    {
        var url = credentials.Required("instanceUrl");
        return Uri.TryCreate(url.TrimEnd('/') + "/", UriKind.Absolute, out var uri)
            ? uri
            : throw new ConnectorException(ConnectorFailure.CredentialsRejected, $"MastodonのサーバーのURL（{url}）が正しくありません。所属長が接続情報を登録し直してください。");
    }

    private static HttpRequestMessage Request(HttpMethod method, Uri server, string path, ConnectorCredentials credentials)
    {
        var request = new HttpRequestMessage(method, new Uri(server, path));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", credentials.Required("accessToken"));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return request;
    }

    private async Task<T> CallAsync<T>(HttpRequestMessage request, CancellationToken ct)
    {
        using var http = clients.CreateClient(ClientName);
        using var response = await ConnectorHttp.SendAsync(http, request, Label, ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        if (!response.IsSuccessStatusCode)
        {
            throw Failure(response, body, clock.GetUtcNow());
        }
        try
        {
            return JsonSerializer.Deserialize<T>(body, Json) ?? throw new JsonException("empty");
        }
        catch (JsonException e)
        {
            throw new ConnectorException(ConnectorFailure.Transient, $"Mastodonの応答を読めませんでした（{e.Message}）。", (int)response.StatusCode, inner: e);
        }
    }

    /// <summary>The platform's answer as a failure, with its own message (<c>{"error":"…"}</c>) inside a Japanese sentence.</summary>
    public static ConnectorException Failure(HttpResponseMessage response, string body, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(response);
        var status = (int)response.StatusCode;
        var message = ErrorMessage(body) ?? $"HTTP {status} {response.ReasonPhrase}";
        return response.StatusCode switch
        {
            HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => new ConnectorException(ConnectorFailure.CredentialsRejected,
                $"Mastodonが接続情報を受け付けませんでした（Mastodon の応答: \"{message}\"）。所属長がアクセストークンを登録し直してください。", status),
            HttpStatusCode.TooManyRequests => new ConnectorException(ConnectorFailure.RateLimited,
                $"Mastodonの利用回数の上限に達しました（Mastodon の応答: \"{message}\"）。時間をおいて送り直します。", status,
                ConnectorHttp.RetryAfter(response, "X-RateLimit-Reset", now)),
            _ when ConnectorHttp.IsServerError(response.StatusCode) => new ConnectorException(ConnectorFailure.Transient,
                $"Mastodonのサーバーが一時的に応答できませんでした（Mastodon の応答: \"{message}\"）。", status),
            _ => new ConnectorException(ConnectorFailure.Refused, $"Mastodonが発信を受け付けませんでした（Mastodon の応答: \"{message}\"）。", status),
        };
    }

    private static string? ErrorMessage(string body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            return doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.String
                ? e.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private sealed record StatusBody(
        [property: JsonPropertyName("status")] string Status,
        [property: JsonPropertyName("visibility")] string Visibility,
        [property: JsonPropertyName("language")] string Language,
        [property: JsonPropertyName("in_reply_to_id")] string? InReplyToId,
        [property: JsonPropertyName("media_ids")] IReadOnlyList<string>? MediaIds);

    private sealed record MastodonAccount([property: JsonPropertyName("id")] string Id, [property: JsonPropertyName("acct")] string? Acct);

    private sealed record MastodonStatus(
        [property: JsonPropertyName("id")] string Id,
        [property: JsonPropertyName("uri")] string? Uri,
        [property: JsonPropertyName("url")] string? Url,
        [property: JsonPropertyName("content")] string? Content,
        [property: JsonPropertyName("created_at")] DateTimeOffset? CreatedAt,
        [property: JsonPropertyName("in_reply_to_id")] string? InReplyToId,
        [property: JsonPropertyName("visibility")] string? Visibility,
        [property: JsonPropertyName("account")] MastodonAccount? Account);

    private sealed record MastodonNotification(
        [property: JsonPropertyName("id")] string Id,
        [property: JsonPropertyName("type")] string Type,
        [property: JsonPropertyName("created_at")] DateTimeOffset? CreatedAt,
        [property: JsonPropertyName("account")] MastodonAccount? Account,
        [property: JsonPropertyName("status")] MastodonStatus? Status);

    private sealed record MastodonMedia([property: JsonPropertyName("id")] string Id, [property: JsonPropertyName("url")] string? Url);

    private sealed record MastodonSearch([property: JsonPropertyName("statuses")] List<MastodonStatus>? Statuses);
}
