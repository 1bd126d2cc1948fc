using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Attune.Platform.Identity;

/// <summary>RFC 6238 time-based one-time passwords: HMAC-SHA1, 6 digits, 30-second steps, as authenticator apps use.</summary>
public static class Totp
{
    public const int StepSeconds = 30;

    public static long TimeStepAt(DateTimeOffset time) => time.ToUnixTimeSeconds() / StepSeconds;

    public static string Code(byte[] key, long timeStep)
    {
        Span<byte> counter = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(counter, timeStep);
        Span<byte> hash = stackalloc byte[20];
        // RFC 6238 authenticator apps use HMAC-SHA1; as an HMAC it is not weakened by SHA-1's collisions.
#pragma warning disable CA5350
        HMACSHA1.HashData(key, counter, hash);
#pragma warning restore CA5350
        var offset = hash[^1] & 0x0f;
        var binary = (BinaryPrimitives.ReadInt32BigEndian(hash[offset..]) & 0x7fffffff) % 1_000_000;
        return binary.ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// The time step the code belongs to, allowing one step of clock drift either way, or null when it matches none.
    /// Only steps after <paramref name="lastUsedStep"/> count, so each code works once.
    /// </summary>
    public static long? Match(byte[] key, string code, DateTimeOffset now, long lastUsedStep)
    {
        var normalised = new string(code.Where(char.IsAsciiDigit).ToArray());
        if (normalised.Length != 6)
        {
            return null;
        }

        var current = TimeStepAt(now);
        for (var step = current - 1; step <= current + 1; step++)
        {
            if (step > lastUsedStep && CryptographicOperations.FixedTimeEquals(
                    System.Text.Encoding.ASCII.GetBytes(Code(key, step)), System.Text.Encoding.ASCII.GetBytes(normalised)))
            {
                return step;
            }
        }

        return null;
    }
}

/// <summary>RFC 4648 base 32, the encoding of authenticator keys.</summary>
public static class Base32
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    public static byte[] Decode(string text)
    {
        var clean = text.Trim().TrimEnd('=').Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
        var output = new List<byte>(clean.Length * 5 / 8);
        int buffer = 0, bits = 0;
        foreach (var c in clean)
        {
            var value = Alphabet.IndexOf(c, StringComparison.Ordinal);
            if (value < 0)
            {
                throw new FormatException("Not a base 32 key.");
            }

            buffer = (buffer << 5) | value;
            bits += 5;
            if (bits >= 8)
            {
                output.Add((byte)(buffer >> (bits - 8)));
                bits -= 8;
            }
        }

        return [.. output];
    }
}
