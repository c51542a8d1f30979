using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.ApplicationModels;
using static MuniSocial.Infrastructure.Identity.Policies;

namespace MuniSocial.Infrastructure.Identity;

/// <summary>
/// Who may use what: one line per page route and per endpoint (HTTP method and route pattern as mapped),
/// with the policies a request must satisfy (all of them), or <see cref="Anonymous"/>.
/// <para>
/// It lives here, beside <see cref="Policies"/>, and is keyed by URL, not by file: the feature folders move,
/// the URLs do not. Pages take their policy from this table (<see cref="AccessTablePageConvention"/>), so moving
/// a page's file never changes who can open it. Endpoints declare their policy where they are mapped
/// (<c>RequireAuthorization</c>), and <c>EndpointAccessTableTests</c> checks that every endpoint the app maps has
/// a line here, that its authorization is the one written here, and that every line names a mapped endpoint.
/// Anything left out still needs a signed-in user: <see cref="FallbackPolicy"/>.
/// </para>
/// </summary>
public static class AccessTable
{
    /// <summary>Needs no sign-in; said explicitly ([AllowAnonymous] / .AllowAnonymous()).</summary>
    public const string Anonymous = "Anonymous";

    /// <summary>Pages answer every method (GET and the POST handlers) at one route.</summary>
    public const string PageMethod = "PAGE";

