using System.Reflection;
using MuniSocial.Domain.Accounts;

namespace MuniSocial.Tests.Domain;

/// <summary>
/// The domain is its own library so that a rule cannot be written where it does not belong (ARCHITECTURE.md):
/// it references neither ASP.NET Core nor EF Core, and the web app adds no type to the domain's namespaces.
/// </summary>
public sealed class DomainBoundaryTests
{
    private static readonly Assembly Domain = typeof(SocialAccount).Assembly;

    [Fact]
    public void The_domain_references_neither_ASP_NET_Core_nor_EF_Core()
    {
        var references = Domain.GetReferencedAssemblies().Select(a => a.Name ?? "").ToList();
        Assert.Equal("MuniSocial.Domain", Domain.GetName().Name);
        Assert.DoesNotContain(references, n => n.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal));
        Assert.DoesNotContain(references, n => n.StartsWith("Microsoft.EntityFrameworkCore", StringComparison.Ordinal));
        Assert.DoesNotContain(references, n => n.StartsWith("Microsoft.Extensions", StringComparison.Ordinal));
        Assert.DoesNotContain(references, n => n == "MuniSocial");
    }

    [Fact]
    public void The_web_app_adds_no_type_to_the_domain_namespaces()
    {
        var web = typeof(Program).Assembly;
        var strays = web.GetTypes().Where(t => t.Namespace?.StartsWith("MuniSocial.Domain", StringComparison.Ordinal) == true)
            .Select(t => t.FullName).ToList();
        Assert.Empty(strays);
    }
}
