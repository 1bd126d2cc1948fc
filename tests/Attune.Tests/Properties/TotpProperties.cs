using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Attune.Platform.Identity;
using CsCheck;

namespace Attune.Tests.Properties;

public sealed class TotpProperties
{
    private const string Base32Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    // Keys shorter and longer than HMAC-SHA1's 64-byte block, which hashes a longer key first.
    private static readonly Gen<byte[]> Key = Gen.Byte.Array[1, 100];

    [Theory]
    [InlineData(59L, "94287082")]
    [InlineData(1111111109L, "07081804")]
    [InlineData(1111111111L, "14050471")]
    [InlineData(1234567890L, "89005924")]
    [InlineData(2000000000L, "69279037")]
    [InlineData(20000000000L, "65353130")]
    public void Codes_are_the_last_six_digits_of_the_rfc_6238_appendix_b_sha1_vectors(long unixSeconds, string eightDigits)
    {
        var key = Encoding.ASCII.GetBytes("12345678901234567890");
        var step = Totp.TimeStepAt(DateTimeOffset.FromUnixTimeSeconds(unixSeconds));

        Assert.Equal(eightDigits, ReferenceCode(key, step, digits: 8));
        Assert.Equal(eightDigits[^6..], Totp.Code(key, step));
    }

    [Fact]
    public void Every_code_is_six_ascii_digits()
    {
        Gen.Select(Key, Gen.Long).Sample((key, step) =>
        {
            var code = Totp.Code(key, step);

            Assert.Equal(6, code.Length);
            Assert.True(code.All(char.IsAsciiDigit), code);
        });
    }

    [Fact]
    public void Every_code_matches_the_rfc_6238_reference_algorithm_for_any_key_and_step()
    {
        Gen.Select(Key, Gen.Long).Sample((key, step) => Assert.Equal(ReferenceCode(key, step, digits: 6), Totp.Code(key, step)));
    }

    [Fact]
    public void The_time_step_is_whole_thirty_second_periods_since_the_unix_epoch()
    {
        Gen.Long[0, 253_402_300_799].Sample(unixSeconds =>
            Assert.Equal(unixSeconds / 30, Totp.TimeStepAt(DateTimeOffset.FromUnixTimeSeconds(unixSeconds))));
    }

    [Fact]
    public void The_current_code_matches_a_step_within_one_of_now_and_never_that_step_again_once_it_is_used()
    {
        // 2001 to 2286, so the steps either side of now are still times.
        Gen.Select(Key, Gen.Long[1_000_000_000, 9_999_999_999]).Sample((key, unixSeconds) =>
        {
            var now = DateTimeOffset.FromUnixTimeSeconds(unixSeconds);
            var current = Totp.TimeStepAt(now);
            var code = Totp.Code(key, current);

            var step = Totp.Match(key, code, now, lastUsedStep: current - 2);

            Assert.NotNull(step);
            Assert.InRange(step.Value, current - 1, current + 1);
            Assert.Equal(code, Totp.Code(key, step.Value));
            var again = Totp.Match(key, code, now, lastUsedStep: step.Value);
            Assert.True(again is null || (again > step && Totp.Code(key, again.Value) == code), $"Step {step} matched again.");
        });
    }

    [Fact]
    public void Base32_decoding_gives_back_the_bytes_of_any_rfc_4648_encoding_in_either_case_and_grouped_in_fours()
    {
        Gen.Byte.Array[0, 64].Sample(bytes =>
        {
            var encoded = ReferenceBase32(bytes);
            var grouped = string.Join(' ', encoded.TrimEnd('=').Chunk(4).Select(group => new string(group)));

            Assert.Equal(bytes, Base32.Decode(encoded));
            Assert.Equal(bytes, Base32.Decode(encoded.ToLowerInvariant()));
            Assert.Equal(bytes, Base32.Decode(grouped));
        });
    }

    [Fact]
    public void Base32_decoding_any_string_of_the_alphabet_gives_five_bits_a_character_without_throwing()
    {
        Gen.Char[Base32Alphabet + Base32Alphabet.ToLowerInvariant()].Array[0, 80].Select(chars => new string(chars))
            .Sample(text => Assert.Equal(text.Length * 5 / 8, Base32.Decode(text).Length));
    }

    [Fact]
    public void Base32_decoding_any_text_either_succeeds_or_throws_a_format_exception()
    {
        Gen.OneOf(Gen.String, Gen.Char[Base32Alphabet + "=  a1890"].Array[0, 20].Select(chars => new string(chars)))
            .Sample(text =>
            {
                try
                {
                    _ = Base32.Decode(text);
                }
                catch (FormatException)
                {
                }
            });
    }

    // RFC 6238 appendix A, written from the RFC and not from Totp: HMAC-SHA1 of the step as an 8-byte big-endian
    // counter, dynamic truncation (RFC 4226 section 5.3), the low digits zero-padded.
    private static string ReferenceCode(byte[] key, long step, int digits)
    {
        var counter = new byte[8];
        for (var i = 7; i >= 0; i--)
        {
            counter[i] = (byte)(step & 0xff);
            step >>= 8;
        }

#pragma warning disable CA5350 // RFC 6238's reference vectors are HMAC-SHA1.
        using var hmac = new HMACSHA1(key);
#pragma warning restore CA5350
        var hash = hmac.ComputeHash(counter);
        var offset = hash[^1] & 0xf;
        var binary = ((hash[offset] & 0x7f) << 24) | (hash[offset + 1] << 16) | (hash[offset + 2] << 8) | hash[offset + 3];
        var modulus = 1;
        for (var i = 0; i < digits; i++)
        {
            modulus *= 10;
        }

        return (binary % modulus).ToString(CultureInfo.InvariantCulture).PadLeft(digits, '0');
    }

    // RFC 4648 section 6, with '=' padding to a multiple of eight characters.
    private static string ReferenceBase32(byte[] bytes)
    {
        var text = new StringBuilder();
        for (var bit = 0; bit < bytes.Length * 8; bit += 5)
        {
            var value = 0;
            for (var i = bit; i < bit + 5; i++)
            {
                var b = i < bytes.Length * 8 ? (bytes[i / 8] >> (7 - (i % 8))) & 1 : 0;
                value = (value << 1) | b;
            }

            text.Append(Base32Alphabet[value]);
        }

        while (text.Length % 8 != 0)
        {
            text.Append('=');
        }

        return text.ToString();
    }
}
