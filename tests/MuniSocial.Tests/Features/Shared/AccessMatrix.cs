using System.Text;
using MuniSocial.Infrastructure.Identity;

namespace MuniSocial.Tests.Features.Shared;

/// <summary>
/// The expected answer of every page and endpoint to every role, tested by <see cref="AccessMatrixTests"/> and printed into
/// docs/security.md. One row per page (PAGE: its GET; a refused cell is also POSTed with a valid antiforgery token) and per
/// endpoint (its method, with <c>{}</c> as the body of a POST/PUT), five cells:
/// <c>anonymous | 担当者 (Operator) | 所属長 (SectionHead) | 広報担当 (PrOffice + Operator) | 管理者 (Admin)</c>.
/// <para>
/// A cell is <c>login</c> (302 to /login), <c>401</c>, <c>403</c>, <c>404</c>, or <c>ok</c>: not refused (any other answer — 200,
/// a redirect elsewhere, 400/409/415/422 for the empty body). Where the route names an entity, each signed-in role asks for
/// one of its own section (営業戦略室, where the operator and the head work) and one of another section (こども未来課);
/// <c>ok/404</c> means own: ok, other: 404. One value means both. Anonymous asks for the own section's entity.
/// </para>
/// <para>
/// Adding a page or an endpoint: add its line here (the test prints a suggested line made from AccessTable, to be checked), then
/// run AccessMatrixTests with MUNISOCIAL_WRITE_DOCS=1 to print it into docs/security.md.
/// </para>
/// </summary>
public static class AccessMatrix
{
    public enum Who { Anonymous, Operator, SectionHead, PrOffice, Admin }

    public sealed record Row(string Key, string[] Cells)
    {
        /// <summary>The expected answer for <paramref name="who"/>, for the other section's entity when <paramref name="otherSection"/>.</summary>
        public string Expected(Who who, bool otherSection)
        {
            var cell = Cells[(int)who].Split('/');
            return otherSection && cell.Length > 1 ? cell[1] : cell[0];
        }
    }

    private static Row R(string key, string cells)
    {
        var parts = cells.Split('|', StringSplitOptions.TrimEntries);
        if (parts.Length != 5)
        {
            throw new InvalidOperationException($"AccessMatrix row {key}: five cells, not {parts.Length}");
        }
        return new Row(key, parts);
    }