    public static IReadOnlyList<Access> Entries { get; } =
    [
        // Public: the social-media list for citizens, sign-in and error pages.
        Page("/",                                                               Anonymous),
        Page("/policies/{id:guid}",                                             Anonymous),
        Page("/closed",                                                         Anonymous),
        Page("/verify",                                                         Anonymous),
        Page("/impersonation",                                                  Anonymous),
        Page("/login",                                                          Anonymous),
        Page("/login/oidc",                                                     Anonymous), // sign-in with the city's identity provider (POST: the challenge)
        Page("/login/oidc/callback",                                            Anonymous),
        Page("/logout",                                                         Anonymous), // signing out needs no sign-in (an expired session may press it)
        Page("/login/mfa",                                                      Anonymous), // the second step: the password step's two-factor cookie
        Page("/login/recovery",                                                 Anonymous), // the second step with a recovery code
        Page("/error/{code:int}",                                               Anonymous),
        Endpoint("GET /api/public/accounts",                                    Anonymous),
        Endpoint("GET /api/public/accounts/{id:guid}",                          Anonymous),
        Endpoint("GET /api/public/closed-accounts",                             Anonymous),
        Endpoint("GET /api/public/verify",                                      Anonymous),
        Endpoint("GET /api/public/impersonations",                              Anonymous),
        Endpoint("GET /api/public/accounts.csv",                                Anonymous),
        Endpoint("GET /api/public/feed.atom",                                   Anonymous),
        Endpoint("GET /branding/emblem",                                        Anonymous), // the city's emblem in every page's header (PNG/WebP only)
        Endpoint("POST /api/v1/auth/token",                                     Anonymous),
        Endpoint("GET /openapi/{documentName}.json",                            Anonymous),
        Endpoint("POST /webhooks/line/{accountId:guid}",                        Anonymous), // LINE signs each request (x-line-signature)

        // Pages for every signed-in user.
        Page("/home",                                                           SignedIn),
        Page("/guideline",                                                      SignedIn),
        Page("/guideline/acknowledge",                                          SignedIn),
        Page("/me/notifications",                                               SignedIn),
        Page("/me/security",                                                    SignedIn),
        Page("/me/password",                                                    SignedIn),
        Page("/me/sessions",                                                    SignedIn),

        // The account registry and its forms (staff of the sections and the PR office).
        Page("/accounts",                                                       StaffOrPr),
        Page("/accounts/new",                                                   StaffOrPr),
        Page("/accounts/{id:guid}",                                             StaffOrPr),
        Page("/accounts/{id:guid}/edit",                                        StaffOrPr),
        Page("/accounts/{id:guid}/delisting",                                   StaffOrPr),
        Page("/accounts/{id:guid}/documents",                                   StaffOrPr),
        Page("/accounts/{id:guid}/check/{step}",                                StaffOrPr), // the step's own rule says who may (PR office for list/delist)
        Page("/accounts/{id:guid}/done/{step}",                                 StaffOrPr),
        Page("/accounts/{id:guid}/discard",                                     StaffOrPr),
        Page("/forms",                                                          StaffOrPr),
        Endpoint("GET /accounts/{id:guid}/documents/{docId:guid}.pdf",          StaffOrPr),
        Endpoint("GET /accounts/{id:guid}/documents/{docId:guid}.docx",         StaffOrPr),
        Endpoint("GET /forms/blank/{n:int}.pdf",                                StaffOrPr),
        Endpoint("GET /forms/blank/{n:int}.docx",                               StaffOrPr),

        // Posts.
        Page("/posts",                                                          StaffOrPr),
        Page("/posts/new",                                                      StaffOrPr),
        Page("/posts/{id:guid}",                                                StaffOrPr),
        Page("/posts/{id:guid}/check/{step}",                                   StaffOrPr), // the step's rules say who may (staff of the post's section)
        Page("/posts/{id:guid}/done/{step}",                                    StaffOrPr),
        Page("/posts/{id:guid}/discard",                                        StaffOrPr), // the author or the section head (domain)
        Page("/posts/archive",                                                  StaffOrPr),
        Page("/posts/settings",                                                 PrOffice), // the content-check dictionary: the PR office's (its handler refused the others already)
        Page("/posts/section-settings",                                         StaffOrPr),

        // Users' comments: the inboxes, entry by hand and by CSV, one comment; the retention setting.
        Page("/comments",                                                       StaffOrPr),
        Page("/comments/{id:guid}",                                             StaffOrPr),
        Page("/comments/settings",                                              PrOfficeOrAdmin),
        Page("/accounts/{id:guid}/comments",                                    StaffOrPr),
        Page("/accounts/{id:guid}/comments/new",                                StaffOrPr),
        Page("/accounts/{id:guid}/comments/import",                             StaffOrPr),

        // Operations: daily checks, the head's review, access holders, office networks.
        Page("/operations",                                                     StaffOrPr),
        Page("/operations/{id:guid}",                                           StaffOrPr),
        Page("/operations/{id:guid}/reviews",                                   StaffOrPr),
        Page("/operations/{id:guid}/access",                                    StaffOrPr),
        Page("/operations/offsite",                                             StaffOrPr),
        Page("/access-holders",                                                 PrOfficeOrAdmin),
        Page("/accounts/{id:guid}/connection",                                  StaffOrPr),

        // Incidents (§5(5)): staff of the section concerned and the PR office; the press notice is the PR office's.
        Page("/incidents",                                                      StaffOrPr),
        Page("/incidents/new",                                                  StaffOrPr),
        Page("/incidents/{id:guid}",                                            StaffOrPr),
        Endpoint("GET /incidents/{id:guid}/press-notice.docx",                  PrOffice),

        // The PR office: listing queue, terms, board, guideline administration.
        Page("/review",                                                         PrOffice),
        Page("/review/{id:guid}",                                               PrOffice),
        Page("/terms",                                                          PrOffice),
        Page("/terms/edit",                                                     PrOffice),
        Page("/board",                                                          PrOffice),
        Page("/incidents/{id:guid}/warning",                                    PrOffice),
        Page("/guideline/versions",                                             PrOffice),
        Page("/guideline/acknowledgements",                                     PrOffice),
        Page("/publishing-pause",                                               PrOffice),
        Page("/publishing-pause/{id:guid}",                                     PrOffice),
        Page("/unapproved-posts",                                               StaffOrPr), // staff: their section's open ones, read-only
        Page("/unapproved-posts/{id:guid}",                                     StaffOrPr), // the actions: PR office only (domain and handler)

        // Administration and audit.
        Page("/admin/users",                                                    Admin),
        Page("/admin/users/new",                                                Admin),
        Page("/admin/users/{id}",                                               Admin),
        Page("/admin/organisation",                                             Admin),
        Page("/admin/organisation/departments/new",                             Admin),
        Page("/admin/organisation/departments/{id:guid}",                       Admin),
        Page("/admin/organisation/departments/{id:guid}/sections/new",          Admin),
        Page("/admin/organisation/sections/{id:guid}",                          Admin),
        Page("/admin/organisation/sections/{id:guid}/units/new",                Admin),
        Page("/admin/organisation/units/{id:guid}",                             Admin),
        Page("/admin/organisation/{kind}/{id:guid}/delete",                     Admin), // check page of a delete (部・課・係)
        Page("/admin/organisation/{kind}/{id:guid}/deleted",                    Admin), // its confirmation page
        Page("/admin/networks",                                                 Admin),
        Page("/admin/jobs",                                                     Admin),
        Page("/admin/office",                                                   Admin),
        Page("/audit",                                                          AuditReader),

        // API /api/v1: a bearer token; the handler checks the rest unless a role is named here. A named role is read from
        // the token, so the handler reads it again from the database (a removed role or a deactivation counts at once).
        Endpoint("GET /api/v1/accounts",                                        Bearer, StaffOrPr),
        Endpoint("GET /api/v1/accounts/{id:guid}",                              Bearer, StaffOrPr),
        Endpoint("POST /api/v1/accounts",                                       Bearer, Staff),
        Endpoint("PUT /api/v1/accounts/{id:guid}/policy",                       Bearer, Staff),
        Endpoint("PUT /api/v1/accounts/{id:guid}/operators",                    Bearer, Staff),
        Endpoint("POST /api/v1/accounts/{id:guid}/revision-start",              Bearer, Staff),
        Endpoint("POST /api/v1/accounts/{id:guid}/revision-discard",            Bearer, Staff),
        Endpoint("DELETE /api/v1/accounts/{id:guid}",                           Bearer, Staff),
        Endpoint("POST /api/v1/accounts/{id:guid}/listing-request",             Bearer, SectionHead),
        Endpoint("POST /api/v1/accounts/{id:guid}/listing",                     Bearer, PrOffice),
        Endpoint("POST /api/v1/accounts/{id:guid}/return",                      Bearer, PrOffice),
        Endpoint("POST /api/v1/accounts/{id:guid}/revision",                    Bearer, SectionHead),
        Endpoint("POST /api/v1/accounts/{id:guid}/revision-acceptance",         Bearer, PrOffice),
        Endpoint("POST /api/v1/accounts/{id:guid}/delisting-request",           Bearer, SectionHead),
        Endpoint("POST /api/v1/accounts/{id:guid}/delisting",                   Bearer, PrOffice),
        Endpoint("GET /api/v1/accounts/{id:guid}/documents",                    Bearer, StaffOrPr),
        Endpoint("GET /api/v1/accounts/{id:guid}/documents/{docId:guid}.pdf",   Bearer, StaffOrPr),
        Endpoint("GET /api/v1/accounts/{id:guid}/documents/{docId:guid}.docx",  Bearer, StaffOrPr),
        Endpoint("GET /api/v1/accounts/{id:guid}/daily-checks",                 Bearer),
        Endpoint("POST /api/v1/accounts/{id:guid}/daily-checks",                Bearer),
        Endpoint("GET /api/v1/accounts/{id:guid}/reviews",                      Bearer, StaffOrPr),
        Endpoint("GET /api/v1/accounts/{id:guid}/reviews/{reviewId:guid}",      Bearer, StaffOrPr),
        Endpoint("POST /api/v1/accounts/{id:guid}/reviews",                     Bearer, StaffOrPr),
        Endpoint("GET /api/v1/accounts/{id:guid}/access-holders",               Bearer),
        Endpoint("POST /api/v1/accounts/{id:guid}/access-holders",              Bearer),
        Endpoint("POST /api/v1/accounts/{id:guid}/access-holders/{holderId:guid}/removal", Bearer),
        Endpoint("PUT /api/v1/accounts/{id:guid}/access-holders/two-factor",    Bearer),
        Endpoint("GET /api/v1/accounts/{id:guid}/connection",                   Bearer, StaffOrPr),
        Endpoint("PUT /api/v1/accounts/{id:guid}/connection",                   Bearer, SectionHead),
        Endpoint("DELETE /api/v1/accounts/{id:guid}/connection",                Bearer, SectionHead),
        Endpoint("GET /api/v1/terms",                                           Bearer, StaffOrPr),
        Endpoint("GET /api/v1/terms/{version:int}",                             Bearer, StaffOrPr),
        Endpoint("POST /api/v1/terms",                                          Bearer, PrOffice),
        Endpoint("GET /api/v1/sections/{id:guid}/staff",                        Bearer, StaffOrPr),
        Endpoint("GET /api/v1/sections/{sectionId:guid}/post-settings",         Bearer),
        Endpoint("PUT /api/v1/sections/{sectionId:guid}/post-settings",         Bearer),
        Endpoint("POST /api/v1/content-check",                                  Bearer),
        Endpoint("GET /api/v1/content-check/settings",                          Bearer),
        Endpoint("PUT /api/v1/content-check/settings",                          Bearer),
        Endpoint("GET /api/v1/posts",                                           Bearer),
        Endpoint("POST /api/v1/posts",                                          Bearer),
        Endpoint("GET /api/v1/posts/queue",                                     Bearer),
        Endpoint("GET /api/v1/posts/archive",                                   Bearer),
        Endpoint("GET /api/v1/posts/{id:guid}",                                 Bearer),
        Endpoint("PUT /api/v1/posts/{id:guid}",                                 Bearer),
        Endpoint("DELETE /api/v1/posts/{id:guid}",                              Bearer, Staff),
        Endpoint("POST /api/v1/posts/{id:guid}/submit",                         Bearer),
        Endpoint("POST /api/v1/posts/{id:guid}/review",                         Bearer),
        Endpoint("POST /api/v1/posts/{id:guid}/publish",                        Bearer),
        Endpoint("POST /api/v1/posts/{id:guid}/publication/retry",              Bearer),
        Endpoint("POST /api/v1/posts/{id:guid}/publication/confirm-sent",       Bearer),
        Endpoint("POST /api/v1/posts/{id:guid}/held-release",                   Bearer),
        Endpoint("POST /api/v1/posts/{id:guid}/held-cancel",                    Bearer),
        Endpoint("POST /api/v1/posts/{id:guid}/corrections",                    Bearer),
        Endpoint("POST /api/v1/posts/{id:guid}/media",                          Bearer),
        Endpoint("POST /api/v1/posts/{id:guid}/media/{mediaId:guid}/confirm",   Bearer),
        Endpoint("GET /api/v1/posts/{id:guid}/media/{mediaId:guid}",            Bearer),
        Endpoint("DELETE /api/v1/posts/{id:guid}/media/{mediaId:guid}",         Bearer),
        Endpoint("GET /api/v1/incidents",                                       Bearer, StaffOrPr),
        Endpoint("GET /api/v1/incidents/{id:guid}",                             Bearer, StaffOrPr),
        Endpoint("POST /api/v1/incidents",                                      Bearer, StaffOrPr),
        Endpoint("POST /api/v1/incidents/{id:guid}/steps",                      Bearer, StaffOrPr),
        Endpoint("POST /api/v1/incidents/{id:guid}/access-reset",               Bearer, StaffOrPr),
        Endpoint("POST /api/v1/incidents/{id:guid}/correction",                 Bearer, StaffOrPr),
        Endpoint("POST /api/v1/incidents/{id:guid}/correct-information",        Bearer, StaffOrPr),
        Endpoint("POST /api/v1/incidents/{id:guid}/closure",                    Bearer, StaffOrPr),
        Endpoint("GET /api/v1/accounts/{id:guid}/comments",                     Bearer, StaffOrPr),
        Endpoint("POST /api/v1/accounts/{id:guid}/comments",                    Bearer, StaffOrPr),
        Endpoint("GET /api/v1/comments/{id:guid}",                              Bearer, StaffOrPr),
        Endpoint("POST /api/v1/comments/{id:guid}/reply",                       Bearer, StaffOrPr),
        Endpoint("POST /api/v1/comments/{id:guid}/interim-answer",              Bearer, StaffOrPr),
        Endpoint("POST /api/v1/comments/{id:guid}/moderation",                  Bearer, StaffOrPr),
        Endpoint("POST /api/v1/comments/{id:guid}/status",                      Bearer, StaffOrPr),
        Endpoint("GET /api/v1/board",                                           Bearer, PrOffice),
        Endpoint("GET /api/v1/me/work",                                         Bearer),
        Endpoint("POST /api/v1/auth/logout",                                    Bearer),
        Endpoint("POST /api/v1/incidents/{id:guid}/public-warning",             Bearer, PrOffice),
        Endpoint("DELETE /api/v1/incidents/{id:guid}/public-warning",           Bearer, PrOffice),
        Endpoint("GET /api/v1/guideline/acknowledgements",                      Bearer, PrOffice),
        Endpoint("GET /api/v1/admin/users",                                     Bearer, Admin),
        Endpoint("POST /api/v1/admin/users",                                    Bearer, Admin),
        Endpoint("GET /api/v1/admin/users/{id}",                                Bearer, Admin),
        Endpoint("PUT /api/v1/admin/users/{id}",                                Bearer, Admin),
        Endpoint("GET /api/v1/organisation",                                    Bearer, Admin),
        Endpoint("GET /api/v1/organisation/departments/{id:guid}",              Bearer, Admin),
        Endpoint("GET /api/v1/organisation/sections/{id:guid}",                 Bearer, Admin),
        Endpoint("GET /api/v1/organisation/units/{id:guid}",                    Bearer, Admin),
        Endpoint("POST /api/v1/organisation/departments",                       Bearer, Admin),
        Endpoint("PUT /api/v1/organisation/departments/{id:guid}",              Bearer, Admin),
        Endpoint("DELETE /api/v1/organisation/departments/{id:guid}",           Bearer, Admin),
        Endpoint("POST /api/v1/organisation/sections",                          Bearer, Admin),
        Endpoint("PUT /api/v1/organisation/sections/{id:guid}",                 Bearer, Admin),
        Endpoint("DELETE /api/v1/organisation/sections/{id:guid}",              Bearer, Admin),
        Endpoint("POST /api/v1/organisation/sections/{id:guid}/pr-office",      Bearer, Admin),
        Endpoint("POST /api/v1/organisation/units",                             Bearer, Admin),
        Endpoint("PUT /api/v1/organisation/units/{id:guid}",                    Bearer, Admin),
        Endpoint("DELETE /api/v1/organisation/units/{id:guid}",                 Bearer, Admin),
        Endpoint("GET /api/v1/publishing-pause",                                Bearer, StaffOrPr),
        Endpoint("GET /api/v1/publishing-pause/{id:guid}",                      Bearer, PrOffice),
        Endpoint("POST /api/v1/publishing-pause",                               Bearer, PrOffice),
        Endpoint("DELETE /api/v1/publishing-pause/{id:guid}",                   Bearer, PrOffice),
        Endpoint("GET /api/v1/unapproved-posts",                                Bearer, StaffOrPr),
        Endpoint("GET /api/v1/unapproved-posts/{id:guid}",                      Bearer, StaffOrPr),
        Endpoint("POST /api/v1/unapproved-posts/{id:guid}/record-outside",      Bearer, PrOffice),
        Endpoint("POST /api/v1/unapproved-posts/{id:guid}/hijack-incident",     Bearer, PrOffice),
        Endpoint("GET /api/v1/audit",                                           Bearer, AuditReader),
        Endpoint("POST /api/v1/audit/verification",                             Bearer, AuditReader),
        Endpoint("GET /api/v1/audit/anchor",                                    Bearer, AuditReader),
    ];

