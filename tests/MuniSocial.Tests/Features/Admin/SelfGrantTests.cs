using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MuniSocial.Tests.Support;

namespace MuniSocial.Tests.Features.Admin;

/// <summary>Maker–checker in user administration (issue 14 item 8): an admin does not grant themself a role; another admin does.</summary>
public sealed class SelfGrantTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Theory]
    [InlineData("Operator")]
    [InlineData("SectionHead")]
    public async Task An_admin_cannot_grant_themself_a_business_role_and_another_admin_can(string role)
    {
        var admin = await app.NewUserAsync(roles: ["Admin"]);
        await app.SignInAndAcknowledgeAsync(admin.UserName, Given.NewUserPassword);
        var self = await app.ApiAsync(admin.UserName, Given.NewUserPassword);

        var put = await self.PutAsJsonAsync($"/api/v1/admin/users/{admin.Id}", new { roles = new[] { "Admin", role } });

        Assert.Equal(HttpStatusCode.Conflict, put.StatusCode);
        Assert.Equal("self-grant", (await put.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("rule").GetString());
        Assert.DoesNotContain(Enum.Parse<MuniSocial.Domain.Role>(role), (await app.ActorAsync(admin.UserName)).Roles);

        var other = await app.ApiAsync("demo-admin");
        var granted = await other.PutAsJsonAsync($"/api/v1/admin/users/{admin.Id}", new { roles = new[] { "Admin", role } });
        Assert.Equal(HttpStatusCode.OK, granted.StatusCode);
        Assert.Contains(Enum.Parse<MuniSocial.Domain.Role>(role), (await app.ActorAsync(admin.UserName)).Roles);
    }
}
