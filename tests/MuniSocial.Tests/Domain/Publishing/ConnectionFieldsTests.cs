using MuniSocial.Domain;
using MuniSocial.Domain.Accounts;
using MuniSocial.Domain.Publishing;

namespace MuniSocial.Tests.Domain.Publishing;

/// <summary>
/// What each platform's connection needs (the body of PUT /api/v1/accounts/{id}/connection): required fields, no unknown
/// field, lengths, no control characters, Mastodon's server an https URL, X's user id digits; secrets split from the
/// public part. Every refusal names the field with a Japanese message.
/// </summary>
public sealed class ConnectionFieldsTests
{
    public static TheoryData<Platform, Dictionary<string, string?>, Dictionary<string, string>, Dictionary<string, string>> Valid => new()
    {
        { Platform.Line, new() { ["channelAccessToken"] = " line-token ", ["channelSecret"] = "line-secret" }, [], new() { ["channelAccessToken"] = "line-token", ["channelSecret"] = "line-secret" } },
        { Platform.X, new() { ["accessToken"] = "x-access", ["refreshToken"] = "x-refresh", ["userId"] = "1234567890" }, new() { ["userId"] = "1234567890" },
            new() { ["accessToken"] = "x-access", ["refreshToken"] = "x-refresh" } },
        { Platform.X, new() { ["accessToken"] = "x-access", ["userId"] = "42" }, new() { ["userId"] = "42" }, new() { ["accessToken"] = "x-access" } },
        { Platform.Facebook, new() { ["pageId"] = "1000123", ["pageAccessToken"] = "fb-token" }, new() { ["pageId"] = "1000123" }, new() { ["pageAccessToken"] = "fb-token" } },
        { Platform.Bluesky, new() { ["handle"] = "@city-nayoro.bsky.social", ["appPassword"] = "abcd-efgh-ijkl-mnop" }, new() { ["handle"] = "city-nayoro.bsky.social" },
            new() { ["appPassword"] = "abcd-efgh-ijkl-mnop" } },
        { Platform.Mastodon, new() { ["instanceUrl"] = "https://mastodon.example.jp/", ["accessToken"] = "m-token" }, new() { ["instanceUrl"] = "https://mastodon.example.jp" },
            new() { ["accessToken"] = "m-token" } },
    };

    [Theory]
    [MemberData(nameof(Valid))]
    public void A_complete_entry_is_split_into_the_public_part_and_the_secrets(Platform platform, Dictionary<string, string?> input,
        Dictionary<string, string> expectedPublic, Dictionary<string, string> expectedSecrets)
    {
        var (publicPart, secrets) = ConnectionFields.Validate(platform, input);
        Assert.Equal(expectedPublic.OrderBy(p => p.Key), publicPart.OrderBy(p => p.Key));
        Assert.Equal(expectedSecrets.OrderBy(p => p.Key), secrets.OrderBy(p => p.Key));
    }

    [Theory]
    [InlineData(Platform.Line, "channelAccessToken", "チャネルアクセストークン（長期）を入力してください。")]
    [InlineData(Platform.Line, "channelSecret", "チャネルシークレットを入力してください。")]
    [InlineData(Platform.X, "accessToken", "アクセストークン（OAuth 2.0 ユーザーコンテキスト）を入力してください。")]
    [InlineData(Platform.X, "userId", "ユーザーID（数字）を入力してください。")]
    [InlineData(Platform.Facebook, "pageId", "ページIDを入力してください。")]
    [InlineData(Platform.Facebook, "pageAccessToken", "ページアクセストークンを入力してください。")]
    [InlineData(Platform.Bluesky, "handle", "ハンドル（例: city-nayoro.bsky.social）を入力してください。")]
    [InlineData(Platform.Bluesky, "appPassword", "アプリパスワードを入力してください。")]
    [InlineData(Platform.Mastodon, "instanceUrl", "サーバーのURL（例: https://mastodon.example.jp）を入力してください。")]
    [InlineData(Platform.Mastodon, "accessToken", "アクセストークンを入力してください。")]
    public void A_required_field_left_out_or_blank_is_named(Platform platform, string field, string message)
    {
        foreach (var blank in new string?[] { null, "", "   " })
        {
            var input = Complete(platform);
            if (blank is null)
            {
                input.Remove(field);
            }
            else
            {
                input[field] = blank;
            }
            var ex = Assert.Throws<DomainValidationException>(() => ConnectionFields.Validate(platform, input));
            Assert.Equal([message], ex.FieldErrors[field]);
            Assert.Single(ex.FieldErrors);
        }
    }

