using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using MuniSocial.Domain.Publishing;

namespace MuniSocial.Infrastructure.Connectors;

/// <summary>
/// The LINE Official Account adapter (Messaging API). An approved post goes out as a broadcast to every friend of the
/// account (<c>POST /v2/bot/message/broadcast</c>); a reply goes only to the user who wrote, as a push message
/// (<c>POST /v2/bot/message/push</c> with <c>"to"</c> = the LINE user id the webhook gave us). Every send carries the
/// publication's <c>X-Line-Retry-Key</c>, so a resend after a timeout or a crash is never delivered twice: LINE answers
/// 409 with the id of the request it already accepted.
/// <para>
/// Media are not sent: a LINE image or video message carries public HTTPS URLs of the file and its preview
/// (<c>originalContentUrl</c>, <c>previewImageUrl</c>), which MuniSocial does not publish (its files are behind sign-in),
/// so <see cref="SupportsMedia"/> is false and the operator adds images in LINE Official Account Manager.
/// Nothing is read back: the Messaging API has no endpoint that lists past broadcasts or their reactions, and users'
/// messages are pushed to the webhook (<c>/webhooks/line/{accountId}</c>) instead, so the watch does not cover LINE.
/// </para>
/// References:
/// https://developers.line.biz/en/reference/messaging-api/#send-broadcast-message ,
/// https://developers.line.biz/en/reference/messaging-api/#send-push-message ,
/// https://developers.line.biz/en/reference/messaging-api/#text-message (5,000 characters),
/// https://developers.line.biz/en/docs/messaging-api/retrying-api-request/ (X-Line-Retry-Key, 409, x-line-accepted-request-id),
/// https://developers.line.biz/en/reference/messaging-api/#status-codes and #error-responses (message, details[]),
/// https://developers.line.biz/en/reference/messaging-api/#response-headers (x-line-request-id).
/// </summary>
public sealed class LineConnector(IHttpClientFactory httpClients) : IPlatformConnector
{
    /// <summary>The named HttpClient (base address Connectors:Line:ApiBase, timeout Connectors:CallTimeout, no retry: every call is a send).</summary>
    public const string HttpClientName = "Connectors.Line";

    /// <summary>A text message's limit (LINE: "Max character limit: 5000").</summary>
    public const int MaxMessageLength = 5000;

    /// <summary>Messages one broadcast or push may carry (LINE: "Max: 5").</summary>
    public const int MaxMessages = 5;

    // The body is JSON, never HTML: Japanese text goes out as UTF-8, not as \u escapes.
    private static readonly JsonSerializerOptions BodyJson = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public Platform Platform => Platform.Line;

    public bool SupportsMedia => false;

    public bool CanReadBack => false;


    public async Task<SentPost> PublishAsync(ConnectorCredentials credentials, OutgoingPost post, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        ArgumentNullException.ThrowIfNull(post);
        var token = credentials.Required("channelAccessToken");
        var messages = SplitText(post.Text);
        var body = new JsonObject();
        string path;
        if (post.ReplyTo is { } target)
        {
            // A reply goes to the user's own chat, never to every friend of the account.
            if (string.IsNullOrWhiteSpace(target.AuthorId))
            {
                throw new ConnectorException(ConnectorFailure.Refused, "LINEの返信先の利用者（ユーザーID）が分からないため送れません。返信はLINE公式アカウントのチャットから行ってください。");
            }
            path = "v2/bot/message/push";
            body["to"] = target.AuthorId;
        }
        else
        {
            path = "v2/bot/message/broadcast";
        }
        body["messages"] = new JsonArray([.. messages.Select(m => (JsonNode)new JsonObject { ["type"] = "text", ["text"] = m })]);

        using var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new StringContent(body.ToJsonString(BodyJson), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.TryAddWithoutValidation("X-Line-Retry-Key", post.IdempotencyKey);

        // No answer (no connection, the call's timeout) is Transient: a resend with the same retry key tells whether it went out.
        var response = await ConnectorHttp.SendAsync(httpClients.CreateClient(HttpClientName), request, "LINE", ct);
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(ct);
            return Answer(response, text);
        }
    }

