using MuniSocial.Features.AccessHolders;
using MuniSocial.Features.AccountReviews;
using MuniSocial.Features.Accounts;
using MuniSocial.Features.Admin;
using MuniSocial.Features.Audit;
using MuniSocial.Features.Auth;
using MuniSocial.Features.Board;
using MuniSocial.Features.Comments;
using MuniSocial.Features.DailyChecks;
using MuniSocial.Features.Forms;
using MuniSocial.Features.Home;
using MuniSocial.Features.Guideline;
using MuniSocial.Features.Notifications;
using MuniSocial.Features.Incidents;
using MuniSocial.Features.Offsite;
using MuniSocial.Features.Posts;
using MuniSocial.Features.PublicList;
using MuniSocial.Features.Publishing;
using MuniSocial.Features.PublicWarnings;
using MuniSocial.Features.PublishingPauses;
using MuniSocial.Features.Terms;
using MuniSocial.Features.UnapprovedPosts;
using MuniSocial.Infrastructure;
using MuniSocial.Infrastructure.Connectors;
using MuniSocial.Infrastructure.PublicSite;
using MuniSocial.Infrastructure.Seeding;
using MuniSocial.Infrastructure.Email;
using MuniSocial.Jobs;

var builder = WebApplication.CreateBuilder(args);
builder.Host.UseDefaultServiceProvider(o =>
{
    o.ValidateOnBuild = true;
    o.ValidateScopes = true;
});

// Services: the platform first, then one line per feature that has services of its own.
builder.Services.AddSingleton(TimeProvider.System);
builder.AddStorage();
builder.AddIdentityAndAuth();
builder.AddOidcSignIn();
builder.AddWeb();
builder.AddApi();
builder.AddEmail();
builder.AddJobs();
builder.AddConnectors();
builder.AddPublishing();
builder.AddPublicList();
builder.AddPublicSite();
builder.AddForms();
builder.AddNotifications();
builder.AddHome();
builder.AddPosts();
builder.AddBoard();
builder.AddOffsite();
builder.AddLineInbound();

var app = builder.Build();

// Command-line verbs (create-admin, verify-audit) run against the same configuration and exit.
if (args.Length > 0 && Commands.IsCommand(args[0]))
{
    return await Commands.RunAsync(app, args);
}

await app.Services.InitialiseDatabaseAsync(app.Configuration);
await AuditAnchors.EnsureChainKeyedAsync(app.Services);
await Seed.RunAsync(app.Services);

app.UseWeb();
app.UseSignInGate();
app.UseGuidelineGate();

// Endpoints: the public side, then every /api/v1 endpoint on the one API group, then the pages.
app.MapPublicList();
app.MapLineWebhook();
var api = app.MapApi();
api.MapAuthApi();
api.MapAccountsApi();
api.MapTermsApi();
app.MapForms(api);
api.MapPosts();
api.MapCommentsApi();
api.MapDailyChecksApi();
api.MapAccountReviewsApi();
api.MapAccessHoldersApi();
api.MapBoardApi();
api.MapPublicWarningsApi();
app.MapIncidents(api);
api.MapGuidelineApi();
api.MapAdminApi();
api.MapAuditApi();
api.MapPublishingPausesApi();
api.MapConnectionsApi();
api.MapUnapprovedPostsApi();
api.MapHomeApi();
app.MapRazorPages();

// export-public <folder>: the public side as static files (it needs the pages mapped above).
if (args is [PublicExport.Command, ..])
{
    return await PublicExport.RunAsync(app, args, Console.Out);
}

await app.RunAsync();
return 0;

/// <summary>The entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
