using MuniSocial.Features.Accounts;
using MuniSocial.Features.Admin;
using MuniSocial.Features.Audit;
using MuniSocial.Features.Auth;
using MuniSocial.Features.Forms;
using MuniSocial.Features.Guideline;
using MuniSocial.Features.Posts;
using MuniSocial.Features.Operations;
using MuniSocial.Features.PublicList;
using MuniSocial.Features.Shared;
using MuniSocial.Infrastructure;
using MuniSocial.Infrastructure.Identity;

var builder = WebApplication.CreateBuilder(args);
builder.Host.UseDefaultServiceProvider(o =>
{
    o.ValidateOnBuild = true;
    o.ValidateScopes = true;
});

builder.Services.AddSingleton(TimeProvider.System);
builder.AddStorage();
builder.AddIdentityAndAuth();
builder.AddWeb();
builder.AddPublicList();
builder.AddAccountsApi();
builder.AddForms();
builder.AddPosts();
builder.AddOperations();

var app = builder.Build();

// Command-line verbs (create-admin, verify-audit) run against the same configuration and exit.
if (args.Length > 0 && Commands.IsCommand(args[0]))
{
    return await Commands.RunAsync(app, args);
}

await app.Services.InitialiseDatabaseAsync(app.Configuration);
await Seed.RunAsync(app.Services);

app.UseWeb();
app.UseGuidelineGate();
app.MapPublicList();
app.MapAuth();
app.MapAccountsApi();
app.MapPosts();
app.MapAdmin();
app.MapAudit();
app.MapForms();
app.MapOperations();
app.MapGuideline();
app.MapRazorPages();

await app.RunAsync();
return 0;

/// <summary>The entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
