using MuniSocial.Domain.Comments;
using MuniSocial.Domain.Posts;

namespace MuniSocial.Infrastructure.Seeding;

/// <summary>
/// Demo data of the comments inbox: a question and an advertisement (moderated as ⑸) on 観光情報 (返信しない), a
/// complaint and a question answered for the time being (interim answer, formal answer due in three days) on the
/// フェス page (必要に応じて返信する) — each made through the domain's own transitions.
/// </summary>
internal static class DemoComments
{
    public static void Seed(AppDbContext db, DateTimeOffset now, SocialAccount kankoInfo, SocialAccount festival, Actor op, Actor op3, Actor head)
    {
        var today = Wareki.TodayIn(now);
        Comment Add(SocialAccount account, CommentKind kind, string author, string text, string? url, int hoursAgo, CommentSource source = CommentSource.Manual)
        {
            var at = now.AddHours(-hoursAgo);
            var c = Comment.Create(op, account, Comment.Prepare(account, new CommentInput(kind, author, text, url, at), at.AddMinutes(5)), source, at.AddMinutes(5));
            db.Comments.Add(c);
            return c;
        }

        Add(kankoInfo, CommentKind.Reply, "@snow_lover_demo", "なよろ雪質日本一フェスの駐車場は何台分ありますか？当日は何時から入れますか。",
            "https://x.com/snow_lover_demo/status/1790000000000000101", 20);
        var ad = Add(kankoInfo, CommentKind.Reply, "@cheap_tours_demo", "【格安ツアー】北海道旅行が今だけ半額！詳しくはプロフィールのリンクから今すぐ予約を！",
            "https://x.com/cheap_tours_demo/status/1790000000000000102", 30);
        ad.Moderate(op3, [ModerationCategory.Advertising], "投稿と無関係な旅行商品の宣伝のため、媒体上で非表示にした。", ModerationAction.Hide, now.AddHours(-28));

        var complaint = Add(festival, CommentKind.Comment, "名寄 花子（デモ）", "会場のトイレが少なく、30分以上並びました。来年は改善してください。",
            "https://www.facebook.com/nayoro.snowfes.demo/posts/1001?comment_id=2001&__cft__[0]=AZX", 50);
        complaint.StartHandling(head, now.AddHours(-45));

        var question = Add(festival, CommentKind.Comment, "Taro Yamada (demo)", "来年のフェスの開催日はもう決まっていますか？ボランティアとして参加したいです。",
            "https://www.facebook.com/nayoro.snowfes.demo/posts/1001?comment_id=2002", 72);
        var reply = Post.Create(op, festival, PostKind.Reply, new PostInput("お問い合わせありがとうございます。来年の開催日は実行委員会で調整中です。決まり次第、このページでお知らせします。",
            null, null, null, question.Url, question.Id, Interim: true, FormalDueOn: today.AddDays(3)), now.AddHours(-70));
        question.LinkReply(op, reply, repliesOffered: true, now.AddHours(-70));
        reply.Submit(op, [], [], new PostRoute(CheckRequirement.Required, HeadApproval: true), requestCheck: false, now.AddHours(-69));
        reply.Review(op3, ReviewDecision.Approve, null, [], now.AddHours(-68));
        reply.Review(head, ReviewDecision.Approve, null, [], now.AddHours(-67));
        reply.RecordPublished(op, "https://www.facebook.com/nayoro.snowfes.demo/posts/1001?comment_id=2003", now.AddHours(-66), now.AddHours(-66));
        question.RecordAnswerPublished(op, reply, now.AddHours(-66));
        db.Posts.Add(reply);
    }
}
