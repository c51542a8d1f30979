using System.Data.Common;
using System.Net.Sockets;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace MuniSocial.Infrastructure.PublicSite;

/// <summary>
/// When the database cannot be reached: staff pages answer a plain 503 page that says so (no layout: the layout itself
/// reads the database for a signed-in user), <c>/api/v1</c> a 503 ProblemDetails, never a 500 with a stack. The public
/// side is not here: it answers from the snapshot (<see cref="PublicResponseCache"/>).
/// </summary>
public static class DatabaseOutage
{
    public const string Title = "データベースに接続できません";

    public const string Message = "データベースに接続できないため、職員用の画面は現在使えません。復旧すると自動的に使えるようになります。しばらく待ってから、もう一度お試しください。市民向けの公式アカウント一覧・運用ポリシー・確認ページは、最後に取得した情報で表示しています。";

    /// <summary>Whether an exception says the database is out of reach (not a bug or a broken rule).</summary>
    public static bool IsUnavailable(Exception? exception)
    {
        for (var ex = exception; ex is not null; ex = ex.InnerException)
        {
            switch (ex)
            {
                case DatabaseUnavailableException or SocketException or TimeoutException:
                    return true;
                case PostgresException pg:
                    // 08 connection exception, 53 insufficient resources, 57P0x the server is shutting down or starting.
                    return pg.SqlState.StartsWith("08", StringComparison.Ordinal) || pg.SqlState.StartsWith("53", StringComparison.Ordinal)
                        || pg.SqlState is "57P01" or "57P02" or "57P03" or "3D000";
                case NpgsqlException:
                    return true;
                case SqliteException sqlite:
                    // SQLITE_PERM 3, SQLITE_IOERR 10, SQLITE_CORRUPT 11, SQLITE_CANTOPEN 14, SQLITE_NOTADB 26.
                    return sqlite.SqliteErrorCode is 3 or 10 or 11 or 14 or 26;
                case DbException:
                    return false;
            }
        }
        return false;
    }

    public static async Task WriteAsync(HttpContext context)
    {
        context.Response.Clear();
        await PlainAnswer.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, 30, Title,
            context.Request.Path.StartsWithSegments("/api")
                ? "データベースに接続できないため、現在この操作はできません。復旧すると自動的に使えるようになります。時間をおいて再度お試しください。"
                : Message,
            "database-unavailable", ct: context.RequestAborted);
    }
}

/// <summary>An exception that says the database is down becomes the 503 answer, and puts the public side in disaster mode at once.</summary>
public sealed class DatabaseOutageExceptionHandler(PublicSiteState site) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (!DatabaseOutage.IsUnavailable(exception))
        {
            return false;
        }
        site.ReportDatabaseDown(exception);
        await DatabaseOutage.WriteAsync(httpContext);
        return true;
    }
}
