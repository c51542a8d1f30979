using MuniSocial.Domain.Accounts;

namespace MuniSocial.Domain.Publishing;

/// <summary>One credential field a platform's connection needs: its JSON name, its label, and whether it is a secret.</summary>
/// <param name="Name">The API's field name (<c>channelAccessToken</c> …).</param>
/// <param name="Secret">A secret is stored encrypted and never shown again; a non-secret (a page id, a handle) is shown.</param>
public sealed record ConnectionField(string Name, string Label, bool Secret, bool Required = true);

/// <summary>
/// Which platforms MuniSocial can publish to and watch, and what each one's connection needs (the contract of
/// <c>PUT /api/v1/accounts/{id}/connection</c>). Instagram, YouTube, TikTok and その他 have no connector: their posts are
/// recorded by hand as before.
/// </summary>
public static class ConnectionFields
{
    public const int MaxValueLength = 4000;

    public static IReadOnlyList<ConnectionField> Of(Platform platform) => platform switch
    {
        Platform.Line => [new("channelAccessToken", "チャネルアクセストークン（長期）", true), new("channelSecret", "チャネルシークレット", true)],
        Platform.X => [new("accessToken", "アクセストークン（OAuth 2.0 ユーザーコンテキスト）", true), new("refreshToken", "リフレッシュトークン", true, Required: false),
            new("userId", "ユーザーID（数字）", false)],
        Platform.Facebook => [new("pageId", "ページID", false), new("pageAccessToken", "ページアクセストークン", true)],
        Platform.Bluesky => [new("handle", "ハンドル（例: city-nayoro.bsky.social）", false), new("appPassword", "アプリパスワード", true)],
        Platform.Mastodon => [new("instanceUrl", "サーバーのURL（例: https://mastodon.example.jp）", false), new("accessToken", "アクセストークン", true)],
        _ => [],
    };

    public static bool IsConnectable(Platform platform) => Of(platform).Count > 0;

    /// <summary>
    /// Checks what was entered: every required field present, no unknown field, values within length, Mastodon's server an
    /// https URL, X's user id digits. Returns the values trimmed, split into secrets and the public part.
    /// </summary>
    public static (IReadOnlyDictionary<string, string> Public, IReadOnlyDictionary<string, string> Secrets) Validate(Platform platform,
        IReadOnlyDictionary<string, string?>? input)
    {
        var fields = Of(platform);
        var errors = new Dictionary<string, string[]>();
        if (fields.Count == 0)
        {
            throw new DomainRuleException($"{Labels.Of(platform)}は自動発信に対応していません。発信はプラットフォームで行い、公開を記録してください。", "platform-not-connectable");
        }
        input ??= new Dictionary<string, string?>();
        foreach (var unknown in input.Keys.Where(k => fields.All(f => f.Name != k)))
        {
            errors[unknown] = [$"{Labels.Of(platform)}の接続に「{unknown}」という項目はありません（{string.Join("、", fields.Select(f => f.Name))}）。"];
        }
        var publicPart = new Dictionary<string, string>();
        var secrets = new Dictionary<string, string>();
        foreach (var field in fields)
        {
            var value = input.TryGetValue(field.Name, out var v) ? v?.Trim() ?? "" : "";
            if (value.Length == 0)
            {
                if (field.Required)
                {
                    errors[field.Name] = [$"{field.Label}を入力してください。"];
                }
                continue;
            }
            if (value.Length > MaxValueLength || value.Any(char.IsControl))
            {
                errors[field.Name] = [$"{field.Label}は改行を含まない{MaxValueLength}文字以内で入力してください。"];
                continue;
            }
            if (field.Name == "instanceUrl")
            {
                if (!Uri.TryCreate(value, UriKind.Absolute, out var u) || u.Scheme != Uri.UriSchemeHttps || u.PathAndQuery.Trim('/').Length > 0 && u.AbsolutePath != "/")
                {
                    errors[field.Name] = ["サーバーのURLは https://（サーバー名） の形で入力してください（例: https://mastodon.example.jp）。"];
                    continue;
                }
                value = u.GetLeftPart(UriPartial.Authority);
            }
            if (field.Name == "userId" && !value.All(char.IsAsciiDigit))
            {
                errors[field.Name] = ["XのユーザーIDは数字で入力してください（@から始まるユーザー名ではありません）。"];
                continue;
            }
            if (field.Name is "handle" or "pageId")
            {
                value = value.TrimStart('@');
            }
            (field.Secret ? secrets : publicPart)[field.Name] = value;
        }
        if (errors.Count > 0)
        {
            throw new DomainValidationException(errors);
        }
        return (publicPart, secrets);
    }
}
