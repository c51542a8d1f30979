using System.Globalization;

namespace MuniSocial.Features.Posts;

/// <summary>
/// The post's one-way steps (§5(2)): publishing through the account's connector (「発信する」) and recording a post made
/// by hand on the platform (「公開を記録する」). Each has a "check your answers" page (<c>/posts/{id}/check/{key}</c>,
/// changes nothing) whose button posts to the post page's handler with the version shown there, and a confirmation
/// page (<c>/posts/{id}/done/{key}</c>) saying what happened and what comes next. The API is unchanged.
/// </summary>
public sealed record PostStep(string Key, string Heading, string Button, string Handler, string Irreversible, string DoneTitle)
{
    public static readonly PostStep Send = new(
        "send", "発信する内容を確認してください", "発信する", "/posts/{0}?handler=Send",
        "発信すると、この内容のままソーシャルメディアに投稿され、MuniSocialからは変更・削除できません（誤りがあった場合は、削除せずに訂正の投稿をします。ガイドライン5(5)ア(イ)）。",
        "発信を受け付けました");

    public static readonly PostStep Record = new(
        "record", "公開の記録を確認してください", "公開を記録する", "/posts/{0}?handler=Publish",
        "記録すると、この投稿は「公開済み」になり、本文も記録も変更・削除できません（誤りがあった場合は、訂正の投稿をします。ガイドライン5(5)ア(イ)）。",
        "公開を記録しました");

    public static IReadOnlyList<PostStep> All { get; } = [Send, Record];

    public static PostStep? Find(string key) => All.FirstOrDefault(s => s.Key == key);

    public string PostUrl(Guid id) => string.Format(CultureInfo.InvariantCulture, Handler, id);

    public static string CheckUrl(Guid id, PostStep step) => $"/posts/{id}/check/{step.Key}";

    public static string DoneUrl(Guid id, PostStep step) => $"/posts/{id}/done/{step.Key}";
}