    [Theory]
    [InlineData(Platform.Line)]
    [InlineData(Platform.X)]
    [InlineData(Platform.Facebook)]
    [InlineData(Platform.Bluesky)]
    [InlineData(Platform.Mastodon)]
    public void An_unknown_field_is_refused_with_the_fields_there_are(Platform platform)
    {
        var input = Complete(platform);
        input["password"] = "p";
        var ex = Assert.Throws<DomainValidationException>(() => ConnectionFields.Validate(platform, input));
        Assert.Equal([$"{Labels.Of(platform)}の接続に「password」という項目はありません（{string.Join("、", ConnectionFields.Of(platform).Select(f => f.Name))}）。"],
            ex.FieldErrors["password"]);
    }

    [Theory]
    [InlineData(Platform.Line, "channelSecret")]
    [InlineData(Platform.X, "accessToken")]
    [InlineData(Platform.Facebook, "pageAccessToken")]
    [InlineData(Platform.Bluesky, "appPassword")]
    [InlineData(Platform.Mastodon, "accessToken")]
    public void Too_long_values_and_control_characters_are_refused(Platform platform, string field)
    {
        var label = ConnectionFields.Of(platform).Single(f => f.Name == field).Label;
        foreach (var bad in new[] { new string('a', ConnectionFields.MaxValueLength + 1), "abc\ndef", "abc\u0000" })
        {
            var input = Complete(platform);
            input[field] = bad;
            var ex = Assert.Throws<DomainValidationException>(() => ConnectionFields.Validate(platform, input));
            Assert.Equal([$"{label}は改行を含まない{ConnectionFields.MaxValueLength}文字以内で入力してください。"], ex.FieldErrors[field]);
        }
        var longest = Complete(platform);
        longest[field] = new string('a', ConnectionFields.MaxValueLength);
        Assert.Equal(ConnectionFields.MaxValueLength, ConnectionFields.Validate(platform, longest).Secrets[field].Length);
    }

    [Theory]
    [InlineData("http://mastodon.example.jp")]
    [InlineData("mastodon.example.jp")]
    [InlineData("https://mastodon.example.jp/@nayoro")]
    [InlineData("ftp://mastodon.example.jp")]
    public void The_Mastodon_server_must_be_an_https_address_of_the_server_alone(string url)
    {
        var input = Complete(Platform.Mastodon);
        input["instanceUrl"] = url;
        var ex = Assert.Throws<DomainValidationException>(() => ConnectionFields.Validate(Platform.Mastodon, input));
        Assert.Equal(["サーバーのURLは https://（サーバー名） の形で入力してください（例: https://mastodon.example.jp）。"], ex.FieldErrors["instanceUrl"]);
    }

    [Theory]
    [InlineData("@nayoro_city")]
    [InlineData("12a45")]
    [InlineData("１２３")]
    public void The_X_user_id_is_digits_not_the_handle(string userId)
    {
        var input = Complete(Platform.X);
        input["userId"] = userId;
        var ex = Assert.Throws<DomainValidationException>(() => ConnectionFields.Validate(Platform.X, input));
        Assert.Equal(["XのユーザーIDは数字で入力してください（@から始まるユーザー名ではありません）。"], ex.FieldErrors["userId"]);
    }

    [Theory]
    [InlineData(Platform.Instagram)]
    [InlineData(Platform.YouTube)]
    [InlineData(Platform.TikTok)]
    [InlineData(Platform.Other)]
    public void A_platform_without_a_connector_is_refused_whatever_is_entered(Platform platform)
    {
        Assert.False(ConnectionFields.IsConnectable(platform));
        var ex = Assert.Throws<DomainRuleException>(() => ConnectionFields.Validate(platform, new Dictionary<string, string?> { ["accessToken"] = "t" }));
        Assert.Equal("platform-not-connectable", ex.Rule);
        Assert.Equal($"{Labels.Of(platform)}は自動発信に対応していません。発信はプラットフォームで行い、公開を記録してください。", ex.Message);
    }

    [Fact]
    public void Every_platform_with_a_connector_has_a_secret_and_every_other_platform_none()
    {
        foreach (var platform in Enum.GetValues<Platform>())
        {
            var fields = ConnectionFields.Of(platform);
            var connectable = platform is Platform.Line or Platform.X or Platform.Facebook or Platform.Bluesky or Platform.Mastodon;
            Assert.Equal(connectable, fields.Count > 0);
            Assert.Equal(connectable, fields.Any(f => f.Secret && f.Required));
        }
    }

    internal static Dictionary<string, string?> Complete(Platform platform) => platform switch
    {
        Platform.Line => new() { ["channelAccessToken"] = "line-token", ["channelSecret"] = "line-secret" },
        Platform.X => new() { ["accessToken"] = "x-access", ["refreshToken"] = "x-refresh", ["userId"] = "1234567890" },
        Platform.Facebook => new() { ["pageId"] = "1000123", ["pageAccessToken"] = "fb-token" },
        Platform.Bluesky => new() { ["handle"] = "city-nayoro.bsky.social", ["appPassword"] = "abcd-efgh-ijkl-mnop" },
        Platform.Mastodon => new() { ["instanceUrl"] = "https://mastodon.example.jp", ["accessToken"] = "m-token" },
        _ => [],
    };
}