    /// <summary>LINE lists no past broadcasts: the watch does not cover LINE (<see cref="AccountConnection.WatchCovers"/>).</summary>
    public Task<IReadOnlyList<ObservedInput>> ReadRecentPostsAsync(ConnectorCredentials credentials, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<ObservedInput>>([]);

    /// <summary>Users' messages are pushed to the webhook, not read back.</summary>
    public Task<IReadOnlyList<ReadBackReply>> ReadRepliesAsync(ConnectorCredentials credentials, IReadOnlyList<string> ourPostIds, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<ReadBackReply>>([]);

    /// <summary>
    /// The text as LINE text messages: itself when it fits in 5,000 characters; otherwise cut at line ends (the line end
    /// at a cut is dropped, a line longer than 5,000 characters is cut at the limit) into at most 5 messages.
    /// </summary>
    public static IReadOnlyList<string> SplitText(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length <= MaxMessageLength)
        {
            return [text];
        }
        var parts = new List<string>();
        var current = new StringBuilder();
        var open = false; // whether current holds a message being filled (it may be an empty line)
        foreach (var line in text.Split('\n'))
        {
            var rest = line;
            // A line that cannot fit in one message is cut at the limit (never inside a surrogate pair).
            while (rest.Length > MaxMessageLength)
            {
                Flush();
                var cut = char.IsHighSurrogate(rest[MaxMessageLength - 1]) ? MaxMessageLength - 1 : MaxMessageLength;
                parts.Add(rest[..cut]);
                rest = rest[cut..];
            }
            if (open && current.Length + 1 + rest.Length > MaxMessageLength)
            {
                Flush();
            }
            if (open)
            {
                current.Append('\n');
            }
            current.Append(rest);
            open = true;
        }
        Flush();
        if (parts.Count > MaxMessages)
        {
            throw new ConnectorException(ConnectorFailure.Refused,
                string.Create(CultureInfo.InvariantCulture,
                    $"LINEの1回の配信は{MaxMessageLength:N0}文字のメッセージ{MaxMessages}通までです。本文（{text.Length:N0}文字）を{MaxMessageLength * MaxMessages:N0}文字程度までに短くしてください。"));
        }
        return parts;

        void Flush()
        {
            if (open)
            {
                parts.Add(current.ToString());
                current.Clear();
                open = false;
            }
        }
    }

    private static SentPost Answer(HttpResponseMessage response, string body)
    {
        var status = (int)response.StatusCode;
        if (response.IsSuccessStatusCode)
        {
            return new SentPost(HeaderOf(response, "x-line-request-id") ?? "", null);
        }
        var message = ErrorText(body);
        var quoted = $"（LINE の応答: \"{message}\"）";
        switch (response.StatusCode)
        {
            case HttpStatusCode.Conflict:
                // The retry key was accepted before: that earlier request is the one that went out.
                return HeaderOf(response, "x-line-accepted-request-id") is { } accepted
                    ? new SentPost(accepted, null)
                    : throw new ConnectorException(ConnectorFailure.Duplicate, $"LINEはこの配信を受付済みと答えましたが、受け付けた要求のIDを返しませんでした{quoted}。", status);
            case HttpStatusCode.BadRequest:
                throw new ConnectorException(ConnectorFailure.Refused, $"LINEが配信を受け付けませんでした{quoted}。", status);
            case HttpStatusCode.Unauthorized:
                throw new ConnectorException(ConnectorFailure.CredentialsRejected,
                    $"LINEがチャネルアクセストークンを受け付けませんでした{quoted}。所属長が接続情報を登録し直してください。", status);
            case HttpStatusCode.Forbidden:
                throw new ConnectorException(ConnectorFailure.Refused,
                    $"LINE公式アカウントの契約プランまたは権限では、この配信ができません{quoted}。", status);
            case HttpStatusCode.TooManyRequests when message.Contains("monthly limit", StringComparison.OrdinalIgnoreCase):
                throw new ConnectorException(ConnectorFailure.Refused,
                    $"LINE公式アカウントの今月のメッセージ通数の上限に達しているため配信できません{quoted}。" +
                    "通数を確かめ、別の配信が終わった後か翌月に、やり直してください。", status);
            case HttpStatusCode.TooManyRequests:
                throw new ConnectorException(ConnectorFailure.RateLimited, $"LINEへの要求が多すぎるため、時間をおいて配信します{quoted}。", status, RetryAfterOf(response));
        }
        if (status >= 500)
        {
            throw new ConnectorException(ConnectorFailure.Transient, $"LINEが一時的に応答できませんでした（HTTP {status}）{quoted}。", status);
        }
        throw new ConnectorException(ConnectorFailure.Refused, $"LINEが配信を受け付けませんでした（HTTP {status}）{quoted}。", status);
    }

    /// <summary>LINE's error body: <c>{"message": "...", "details": [{"message": "...", "property": "..."}]}</c>, as one line.</summary>
    public static string ErrorText(string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            var root = json.RootElement;
            var message = root.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() ?? "" : "";
            if (root.TryGetProperty("details", out var details) && details.ValueKind == JsonValueKind.Array)
            {
                var parts = details.EnumerateArray()
                    .Select(d => (Property: d.TryGetProperty("property", out var p) ? p.GetString() : null, Message: d.TryGetProperty("message", out var dm) ? dm.GetString() : null))
                    .Where(d => !string.IsNullOrEmpty(d.Message))
                    .Select(d => string.IsNullOrEmpty(d.Property) ? d.Message! : $"{d.Property}: {d.Message}")
                    .ToList();
                if (parts.Count > 0)
                {
                    message = $"{message} ({string.Join("; ", parts)})";
                }
            }
            return Shorten(message.Length > 0 ? message : body);
        }
        catch (JsonException)
        {
            return Shorten(body);
        }
    }

    private static string Shorten(string text)
    {
        text = text.ReplaceLineEndings(" ").Trim();
        return text.Length > 500 ? text[..500] + "…" : text;
    }

    private static string? HeaderOf(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    private static TimeSpan? RetryAfterOf(HttpResponseMessage response) =>
        response.Headers.RetryAfter?.Delta
        ?? (HeaderOf(response, "Retry-After") is { } s && int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds) ? TimeSpan.FromSeconds(seconds) : null);
}
