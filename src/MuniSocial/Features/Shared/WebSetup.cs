using MuniSocial.Infrastructure.PublicSite;

namespace MuniSocial.Features.Shared;

public static class WebSetup
{
    public static void AddWeb(this WebApplicationBuilder builder)
    {
        builder.Services.AddRazorPages(o =>
        {
            o.RootDirectory = "/Features";
            // Who may open a page is written by its route in AccessTable, not by the folder its file is in.
            o.Conventions.Add(new AccessTablePageConvention());
            // The antiforgery check of a page's POST is made by ExpiredFormFilter, which shows the form again (with what
            // was typed) instead of a bare 400 when the token has expired; it checks every page POST, never skips one.
            o.Conventions.ConfigureFilter(new IgnoreAntiforgeryTokenAttribute { Order = ExpiredFormFilter.PolicyOrder });
        });
        builder.Services.Configure<MvcOptions>(o =>
        {
            JapaneseMessages.Apply(o);
            o.ModelBinderProviders.Insert(0, new BooleanModelBinderProvider());
            // No jQuery-style keys (a[b]c) are posted by these pages; their normaliser throws on a key like "x[1" (a 500).
            foreach (var jquery in o.ValueProviderFactories.Where(f => f is Microsoft.AspNetCore.Mvc.ModelBinding.JQueryFormValueProviderFactory
                or Microsoft.AspNetCore.Mvc.ModelBinding.JQueryQueryStringValueProviderFactory).ToList())
            {
                o.ValueProviderFactories.Remove(jquery);
            }
            o.Filters.Add<UnreadableFormFilter>();
            o.Filters.Add<ExpiredFormFilter>();
        });
        builder.Services.AddSingleton<Microsoft.AspNetCore.Mvc.DataAnnotations.IValidationAttributeAdapterProvider, JapaneseMessages.AttributeMessages>();
        // No script reads the data-val-* attributes (the server says what is wrong, in Japanese): they are not written.
        builder.Services.Configure<Microsoft.AspNetCore.Mvc.MvcViewOptions>(o => o.HtmlHelperOptions.ClientValidationEnabled = false);
        builder.Services.AddProblemDetails();
        // Japanese text is written as characters, not as &#x…; references (still HTML-encoded for safety).
        builder.Services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(o =>
            o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
    }

    public static void UseWeb(this WebApplication app)
    {
        // CSP, nosniff, no-store on staff answers, HSTS: set as each answer starts, so the pre-rendered public answers get them too.
        app.UseSecurityHeaders();
        // The client's address (known proxies only), the verify limit, the public answers from the snapshot, disaster mode.
        app.UsePublicSite();
        app.UseExceptionHandler(new ExceptionHandlerOptions { ExceptionHandlingPath = "/error/500", AllowStatusCode404Response = true });
        app.UseWhen(ctx => !ctx.Request.Path.StartsWithSegments("/api"), branch => branch.UseStatusCodePagesWithReExecute("/error/{0}"));
        app.UseWhen(ctx => ctx.Request.Path.StartsWithSegments("/api"), branch => branch.UseStatusCodePages());
        app.UseStaticFiles();
        // Password guessing: /login and the token, per client address and per account name (429 with Retry-After).
        app.UseSignInThrottle();
        app.UseRouting();
        app.UseAuthentication();
        app.UseAccessRefusedEvents();
        app.UseAuthorization();
        app.UseAntiforgery();
    }
}