    /// <summary>
    /// The fallback: an endpoint without a policy of its own needs a signed-in user. A request that matched no
    /// endpoint (404, or the 405 of a known URL) is not stopped here, so that it still answers its status;
    /// nothing after the authorization middleware serves content without an endpoint.
    /// </summary>
    public static AuthorizationPolicy FallbackPolicy { get; } = new AuthorizationPolicyBuilder()
        .RequireAssertion(c => c.User.Identity?.IsAuthenticated == true || c.Resource is HttpContext http && http.GetEndpoint() is not RouteEndpoint)
        .Build();

    /// <summary>The line for a page route as written in its <c>@page "/…"</c>, or null.</summary>
    public static Access? ForPage(string route) =>
        Entries.FirstOrDefault(e => e.Method == PageMethod && string.Equals(e.Route, Normalise(route), StringComparison.OrdinalIgnoreCase));

    /// <summary>"/a/b" for "a/b", "/a/b/" and "/a/b"; "/" for the root.</summary>
    public static string Normalise(string route) => "/" + route.Trim('/');

    private static Access Page(string route, params string[] policies) => new(PageMethod, route, policies);

    private static Access Endpoint(string methodAndRoute, params string[] policies)
    {
        var parts = methodAndRoute.Split(' ', 2);
        return new Access(parts[0], parts[1], policies);
    }
}

/// <summary>One line of <see cref="AccessTable"/>.</summary>
public sealed record Access(string Method, string Route, IReadOnlyList<string> Policies)
{
    public bool IsAnonymous => Policies is [AccessTable.Anonymous];

    public bool IsPage => Method == AccessTable.PageMethod;

    public override string ToString() => $"{Method} {Route} → {string.Join(" + ", Policies)}";
}

/// <summary>
/// Gives every Razor page the authorization of its route's line in <see cref="AccessTable"/>, whatever folder its
/// file is in. A page without a line gets none here, so the fallback policy (a signed-in user) applies.
/// </summary>
public sealed class AccessTablePageConvention : IPageApplicationModelConvention
{
    public void Apply(PageApplicationModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (model.ActionDescriptor.AttributeRouteInfo?.Template is not { } template || AccessTable.ForPage(template) is not { } access)
        {
            return;
        }
        if (access.IsAnonymous)
        {
            model.EndpointMetadata.Add(new AllowAnonymousAttribute());
            return;
        }
        foreach (var policy in access.Policies)
        {
            model.EndpointMetadata.Add(new AuthorizeAttribute(policy));
        }
    }
}
