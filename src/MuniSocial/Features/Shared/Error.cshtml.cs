
namespace MuniSocial.Features.Shared;

[IgnoreAntiforgeryToken]
public sealed class ErrorModel : PageModel
{
    public string Title { get; private set; } = "";
    public string Message { get; private set; } = "";

    public void OnGet(int code) => Set(code);

    public void OnPost(int code) => Set(code);

    private void Set(int code)
    {
        // Keep the original status when re-executed by the status code pages middleware.
        if (HttpContext.Response.StatusCode == 200)
        {
            HttpContext.Response.StatusCode = code is >= 400 and < 600 ? code : 404;
        }
        (Title, Message) = code switch
        {
            400 => ("入力内容に誤りがあります", "送信された内容を確認してください。"),
            401 => ("ログインが必要です", "職員ログインからログインしてください。"),
            403 => ("権限がありません", "このページを表示する、またはこの操作を行う権限がありません。"),
            404 => ("ページが見つかりません", "お探しのページは見つかりませんでした。アドレスを確認してください。"),
            _ => ("エラーが発生しました", "申し訳ありません。処理中に問題が発生しました。時間をおいて再度お試しください。"),
        };
    }
}
