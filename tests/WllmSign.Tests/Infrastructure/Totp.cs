using System.Globalization;
using System.Security.Cryptography;

namespace WllmSign.Tests.Infrastructure;

/// <summary>
/// An authenticator app, as the test's own code: RFC 6238 time-based one-time passwords (HMAC-SHA1, 30-second
/// steps, 6 digits) from the Base32 shared key the enrolment page shows (RFC 4648 alphabet; spaces ignored).
/// </summary>
public static class Totp
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    public static string Code(string sharedKey, DateTimeOffset at) => CodeAtStep(Decode(sharedKey), at.ToUnixTimeSeconds() / 30);

    public static string Now(string sharedKey) => Code(sharedKey, DateTimeOffset.UtcNow);

    /// <summary>The code of the next 30-second step: still inside the server's window, and later than a code just used.</summary>
    public static string Next(string sharedKey) => Code(sharedKey, DateTimeOffset.UtcNow.AddSeconds(30));

    /// <summary>A six-digit code that is none of the codes valid around now (the server accepts ±2 steps).</summary>
    public static string WrongCode(string sharedKey)
    {
        var key = Decode(sharedKey);
        var step = DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 30;
        var valid = Enumerable.Range(-3, 7).Select(i => CodeAtStep(key, step + i)).ToHashSet();
        var candidate = int.Parse(valid.First(), CultureInfo.InvariantCulture);
        string wrong;
        do
        {
            candidate = (candidate + 1) % 1_000_000;
            wrong = candidate.ToString("D6", CultureInfo.InvariantCulture);
        } while (valid.Contains(wrong));
        return wrong;
    }

    /// <summary>RFC 4226 HOTP with RFC 6238's time step as the counter.</summary>
    private static string CodeAtStep(byte[] key, long step)
    {
        var counter = BitConverter.GetBytes(step);
        if (BitConverter.IsLittleEndian) Array.Reverse(counter);
        var hash = HMACSHA1.HashData(key, counter);
        var offset = hash[^1] & 0x0F;
        var binary = ((hash[offset] & 0x7F) << 24) | (hash[offset + 1] << 16) | (hash[offset + 2] << 8) | hash[offset + 3];
        return (binary % 1_000_000).ToString("D6", CultureInfo.InvariantCulture);
    }

    public static byte[] Decode(string base32)
    {
        var clean = base32.Replace(" ", "", StringComparison.Ordinal).TrimEnd('=').ToUpperInvariant();
        var bytes = new List<byte>(clean.Length * 5 / 8);
        int buffer = 0, bits = 0;
        foreach (var c in clean)
        {
            var value = Alphabet.IndexOf(c, StringComparison.Ordinal);
            if (value < 0) throw new FormatException($"'{c}' is not a Base32 character");
            buffer = (buffer << 5) | value;
            bits += 5;
            if (bits >= 8)
            {
                bits -= 8;
                bytes.Add((byte)((buffer >> bits) & 0xFF));
            }
        }
        return [.. bytes];
    }
}