    public static IReadOnlyList<Row> Rows { get; } =
    [
        R("PAGE /",                                                                  "ok | ok | ok | ok | ok"),
        R("PAGE /access-holders",                                                    "login | 403 | 403 | ok | ok"),
        R("PAGE /accounts",                                                          "login | ok | ok | ok | 403"),
        R("PAGE /accounts/new",                                                      "login | ok | ok | ok | 403"),
        R("PAGE /accounts/{id:guid}",                                                "login | ok/404 | ok/404 | ok | 403"),
        R("PAGE /accounts/{id:guid}/check/{step}",                                   "login | 403/404 | 403/404 | ok | 403"),
        R("PAGE /accounts/{id:guid}/comments",                                       "login | ok/404 | ok/404 | ok | 403"),
        R("PAGE /accounts/{id:guid}/comments/import",                                "login | ok/404 | ok/404 | ok | 403"),
        R("PAGE /accounts/{id:guid}/comments/new",                                   "login | ok/404 | ok/404 | ok | 403"),
        R("PAGE /accounts/{id:guid}/connection",                                     "login | ok/404 | ok/404 | ok | 403"),
        R("PAGE /accounts/{id:guid}/delisting",                                      "login | 403/404 | ok/404 | 403 | 403"),
        R("PAGE /accounts/{id:guid}/discard",                                        "login | ok/404 | ok/404 | 403 | 403"),
        R("PAGE /accounts/{id:guid}/documents",                                      "login | ok/404 | ok/404 | ok | 403"),
        R("GET /accounts/{id:guid}/documents/{docId:guid}.docx",                     "login | ok/404 | ok/404 | ok | 403"),
        R("GET /accounts/{id:guid}/documents/{docId:guid}.pdf",                      "login | ok/404 | ok/404 | ok | 403"),
        R("PAGE /accounts/{id:guid}/done/{step}",                                    "login | ok/404 | ok/404 | ok | 403"),
        R("PAGE /accounts/{id:guid}/edit",                                           "login | ok/404 | ok/404 | 403 | 403"),
        R("PAGE /admin/jobs",                                                        "login | 403 | 403 | 403 | ok"),
        R("PAGE /admin/networks",                                                    "login | 403 | 403 | 403 | ok"),
        R("PAGE /admin/office",                                                      "login | 403 | 403 | 403 | ok"),
        R("PAGE /admin/organisation",                                                "login | 403 | 403 | 403 | ok"),
        R("PAGE /admin/organisation/departments/new",                                "login | 403 | 403 | 403 | ok"),
        R("PAGE /admin/organisation/departments/{id:guid}",                          "login | 403 | 403 | 403 | ok"),
        R("PAGE /admin/organisation/departments/{id:guid}/sections/new",             "login | 403 | 403 | 403 | ok"),
        R("PAGE /admin/organisation/sections/{id:guid}",                             "login | 403 | 403 | 403 | ok"),
        R("PAGE /admin/organisation/sections/{id:guid}/units/new",                   "login | 403 | 403 | 403 | ok"),
        R("PAGE /admin/organisation/units/{id:guid}",                                "login | 403 | 403 | 403 | ok"),
        R("PAGE /admin/organisation/{kind}/{id:guid}/delete",                        "login | 403 | 403 | 403 | ok"),
        R("PAGE /admin/organisation/{kind}/{id:guid}/deleted",                       "login | 403 | 403 | 403 | ok"),
        R("PAGE /admin/users",                                                       "login | 403 | 403 | 403 | ok"),
        R("PAGE /admin/users/new",                                                   "login | 403 | 403 | 403 | ok"),
        R("PAGE /admin/users/{id}",                                                  "login | 403 | 403 | 403 | ok"),
        R("GET /api/public/accounts",                                                "ok | ok | ok | ok | ok"),
        R("GET /api/public/accounts.csv",                                            "ok | ok | ok | ok | ok"),
        R("GET /api/public/accounts/{id:guid}",                                      "ok | ok | ok | ok | ok"),
        R("GET /api/public/closed-accounts",                                         "ok | ok | ok | ok | ok"),
        R("GET /api/public/feed.atom",                                               "ok | ok | ok | ok | ok"),
        R("GET /api/public/impersonations",                                          "ok | ok | ok | ok | ok"),
        R("GET /api/public/verify",                                                  "ok | ok | ok | ok | ok"),
        R("GET /api/v1/accounts",                                                    "401 | ok | ok | ok | 403"),
        R("POST /api/v1/accounts",                                                   "401 | ok | ok | ok | 403"),
        R("DELETE /api/v1/accounts/{id:guid}",                                       "401 | ok/404 | ok/404 | 403 | 403"),
        R("GET /api/v1/accounts/{id:guid}",                                          "401 | ok/404 | ok/404 | ok | 403"),
        R("GET /api/v1/accounts/{id:guid}/access-holders",                           "401 | ok/404 | ok/404 | ok | 404"),
        R("POST /api/v1/accounts/{id:guid}/access-holders",                          "401 | ok/404 | ok/404 | 403 | 404"),
        R("PUT /api/v1/accounts/{id:guid}/access-holders/two-factor",                "401 | ok/404 | ok/404 | 403 | 404"),
        R("POST /api/v1/accounts/{id:guid}/access-holders/{holderId:guid}/removal",  "401 | 404 | 404 | 403 | 404"),
        R("GET /api/v1/accounts/{id:guid}/comments",                                 "401 | ok/404 | ok/404 | ok | 403"),
        R("POST /api/v1/accounts/{id:guid}/comments",                                "401 | ok/404 | ok/404 | ok | 403"),
        R("DELETE /api/v1/accounts/{id:guid}/connection",                            "401 | 403 | 404 | 403 | 403"),
        R("GET /api/v1/accounts/{id:guid}/connection",                               "401 | ok/404 | ok/404 | ok | 403"),
        R("PUT /api/v1/accounts/{id:guid}/connection",                               "401 | 403 | ok/404 | 403 | 403"),
        R("GET /api/v1/accounts/{id:guid}/daily-checks",                             "401 | ok/404 | ok/404 | ok | 404"),
        R("POST /api/v1/accounts/{id:guid}/daily-checks",                            "401 | ok/404 | ok/404 | 403 | 404"),
        R("POST /api/v1/accounts/{id:guid}/delisting",                               "401 | 403 | 403 | ok | 403"),
        R("POST /api/v1/accounts/{id:guid}/delisting-request",                       "401 | 403 | ok/404 | 403 | 403"),
        R("GET /api/v1/accounts/{id:guid}/documents",                                "401 | ok/404 | ok/404 | ok | 403"),
        R("GET /api/v1/accounts/{id:guid}/documents/{docId:guid}.docx",              "401 | ok/404 | ok/404 | ok | 403"),
        R("GET /api/v1/accounts/{id:guid}/documents/{docId:guid}.pdf",               "401 | ok/404 | ok/404 | ok | 403"),
        R("POST /api/v1/accounts/{id:guid}/listing",                                 "401 | 403 | 403 | ok | 403"),
        R("POST /api/v1/accounts/{id:guid}/listing-request",                         "401 | 403 | ok/404 | 403 | 403"),
        R("PUT /api/v1/accounts/{id:guid}/operators",                                "401 | ok/404 | ok/404 | 403 | 403"),
        R("PUT /api/v1/accounts/{id:guid}/policy",                                   "401 | ok/404 | ok/404 | 403 | 403"),
        R("POST /api/v1/accounts/{id:guid}/return",                                  "401 | 403 | 403 | ok | 403"),
        R("GET /api/v1/accounts/{id:guid}/reviews",                                  "401 | ok/404 | ok/404 | ok | 403"),
        R("POST /api/v1/accounts/{id:guid}/reviews",                                 "401 | 403/404 | ok/404 | 403 | 403"),
        R("GET /api/v1/accounts/{id:guid}/reviews/{reviewId:guid}",                  "401 | 404 | 404 | 404 | 403"),
        R("POST /api/v1/accounts/{id:guid}/revision",                                "401 | 403 | ok/404 | 403 | 403"),
        R("POST /api/v1/accounts/{id:guid}/revision-acceptance",                     "401 | 403 | 403 | ok | 403"),
        R("POST /api/v1/accounts/{id:guid}/revision-discard",                        "401 | ok/404 | ok/404 | 403 | 403"),
        R("POST /api/v1/accounts/{id:guid}/revision-start",                          "401 | ok/404 | ok/404 | 403 | 403"),
        R("GET /api/v1/admin/users",                                                 "401 | 403 | 403 | 403 | ok"),
        R("POST /api/v1/admin/users",                                                "401 | 403 | 403 | 403 | ok"),
        R("GET /api/v1/admin/users/{id}",                                            "401 | 403 | 403 | 403 | ok"),
        R("PUT /api/v1/admin/users/{id}",                                            "401 | 403 | 403 | 403 | ok"),
        R("GET /api/v1/audit",                                                       "401 | 403 | 403 | ok | ok"),
        R("POST /api/v1/audit/verification",                                         "401 | 403 | 403 | ok | ok"),
        R("POST /api/v1/auth/token",                                                 "ok | ok | ok | ok | ok"),
        R("POST /api/v1/auth/logout",                                                "401 | ok | ok | ok | ok"),
        R("GET /api/v1/board",                                                       "401 | 403 | 403 | ok | 403"),
        R("GET /api/v1/comments/{id:guid}",                                          "401 | ok/404 | ok/404 | ok | 403"),
        R("POST /api/v1/comments/{id:guid}/interim-answer",                          "401 | ok/404 | ok/404 | 403 | 403"),
        R("POST /api/v1/comments/{id:guid}/moderation",                              "401 | ok/404 | ok/404 | ok | 403"),
        R("POST /api/v1/comments/{id:guid}/reply",                                   "401 | ok/404 | ok/404 | 403 | 403"),
        R("POST /api/v1/comments/{id:guid}/status",                                  "401 | ok/404 | ok/404 | ok | 403"),
        R("POST /api/v1/content-check",                                              "401 | ok | ok | ok | ok"),
        R("GET /api/v1/content-check/settings",                                      "401 | ok | ok | ok | 403"),
        R("PUT /api/v1/content-check/settings",                                      "401 | 403 | 403 | ok | 403"),
        R("GET /api/v1/guideline/acknowledgements",                                  "401 | 403 | 403 | ok | 403"),
        R("GET /api/v1/incidents",                                                   "401 | ok | ok | ok | 403"),
        R("POST /api/v1/incidents",                                                  "401 | ok | ok | ok | 403"),
        R("GET /api/v1/incidents/{id:guid}",                                         "401 | ok/404 | ok/404 | ok | 403"),
        R("POST /api/v1/incidents/{id:guid}/access-reset",                           "401 | ok/404 | ok/404 | ok | 403"),
        R("POST /api/v1/incidents/{id:guid}/closure",                                "401 | 403/404 | 403/404 | ok | 403"),
        R("POST /api/v1/incidents/{id:guid}/correct-information",                    "401 | ok/404 | ok/404 | ok | 403"),
        R("POST /api/v1/incidents/{id:guid}/correction",                             "401 | ok/404 | ok/404 | ok | 403"),
        R("DELETE /api/v1/incidents/{id:guid}/public-warning",                       "401 | 403 | 403 | ok | 403"),
        R("POST /api/v1/incidents/{id:guid}/public-warning",                         "401 | 403 | 403 | ok | 403"),
        R("POST /api/v1/incidents/{id:guid}/steps",                                  "401 | ok/404 | ok/404 | ok | 403"),
        R("GET /api/v1/me/work",                                                     "401 | ok | ok | ok | ok"),
        R("GET /api/v1/organisation",                                                "401 | 403 | 403 | 403 | ok"),
        R("POST /api/v1/organisation/departments",                                   "401 | 403 | 403 | 403 | ok"),
        R("DELETE /api/v1/organisation/departments/{id:guid}",                       "401 | 403 | 403 | 403 | ok"),
        R("GET /api/v1/organisation/departments/{id:guid}",                          "401 | 403 | 403 | 403 | ok"),
        R("PUT /api/v1/organisation/departments/{id:guid}",                          "401 | 403 | 403 | 403 | ok"),
        R("POST /api/v1/organisation/sections",                                      "401 | 403 | 403 | 403 | ok"),
        R("DELETE /api/v1/organisation/sections/{id:guid}",                          "401 | 403 | 403 | 403 | ok"),
        R("GET /api/v1/organisation/sections/{id:guid}",                             "401 | 403 | 403 | 403 | ok"),
        R("PUT /api/v1/organisation/sections/{id:guid}",                             "401 | 403 | 403 | 403 | ok"),
        R("POST /api/v1/organisation/sections/{id:guid}/pr-office",                  "401 | 403 | 403 | 403 | ok"),
        R("POST /api/v1/organisation/units",                                         "401 | 403 | 403 | 403 | ok"),
        R("DELETE /api/v1/organisation/units/{id:guid}",                             "401 | 403 | 403 | 403 | ok"),
        R("GET /api/v1/organisation/units/{id:guid}",                                "401 | 403 | 403 | 403 | ok"),
        R("PUT /api/v1/organisation/units/{id:guid}",                                "401 | 403 | 403 | 403 | ok"),
        R("GET /api/v1/posts",                                                       "401 | ok | ok | ok | ok"),
        R("POST /api/v1/posts",                                                      "401 | ok | ok | ok | ok"),
        R("GET /api/v1/posts/archive",                                               "401 | ok | ok | ok | 403"),
        R("GET /api/v1/posts/queue",                                                 "401 | ok | ok | ok | ok"),
        R("GET /api/v1/posts/{id:guid}",                                             "401 | ok/404 | ok/404 | ok | 404"),
        R("PUT /api/v1/posts/{id:guid}",                                             "401 | ok/404 | 403/404 | 403 | 404"),
        R("POST /api/v1/posts/{id:guid}/corrections",                                "401 | ok/404 | ok/404 | 403 | 404"),
        R("POST /api/v1/posts/{id:guid}/held-cancel",                                "401 | 403/404 | ok/404 | 403 | 404"),
        R("POST /api/v1/posts/{id:guid}/held-release",                               "401 | 403/404 | ok/404 | 403 | 404"),
        R("POST /api/v1/posts/{id:guid}/media",                                      "401 | ok/404 | 403/404 | 403 | 404"),
        R("DELETE /api/v1/posts/{id:guid}/media/{mediaId:guid}",                     "401 | ok/404 | 403/404 | 403 | 404"),
        R("GET /api/v1/posts/{id:guid}/media/{mediaId:guid}",                        "401 | 404 | 404 | 404 | 404"),
        R("POST /api/v1/posts/{id:guid}/media/{mediaId:guid}/confirm",               "401 | ok/404 | 403/404 | 403 | 404"),
        R("POST /api/v1/posts/{id:guid}/publication/confirm-sent",                   "401 | ok/404 | ok/404 | ok | 404"),
        R("POST /api/v1/posts/{id:guid}/publication/retry",                          "401 | ok/404 | ok/404 | ok | 404"),
        R("POST /api/v1/posts/{id:guid}/publish",                                    "401 | ok/404 | ok/404 | 403 | 404"),
        R("POST /api/v1/posts/{id:guid}/review",                                     "401 | ok/404 | ok/404 | ok | 404"),
        R("POST /api/v1/posts/{id:guid}/submit",                                     "401 | ok/404 | 403/404 | 403 | 404"),
        R("GET /api/v1/publishing-pause",                                            "401 | ok | ok | ok | 403"),
        R("POST /api/v1/publishing-pause",                                           "401 | 403 | 403 | ok | 403"),
        R("DELETE /api/v1/publishing-pause/{id:guid}",                               "401 | 403 | 403 | ok | 403"),
        R("GET /api/v1/publishing-pause/{id:guid}",                                  "401 | 403 | 403 | ok | 403"),
        R("GET /api/v1/sections/{id:guid}/staff",                                    "401 | ok/404 | ok/404 | ok | 403"),
        R("GET /api/v1/sections/{sectionId:guid}/post-settings",                     "401 | ok/404 | ok/404 | ok | 404"),
        R("PUT /api/v1/sections/{sectionId:guid}/post-settings",                     "401 | ok/404 | ok/404 | ok | 404"),
        R("GET /api/v1/terms",                                                       "401 | ok | ok | ok | 403"),
        R("POST /api/v1/terms",                                                      "401 | 403 | 403 | ok | 403"),
        R("GET /api/v1/terms/{version:int}",                                         "401 | ok | ok | ok | 403"),
        R("GET /api/v1/unapproved-posts",                                            "401 | ok | ok | ok | 403"),
        R("GET /api/v1/unapproved-posts/{id:guid}",                                  "401 | ok/404 | ok/404 | ok | 403"),
        R("POST /api/v1/unapproved-posts/{id:guid}/hijack-incident",                 "401 | 403 | 403 | ok | 403"),
        R("POST /api/v1/unapproved-posts/{id:guid}/record-outside",                  "401 | 403 | 403 | ok | 403"),
        R("PAGE /audit",                                                             "login | 403 | 403 | ok | ok"),
        R("PAGE /board",                                                             "login | 403 | 403 | ok | 403"),
        R("PAGE /closed",                                                            "ok | ok | ok | ok | ok"),
        R("PAGE /comments",                                                          "login | ok | ok | ok | 403"),
        R("PAGE /comments/settings",                                                 "login | 403 | 403 | ok | ok"),
        R("PAGE /comments/{id:guid}",                                                "login | ok/404 | ok/404 | ok | 403"),
        R("PAGE /error/{code:int}",                                                  "ok | ok | ok | ok | ok"),
        R("PAGE /forms",                                                             "login | ok | ok | ok | 403"),
        R("GET /forms/blank/{n:int}.docx",                                           "login | ok | ok | ok | 403"),
        R("GET /forms/blank/{n:int}.pdf",                                            "login | ok | ok | ok | 403"),
        R("PAGE /guideline",                                                         "login | ok | ok | ok | ok"),
        R("PAGE /guideline/acknowledge",                                             "login | ok | ok | ok | ok"),
        R("PAGE /guideline/acknowledgements",                                        "login | 403 | 403 | ok | 403"),
        R("PAGE /guideline/versions",                                                "login | 403 | 403 | ok | 403"),
        R("PAGE /home",                                                              "login | ok | ok | ok | ok"),
        R("PAGE /impersonation",                                                     "ok | ok | ok | ok | ok"),
        R("PAGE /incidents",                                                         "login | ok | ok | ok | 403"),
        R("PAGE /incidents/new",                                                     "login | ok | ok | ok | 403"),
        R("PAGE /incidents/{id:guid}",                                               "login | ok/404 | ok/404 | ok | 403"),
        R("GET /incidents/{id:guid}/press-notice.docx",                              "login | 403 | 403 | 404 | 403"),
        R("PAGE /incidents/{id:guid}/warning",                                       "login | 403 | 403 | ok | 403"),
        R("PAGE /login",                                                             "ok | ok | ok | ok | ok"),
        R("PAGE /logout",                                                            "ok | ok | ok | ok | ok"),
        R("GET /branding/emblem",                                                     "404 | 404 | 404 | 404 | 404"),
        R("DELETE /api/v1/posts/{id:guid}",                                           "401 | ok/404 | ok/404 | 403 | 403"),
        R("GET /api/v1/audit/anchor",                                                 "401 | 403 | 403 | ok | ok"),
        R("PAGE /login/mfa",                                                          "ok | ok | ok | ok | ok"),
        R("PAGE /login/recovery",                                                     "ok | ok | ok | ok | ok"),
        R("PAGE /login/oidc/callback",                                                "404 | 404 | 404 | 404 | 404"),
        R("PAGE /login/oidc",                                                         "404 | 404 | 404 | 404 | 404"),
        R("PAGE /me/password",                                                        "login | ok | ok | ok | ok"),
        R("PAGE /me/security",                                                        "login | ok | ok | ok | ok"),
        R("PAGE /me/sessions",                                                        "login | ok | ok | ok | ok"),
        R("PAGE /posts/{id:guid}/check/{step}",                                       "login | 404 | 404 | 404 | 403"),
        R("PAGE /posts/{id:guid}/discard",                                            "login | ok/404 | ok/404 | 403 | 403"),
        R("PAGE /posts/{id:guid}/done/{step}",                                        "login | 404 | 404 | 404 | 403"),
        R("PAGE /me/notifications",                                                  "login | ok | ok | ok | ok"),
        R("GET /openapi/{documentName}.json",                                        "ok | ok | ok | ok | ok"),
        R("PAGE /operations",                                                        "login | ok | ok | ok | 403"),
        R("PAGE /operations/offsite",                                                "login | 403 | ok | ok | 403"),
        R("PAGE /operations/{id:guid}",                                              "login | ok/404 | ok/404 | ok | 403"),
        R("PAGE /operations/{id:guid}/access",                                       "login | ok/404 | ok/404 | ok | 403"),
        R("PAGE /operations/{id:guid}/reviews",                                      "login | ok/404 | ok/404 | ok | 403"),
        R("PAGE /policies/{id:guid}",                                                "ok | ok | ok | ok | ok"),
        R("PAGE /posts",                                                             "login | ok | ok | ok | 403"),
        R("PAGE /posts/archive",                                                     "login | ok | ok | ok | 403"),
        R("PAGE /posts/new",                                                         "login | ok | ok | ok | 403"),
        R("PAGE /posts/section-settings",                                            "login | ok | ok | ok | 403"),
        R("PAGE /posts/settings",                                                    "login | 403 | 403 | ok | 403"),
        R("PAGE /posts/{id:guid}",                                                   "login | ok/404 | ok/404 | ok | 403"),
        R("PAGE /publishing-pause",                                                  "login | 403 | 403 | ok | 403"),
        R("PAGE /publishing-pause/{id:guid}",                                        "login | 403 | 403 | ok | 403"),
        R("PAGE /review",                                                            "login | 403 | 403 | ok | 403"),
        R("PAGE /review/{id:guid}",                                                  "login | 403 | 403 | ok | 403"),
        R("PAGE /terms",                                                             "login | 403 | 403 | ok | 403"),
        R("PAGE /terms/edit",                                                        "login | 403 | 403 | ok | 403"),
        R("PAGE /unapproved-posts",                                                  "login | ok | ok | ok | 403"),
        R("PAGE /unapproved-posts/{id:guid}",                                        "login | ok/404 | ok/404 | ok | 403"),
        R("PAGE /verify",                                                            "ok | ok | ok | ok | ok"),
        R("POST /webhooks/line/{accountId:guid}",                                    "404 | 404 | 404 | 404 | 404"),
    ];

