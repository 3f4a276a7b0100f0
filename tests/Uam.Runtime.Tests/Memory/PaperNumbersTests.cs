using Uam.Runtime.Memory;
using Xunit;

namespace Uam.Runtime.Tests.Memory;

/// <summary>The numbers the SDM spec prints in §1.4–§1.10 and §4.1–§4.4, within their printed rounding.</summary>
public sealed class PaperNumbersTests
{
    /// <summary>§4.1: n, target fraction, radius, regression β (binary, cap), softmax β (binary, cap).</summary>
    public static TheoryData<int, double, int, string, string, string, string> BetaTable => new()
    {
        { 64, 4e-13, 5, "35.4848", "71.7092", "43.738", "69.160" },
        { 64, 1e-9, 9, "20.0410", "29.7671", "24.593", "34.284" },
        { 64, 1e-8, 11, "15.8528", "21.5397", "18.814", "25.146" },
        { 64, 1e-5, 15, "10.1104", "12.2298", "11.164", "13.763" },
        { 64, 3.7e-4, 19, "6.3033", "7.1477", "6.597", "7.585" },
        { 64, 1e-3, 20, "5.6024", "6.2296", "5.7639", "6.535" },   // printed 5.773, not converged; 5.7639 is the exact minimum (§4.1)
        { 64, 0.1, 27, "1.8487", "2.0440", "2.055", "2.231" },
        { 100, 4e-13, 16, "25.0066", "34.1039", "31.438", "42.783" },
        { 100, 1e-9, 21, "17.1951", "21.3129", "20.299", "25.808" },
        { 100, 1e-8, 23, "14.8656", "17.8440", "17.043", "21.087" },
        { 100, 1e-5, 29, "9.3570", "10.4919", "9.954", "11.438" },
        { 100, 3.7e-4, 33, "6.6095", "7.2152", "6.807", "7.533" },
        { 100, 1e-3, 35, "5.4563", "5.9052", "5.575", "6.082" },
        { 100, 0.1, 44, "1.7901", "1.9342", "2.004", "2.138" },
        { 784, 4e-13, 292, "23.3063", "24.1609", "22.709", "23.802" },
        { 784, 1e-9, 308, "17.1906", "17.6819", "16.348", "16.935" },
        { 784, 1e-8, 314, "15.1436", "15.5408", "14.294", "14.755" },
        { 784, 1e-5, 332, "9.8012", "10.0119", "9.133", "9.353" },
        { 784, 3.7e-4, 345, "6.6863", "6.8232", "6.275", "6.405" },
        { 784, 1e-3, 349, "5.8538", "5.9743", "5.532", "5.643" },
        { 784, 0.1, 374, "1.9875", "2.0425", "2.176", "2.224" },
        { 1000, 4e-13, 387, "23.5034", "24.1894", "22.457", "23.306" },
        { 1000, 1e-9, 405, "17.3650", "17.7685", "16.259", "16.725" },
        { 1000, 1e-8, 411, "15.5285", "15.8656", "14.461", "14.841" },
        { 1000, 1e-5, 433, "9.6909", "9.8665", "8.941", "9.118" },
        { 1000, 3.7e-4, 447, "6.7119", "6.8306", "6.254", "6.365" },
        { 1000, 1e-3, 451, "5.9664", "6.0729", "5.598", "5.695" },
        { 1000, 0.1, 480, "1.9632", "2.0116", "2.153", "2.195" },
    };

    [Theory]
    [MemberData(nameof(BetaTable))]
    public void Beta_table_row(int n, double fraction, int radius, string binary, string cap, string softmaxBinary, string softmaxCap)
    {
        Assert.Equal(radius, HammingBall.RadiusFor(n, fraction));
        SdmReference.Rounds(binary, BetaFit.Binary(n, radius).Beta, "regression, binary");
        SdmReference.Rounds(cap, BetaFit.Cap(n, radius).Beta, "regression, cap");
        // The printed softmax columns come from an Adam run (±1e−3 run to run; 5.773 at n = 64, d = 20 had not converged):
        // the exact minimum must lie within 0.15 % of them.
        var (binaryCosines, binaryWeights) = BetaFit.BinaryCurve(n, radius);
        var (capCosines, capWeights) = BetaFit.CapCurve(n, radius);
        foreach (var (printed, fitted) in new[] { (softmaxBinary, BetaFit.Softmax(binaryCosines, binaryWeights).Beta), (softmaxCap, BetaFit.Softmax(capCosines, capWeights).Beta) })
            Assert.True(Math.Abs(fitted / double.Parse(printed) - 1) < 1.5e-3, $"softmax β {fitted} against the printed {printed}");
    }

    [Theory]
    [InlineData(64, new[] { 1e-13, 1e-9, 1e-8, 7e-6, 3.68e-4, 0.1 }, new[] { 5, 9, 11, 15, 19, 27 })]
    [InlineData(784, new[] { 1e-13, 1e-9, 1e-8, 7e-6, 3.68e-4, 0.1 }, new[] { 290, 308, 314, 331, 345, 374 })]
    [InlineData(1000, new[] { 1e-13, 1e-9, 1e-8, 7e-6, 3.68e-4, 0.1 }, new[] { 384, 405, 411, 431, 447, 480 })]
    [InlineData(64, new[] { 4e-13, 1e-9, 1e-8, 1e-5, 3.7e-4, 1e-3, 0.1 }, new[] { 5, 9, 11, 15, 19, 20, 27 })]
    [InlineData(100, new[] { 4e-13, 1e-9, 1e-8, 1e-5, 3.7e-4, 1e-3, 0.1 }, new[] { 16, 21, 23, 29, 33, 35, 44 })]
    [InlineData(784, new[] { 4e-13, 1e-9, 1e-8, 1e-5, 3.7e-4, 1e-3, 0.1 }, new[] { 292, 308, 314, 332, 345, 349, 374 })]
    [InlineData(1000, new[] { 4e-13, 1e-9, 1e-8, 1e-5, 3.7e-4, 1e-3, 0.1 }, new[] { 387, 405, 411, 433, 447, 451, 480 })]
    public void Radii_for_the_experiments_fractions(int n, double[] fractions, int[] radii) =>
        Assert.Equal(radii, fractions.Select(f => HammingBall.RadiusFor(n, f)));

