namespace MuniSocial.Features.Comments;

/// <summary>Wording shared by the comment pages.</summary>
public static class CommentPages
{
    public static string ActionLabel(string action) => action switch
    {
        "comment.recorded" => "記録",
        "comment.in-progress" => "確認中にした",
        "comment.no-action-needed" => "対応不要にした",
        "comment.reopened" => "未対応に戻した",
        "comment.reply-linked" => "返信の下書きを作成",
        "comment.interim-answered" => "暫定回答を公開（暫定回答済）",
        "comment.answered" => "回答を公開（回答済）",
        "comment.moderated" => "非表示・削除を記録",
        "comment.redacted" => "保存期間経過により内容を消去",
        _ => action,
    };
}
