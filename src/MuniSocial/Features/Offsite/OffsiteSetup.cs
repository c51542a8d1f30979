namespace MuniSocial.Features.Offsite;

public static class OffsiteSetup
{
    /// <summary>Which client addresses count as the office (§5(2)イ): work from elsewhere asks for a reason.</summary>
    public static void AddOffsite(this WebApplicationBuilder builder) => builder.Services.AddScoped<OfficeNetworks>();
}
