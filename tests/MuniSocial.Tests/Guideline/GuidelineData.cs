using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using MuniSocial.Tests.Support;

namespace MuniSocial.Tests.Guideline;

public static class GuidelineData
{
    public const string Password = "Nayoro-Guideline-2026!";

    /// <summary>A new user made by the admin through the admin API (who has not confirmed the guideline); returns the user name.</summary>
    public static async Task<string> NewUserAsync(AppFactory app, string sectionName, string employmentType, params string[] roles)
    {
        var userName = $"g-{Guid.NewGuid().ToString("N")[..10]}";
        var sectionId = await app.DbAsync(db => db.Sections.Where(s => s.Name == sectionName).Select(s => s.Id).SingleAsync());
        var admin = await app.ApiAsync("demo-admin");
        var response = await admin.PostAsJsonAsync("/api/v1/admin/users", new
        {
            userName,
            displayName = "確認 " + userName[2..7],
            sectionId,
            roles = roles.Length == 0 ? ["Operator"] : roles,
            employmentType,
            password = Password,
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        _ = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        return userName;
    }
}