    [Fact]
    public void Radius_is_the_smallest_reaching_the_fraction_not_the_nearest()
    {
        double p11 = HammingBall.Fraction(64, 11);
        Assert.Equal(11, HammingBall.RadiusFor(64, p11 * (1 - 1e-12)));    // just below p(11): d = 11
        Assert.Equal(12, HammingBall.RadiusFor(64, p11 * (1 + 1e-12)));    // a hair above: the next radius, however near
        Assert.Equal(2, HammingBall.RadiusFor(8, 37 / 256.0));             // exactly p(2) = |B(2)|/2⁸: reached, so d = 2
        Assert.Equal(3, HammingBall.RadiusFor(10, 176 / 1024.0));          // exactly p(3) for n = 10
        Assert.Equal(1000, HammingBall.RadiusFor(1000, 1));
        Assert.Equal(457, HammingBall.RadiusFor(1000, 0.0035));            // §4.2
        SdmReference.Rounds("1.07185e-3", HammingBall.Fraction(1000, 451), "Kanerva's p for n = 1000, d = 451");
    }

    [Fact]
    public void Analytic_betas_of_the_exponential_approximation()
    {
        SdmReference.Rounds("11.39", ExponentialApproximation.AnalyticBeta(64, 5), "d = 5");
        SdmReference.Rounds("6.89", ExponentialApproximation.AnalyticBeta(64, 11), "d = 11");
        SdmReference.Rounds("4.52", ExponentialApproximation.AnalyticBeta(64, 15), "d = 15");
    }

    [Fact]
    public void Optimal_radius_figures_of_section_1_9_and_4_2()
    {
        double r = Math.Pow(2, 64);
        Assert.Equal(Math.Pow(2, -25), OptimalRadius.SnrFraction(1024, r), 1e-20);
        SdmReference.Rounds("1.39768e-6", OptimalRadius.CapacityFraction(1e9, 2.33), "p*_Mem for z = 2.33, r = 1e9");
        SdmReference.Rounds("1.70998e-3", OptimalRadius.SnrFraction(100, 1e6), "p*_SNR for m = 100, r = 1e6");
        double best = OptimalRadius.CapacityFraction(1e6, 2.33);
        SdmReference.Rounds("1.42264e-4", best, "exact capacity optimum");
        SdmReference.Rounds("173656.57", OptimalRadius.MaxPatterns(best, 1e6, 2.33), "m_max at the optimum");
        // The notebook's 50-point log grid from 1e−20 to 1e−2 peaks at p = 1.4563e−4 with m_max = 173 650.86.
        var grid = Enumerable.Range(0, 50).Select(i => Math.Pow(10, -20 + 18.0 * i / 49)).ToList();
        double peak = grid.MaxBy(p => OptimalRadius.MaxPatterns(p, 1e6, 2.33));
        SdmReference.Rounds("1.4563e-4", peak, "grid peak");
        SdmReference.Rounds("173650.86", OptimalRadius.MaxPatterns(peak, 1e6, 2.33), "m_max at the grid peak");
        // The derivative's root is the maximum: m_max falls on both sides.
        Assert.True(OptimalRadius.MaxPatterns(best * 1.01, 1e6, 2.33) < OptimalRadius.MaxPatterns(best, 1e6, 2.33));
        Assert.True(OptimalRadius.MaxPatterns(best * 0.99, 1e6, 2.33) < OptimalRadius.MaxPatterns(best, 1e6, 2.33));
    }

    [Fact]
    public void Critical_distances_of_the_reconstruction()
    {
        double r = Math.Pow(2, 64);
        Assert.Equal([10, 22, 24, 24], new[] { 5, 11, 15, 16 }.Select(d => OptimalRadius.CriticalDistance(64, d, 1024, r)));
        Assert.Equal(15, OptimalRadius.CriticalRadius(64, 1024, r));   // the tie with d = 16 goes to the smaller radius
    }

    [Fact]
    public void Radius_with_one_expected_neuron()
    {
        SdmReference.Rounds("424.84", NeuronReach.RadiusWithOneNeuron(1000, 1e6), "n = 1000, r = 1e6");
        SdmReference.Rounds("0.536", NeuronReach.AtLeastOnePoisson(NeuronReach.NormalFraction(1000, 424), 1e6), "normal, d = 424");
        SdmReference.Rounds("0.577", NeuronReach.AtLeastOne(HammingBall.Fraction(1000, 424), 1e6), "exact, d = 424");
    }

    [Fact]
    public void Simulation_check_expectations_of_section_4_3()
    {
        // n = 100, r = 10 000, d = 35: exact expected neurons in both circles at d_v = 0, 2, 4, 8, 10, 20, 40, 50.
        string[] printed = ["17.59", "11.97", "9.38", "6.22", "5.13", "1.93", "0.150", "0.021"];
        int[] distances = [0, 2, 4, 8, 10, 20, 40, 50];
        for (int i = 0; i < distances.Length; i++)
            SdmReference.Rounds(printed[i], CircleIntersection.ExpectedNeurons(100, 35, distances[i], 10_000), $"d_v = {distances[i]}");
    }
}
