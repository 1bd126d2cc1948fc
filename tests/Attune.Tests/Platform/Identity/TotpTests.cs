using System.Text;
using Attune.Features.Pupils;
using Attune.Platform.Identity;

namespace Attune.Tests.Platform.Identity;

public sealed class TotpTests
{
    // RFC 6238 appendix B test vectors for HMAC-SHA1, last six digits.
    [Theory]
    [InlineData(59, "287082")]
    [InlineData(1111111109, "081804")]
    [InlineData(1111111111, "050471")]
    [InlineData(1234567890, "005924")]
    [InlineData(2000000000, "279037")]
    public void Codes_match_the_rfc_6238_test_vectors(long unixSeconds, string expected)
    {
        var key = Encoding.ASCII.GetBytes("12345678901234567890");
        Assert.Equal(expected, Totp.Code(key, Totp.TimeStepAt(DateTimeOffset.FromUnixTimeSeconds(unixSeconds))));
    }

    [Fact]
    public void A_code_matches_once_and_never_again_for_its_step()
    {
        var key = Base32.Decode("ATTUNEDEMOSECRETKEYFORTESTING234");
        var now = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);
        var code = Totp.Code(key, Totp.TimeStepAt(now));

        var step = Totp.Match(key, code, now, lastUsedStep: 0);

        Assert.Equal(Totp.TimeStepAt(now), step);
        Assert.Null(Totp.Match(key, code, now, lastUsedStep: step!.Value));
    }

    [Fact]
    public void Base32_decodes_the_rfc_4648_example()
    {
        Assert.Equal("foobar", Encoding.ASCII.GetString(Base32.Decode("MZXW6YTBOI======")));
    }
}

public sealed class UpnTests
{
    [Fact]
    public void A_upn_serial_has_three_digits_so_a_thousandth_pupil_in_one_year_is_refused_not_truncated()
    {
        Assert.Equal(13, Upn.Create(874, 4321, 2014, 999).Length);
        Assert.Throws<ArgumentOutOfRangeException>(() => Upn.Create(874, 4321, 2014, 1000));
    }

    [Fact]
    public void A_created_upn_is_valid_and_a_changed_digit_is_not()
    {
        var upn = Upn.Create(874, 4321, 2014, 17);

        Assert.True(Upn.IsValid(upn));
        Assert.Equal(13, upn.Length);
        var tampered = upn[..12] + (upn[12] == '9' ? '0' : (char)(upn[12] + 1));
        Assert.False(Upn.IsValid(tampered));
        Assert.False(Upn.IsValid("H874432114017"));
        Assert.False(Upn.IsValid(null));
    }
}