    /// <summary>A first guess at a new row from its AccessTable line (a role the policy lets in: ok, and 404 for another section's entity).</summary>
    public static string Suggest(string key)
    {
        var (method, route) = (key.Split(' ', 2)[0], key.Split(' ', 2)[1]);
        var line = AccessTable.Entries.FirstOrDefault(a => a.Method == method && string.Equals(AccessTable.Normalise(a.Route), route, StringComparison.OrdinalIgnoreCase));
        if (line is null || line.IsAnonymous)
        {
            return "ok | ok | ok | ok | ok";
        }
        var scoped = route.Contains("{id", StringComparison.Ordinal) || route.Contains(":guid}", StringComparison.Ordinal);
        string Cell(params string[] roles)
        {
            var allowed = line.Policies.All(p => p switch
            {
                Policies.Staff => roles.Intersect(["Operator", "SectionHead"]).Any(),
                Policies.SectionHead => roles.Contains("SectionHead"),
                Policies.PrOffice => roles.Contains("PrOffice"),
                Policies.StaffOrPr => roles.Intersect(["Operator", "SectionHead", "PrOffice"]).Any(),
                Policies.Admin => roles.Contains("Admin"),
                Policies.AuditReader or Policies.PrOfficeOrAdmin => roles.Intersect(["Admin", "PrOffice"]).Any(),
                _ => true,
            });
            return !allowed ? "403" : scoped && !roles.Contains("PrOffice") && !roles.Contains("Admin") ? "ok/404" : "ok";
        }
        var anonymous = route.StartsWith("/api/", StringComparison.Ordinal) ? "401" : "login";
        return string.Join(" | ", anonymous, Cell("Operator"), Cell("SectionHead"), Cell("PrOffice", "Operator"), Cell("Admin"));
    }

    /// <summary>The matrix as the Markdown table of docs/security.md.</summary>
    public static string Markdown()
    {
        var text = new StringBuilder();
        text.AppendLine("| Method | Route | AccessTable policy | Anonymous | 担当者 Operator (own/other) | 所属長 SectionHead (own/other) | 広報担当 PrOffice+Operator | 管理者 Admin |");
        text.AppendLine("|---|---|---|---|---|---|---|---|");
        foreach (var row in Rows.OrderBy(r => r.Key.Split(' ', 2)[1], StringComparer.Ordinal).ThenBy(r => r.Key, StringComparer.Ordinal))
        {
            var (method, route) = (row.Key.Split(' ', 2)[0], row.Key.Split(' ', 2)[1]);
            var line = AccessTable.Entries.FirstOrDefault(a => a.Method == method && string.Equals(AccessTable.Normalise(a.Route), route, StringComparison.OrdinalIgnoreCase));
            var policy = line is null ? "—" : string.Join(" + ", line.Policies);
            text.AppendLine($"| {method} | `{route}` | {policy} | {string.Join(" | ", row.Cells)} |");
        }
        return text.ToString();
    }
}
