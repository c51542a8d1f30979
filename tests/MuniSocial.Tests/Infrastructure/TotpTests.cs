using System.Text;
using MuniSocial.Infrastructure.Identity;

namespace MuniSocial.Tests.Infrastructure;

/// <summary>The own RFC 6238 implementation behind the authenticator provider (ASVS 6.5.5), against the RFC's test vectors and Otp.NET.</summary>
public sealed class TotpTests
{
    /// <summary>RFC 6238 Appendix B, HMAC-SHA1 with the 20-byte ASCII key "12345678901234567890", 8 digits.</summary>
    [Theory]
    [InlineData(59L, "94287082")]
    [InlineData(1111111109L, "07081804")]
    [InlineData(1111111111L, "14050471")]
    [InlineData(1234567890L, "89005924")]
    [InlineData(2000000000L, "69279037")]
    [InlineData(20000000000L, "65353130")]
    public void The_codes_are_those_of_RFC_6238(long unixSeconds, string expected)
    {
        var key = Encoding.ASCII.GetBytes("12345678901234567890");
        var step = Totp.StepAt(DateTimeOffset.FromUnixTimeSeconds(unixSeconds));
        Assert.Equal(expected, Totp.Code(key, step, digits: 8));
        // Authenticator apps show the last 6 digits of the same value.
        Assert.Equal(expected[2..], Totp.Code(key, step));
    }

    [Fact]
    public void The_base32_key_as_Identity_stores_it_gives_the_codes_an_authenticator_app_shows()
    {
        // "12345678901234567890" in base 32, as the enrolment page shows a key: lower case in groups of 4.
        const string key = "gezd gnbv gy3t qojq gezd gnbv gy3t qojq";
        Assert.Equal(Encoding.ASCII.GetBytes("12345678901234567890"), Totp.FromBase32(key));
        Assert.Null(Totp.FromBase32("not base 32!"));
        var random = new Random(6238);
        for (var i = 0; i < 50; i++)
        {
            var bytes = new byte[20];
            random.NextBytes(bytes);
            var at = DateTimeOffset.FromUnixTimeSeconds(random.NextInt64(0, 4_000_000_000));
            var otpNet = new OtpNet.Totp(bytes).ComputeTotp(at.UtcDateTime);
            Assert.Equal(otpNet, Totp.Code(Totp.FromBase32(OtpNet.Base32Encoding.ToString(bytes))!, Totp.StepAt(at)));
        }
    }
}
