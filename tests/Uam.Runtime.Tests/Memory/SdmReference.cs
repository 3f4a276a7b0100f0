using System.Globalization;
using System.Numerics;
using System.Text.Json;
using Uam.Runtime.Tests.Normalizers;
using Xunit;

namespace Uam.Runtime.Tests.Memory;

/// <summary>The SDM golden values (../shared/reference/sdm-golden-vectors.json) and the comparison "within the stated
/// rounding": a value printed with k decimals (or k significant digits in e-notation) must round to it.</summary>
internal static class SdmReference
{
    public static JsonElement Golden { get; } = JsonDocument.Parse(File.ReadAllText(SharedReference.PathOf("sdm-golden-vectors.json"))).RootElement;

    /// <summary>An exact integer, written as a number or, from 2⁵³, as a decimal string.</summary>
    public static BigInteger Integer(JsonElement element) =>
        BigInteger.Parse(element.ValueKind == JsonValueKind.String ? element.GetString()! : element.GetRawText(), CultureInfo.InvariantCulture);

    /// <summary>Asserts that <paramref name="actual"/> rounds to the printed value (half a unit of its last digit, plus
    /// 1e−12 relative for printing of binary fractions).</summary>
    public static void Rounds(JsonElement printed, double actual, string what) => Rounds(printed.GetRawText(), actual, what);

    public static void Rounds(string printed, double actual, string what)
    {
        double expected = double.Parse(printed, CultureInfo.InvariantCulture);
        double tolerance = HalfUnit(printed) + 1e-12 * Math.Abs(expected);
        Assert.True(Math.Abs(actual - expected) <= tolerance, $"{what}: {actual:R} does not round to {printed} (±{tolerance:G3})");
    }

    private static double HalfUnit(string printed)
    {
        string mantissa = printed, exponent = "0";
        int e = printed.IndexOfAny(['e', 'E']);
        if (e >= 0) (mantissa, exponent) = (printed[..e], printed[(e + 1)..]);
        int point = mantissa.IndexOf('.');
        int decimals = point < 0 ? 0 : mantissa.Length - point - 1;
        return 0.5 * Math.Pow(10, int.Parse(exponent, CultureInfo.InvariantCulture) - decimals);
    }
}
