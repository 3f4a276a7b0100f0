using System.Numerics;
using System.Text.Json;
using Uam.Runtime.Memory;
using Xunit;

namespace Uam.Runtime.Tests.Memory;

/// <summary>Every golden value of sdm-golden-vectors.json, within its stated rounding.</summary>
public sealed class GeometryGoldenTests
{
    private static JsonElement Golden => SdmReference.Golden;

    [Theory]
    [InlineData(IntersectionForm.Interpretable)]
    [InlineData(IntersectionForm.Lune)]
    public void Exact_intersections_equal_the_golden_counts(IntersectionForm form)
    {
        foreach (JsonElement row in Golden.GetProperty("circle_intersection_counts").EnumerateArray())
        {
            int n = row.GetProperty("n").GetInt32(), d = row.GetProperty("d").GetInt32(), from = row.GetProperty("dv_from").GetInt32();
            var counts = row.GetProperty("I").EnumerateArray().Select(SdmReference.Integer).ToList();
            Assert.Equal(row.GetProperty("dv_to").GetInt32() - from + 1, counts.Count);
            for (int i = 0; i < counts.Count; i++)
                Assert.True(counts[i] == CircleIntersection.Exact(n, d, from + i, form), $"I_{{{n},{d}}}({from + i}) by {form}");
        }
    }

    [Fact]
    public void Log_space_intersections_and_tables_equal_the_logarithms_of_the_golden_counts()
    {
        foreach (JsonElement row in Golden.GetProperty("circle_intersection_counts").EnumerateArray())
        {
            int n = row.GetProperty("n").GetInt32(), d = row.GetProperty("d").GetInt32(), from = row.GetProperty("dv_from").GetInt32();
            double[] table = CircleIntersection.LogTable(n, d), all = CircleIntersection.LogTables(n)[d];
            var counts = row.GetProperty("I").EnumerateArray().Select(SdmReference.Integer).ToList();
            for (int i = 0; i < counts.Count; i++)
            {
                double expected = counts[i].IsZero ? double.NegativeInfinity : BigInteger.Log(counts[i]);
                foreach (var (name, actual) in new[] { ("Log", CircleIntersection.Log(n, d, from + i)), ("LogTable", table[from + i]), ("LogTables", all[from + i]) })
                    if (double.IsNegativeInfinity(expected)) Assert.True(double.IsNegativeInfinity(actual), $"{name} ({n},{d},{from + i})");
                    else Assert.True(Math.Abs(actual - expected) < 1e-11 * Math.Max(1, expected), $"{name} ({n},{d},{from + i}): {actual} vs {expected}");
            }
        }
    }

    [Fact]
    public void Ball_sizes_and_fractions_equal_the_golden_values()
    {
        foreach (JsonProperty entry in Golden.GetProperty("ball_sizes").EnumerateObject())
        {
            var parts = entry.Name.Split(',').Select(p => int.Parse(p.Split('=')[1])).ToArray();
            Assert.Equal(SdmReference.Integer(entry.Value.GetProperty("ball")), HammingBall.Size(parts[0], parts[1]));
            SdmReference.Rounds(entry.Value.GetProperty("p"), HammingBall.Fraction(parts[0], parts[1]), $"p for {entry.Name}");
        }
        foreach (JsonProperty entry in Golden.GetProperty("space_fraction_p_n64").EnumerateObject())
            SdmReference.Rounds(entry.Value, HammingBall.Fraction(64, int.Parse(entry.Name)), $"p(64, {entry.Name})");
    }

    [Fact]
    public void Binary_betas_equal_the_golden_fits_in_both_slope_conventions_and_both_point_sets()
    {
        foreach (JsonProperty entry in Golden.GetProperty("beta_binary_n64_fit_dv0_to_dminus1").EnumerateObject())
        {
            int d = int.Parse(entry.Name);
            LinearFit quirk = BetaFit.Binary(64, d);
            SdmReference.Rounds(entry.Value.GetProperty("quirk"), quirk.Beta, $"β quirk d={d}");
            SdmReference.Rounds(entry.Value.GetProperty("intercept_quirk"), quirk.Intercept, $"intercept d={d}");
            SdmReference.Rounds(entry.Value.GetProperty("ols"), BetaFit.Binary(64, d, SlopeConvention.Ols).Beta, $"β OLS d={d}");
        }
        foreach (JsonProperty entry in Golden.GetProperty("beta_binary_n64_fit_dv1_to_d_quirk").EnumerateObject())
            SdmReference.Rounds(entry.Value, BetaFit.Binary(64, int.Parse(entry.Name), points: FitPoints.UpToRadius).Beta, $"β on 1…d, d={entry.Name}");
        foreach (JsonElement entry in Golden.GetProperty("beta_binary_other_n_fit_dv0_to_dminus1").EnumerateArray())
        {
            int n = entry.GetProperty("n").GetInt32(), d = entry.GetProperty("d").GetInt32();
            SdmReference.Rounds(entry.GetProperty("quirk"), BetaFit.Binary(n, d).Beta, $"β quirk n={n} d={d}");
            SdmReference.Rounds(entry.GetProperty("ols"), BetaFit.Binary(n, d, SlopeConvention.Ols).Beta, $"β OLS n={n} d={d}");
        }
    }

    [Fact]
    public void Cap_betas_fractions_and_normalised_weights_equal_the_golden_values()
    {
        foreach (JsonProperty entry in Golden.GetProperty("beta_continuous_cap_n64_fit_dv0_to_dminus1").EnumerateObject())
        {
            int d = int.Parse(entry.Name);
            SdmReference.Rounds(entry.Value.GetProperty("quirk"), BetaFit.Cap(64, d).Beta, $"cap β quirk d={d}");
            SdmReference.Rounds(entry.Value.GetProperty("ols"), BetaFit.Cap(64, d, SlopeConvention.Ols).Beta, $"cap β OLS d={d}");
        }
        foreach (JsonProperty entry in Golden.GetProperty("cap_fraction_of_sphere_n64").EnumerateObject())
        {
            int d = int.Parse(entry.Name);
            SdmReference.Rounds(entry.Value, CapIntersection.CapFraction(64, d), $"cap fraction d={d}");
            // The same fraction as the limit of the intersection when the centres meet.
            double limit = Math.Exp(CapIntersection.LogArea(64, d, BetaFit.FirstCapCosine) - CapIntersection.LogSphereArea(64));
            Assert.True(Math.Abs(limit / CapIntersection.CapFraction(64, d) - 1) < 1e-6, $"A(θ→0)/S_n = {limit} for d={d}");
        }
        foreach (JsonProperty entry in Golden.GetProperty("cap_intersection_normalized_weights_n64").EnumerateObject())
        {
            double[] weights = BetaFit.CapCurve(64, int.Parse(entry.Name)).Weights;
            int i = entry.Value.GetProperty("dv_from").GetInt32();
            // The quadrature differs from the original's adaptive one: agreement to 1e−6 relative, as the spec (§7) asks.
            foreach (JsonElement w in entry.Value.GetProperty("weights").EnumerateArray())
                Assert.True(Math.Abs(weights[i] / w.GetDouble() - 1) < 1e-6, $"cap weight d={entry.Name} dv={i}: {weights[i++]} vs {w}");
            // Zero exactly where the caps stop meeting, θ_v ≥ 2θ₁ (cos θ_v ≤ cos 2θ₁), which for caps lies beyond d_v = 2d.
            double edge = Math.Cos(2 * CapIntersection.CapAngle(64, int.Parse(entry.Name)));
            for (int v = 0; v <= 64; v++) Assert.True(weights[v] > 0 == HammingCosine.Cosine(64, v) > edge, $"cap weight d={entry.Name} dv={v}: {weights[v]}");
        }
    }

    [Fact]
    public void Softmax_fits_equal_the_golden_exact_minima()
    {
        foreach (JsonProperty entry in Golden.GetProperty("softmax_fit_beta_n64").EnumerateObject())
        {
            var (cosines, weights) = BetaFit.BinaryCurve(64, int.Parse(entry.Name));
            var (beta, error) = BetaFit.Softmax(cosines, weights);
            SdmReference.Rounds(entry.Value.GetProperty("beta"), beta, $"softmax β d={entry.Name}");
            Assert.True(Math.Abs(error / entry.Value.GetProperty("mse").GetDouble() - 1) < 1e-6, $"MSE d={entry.Name}: {error}");
        }
    }

    [Fact]
    public void Kanerva_table_exact_and_normal_approximation_equal_the_golden_values()
    {
        foreach (JsonProperty entry in Golden.GetProperty("kanerva_book_table_n1000_d451_r1e6").EnumerateObject())
        {
            int distance = int.Parse(entry.Name);
            SdmReference.Rounds(entry.Value.GetProperty("exact"), CircleIntersection.ExpectedNeurons(1000, 451, distance, 1e6), $"exact at {distance}");
            SdmReference.Rounds(entry.Value.GetProperty("book_continuous_approx"), 1e6 * CircleIntersection.NormalApproximation(1000, 451, distance), $"book at {distance}");
        }
    }

    [Fact]
    public void Optimal_radii_equal_the_golden_values()
    {
        JsonElement m1024 = Golden.GetProperty("optimal_d").GetProperty("n64_r2^64_m1024"), m60000 = Golden.GetProperty("optimal_d").GetProperty("n64_r2^64_m60000");
        double r = Math.Pow(2, 64);
        SdmReference.Rounds(m1024.GetProperty("snr_p"), OptimalRadius.SnrFraction(1024, r), "p*_SNR");
        Assert.Equal(m1024.GetProperty("snr_d").GetInt32(), OptimalRadius.SnrRadius(64, 1024, r));
        SdmReference.Rounds(m1024.GetProperty("mem_z"), OptimalRadius.CapacityMargin(64), "z");
        SdmReference.Rounds(m1024.GetProperty("mem_p"), OptimalRadius.CapacityFraction(r, OptimalRadius.CapacityMargin(64)), "p*_Mem");
        Assert.Equal(m1024.GetProperty("mem_d").GetInt32(), OptimalRadius.CapacityRadius(64, r));
        Assert.Equal(m1024.GetProperty("cd_d_reported").GetInt32(), OptimalRadius.CriticalRadius(64, 1024, r));
        SdmReference.Rounds(m60000.GetProperty("snr_p"), OptimalRadius.SnrFraction(60000, r), "p*_SNR, m = 60000");
        Assert.Equal(m60000.GetProperty("snr_d").GetInt32(), OptimalRadius.SnrRadius(64, 60000, r));
    }

    [Fact]
    public void Neuron_reach_probabilities_equal_the_golden_values()
    {
        foreach (JsonProperty entry in Golden.GetProperty("prob_neuron_within_d_n1000_r1e6").EnumerateObject())
        {
            int d = int.Parse(entry.Name);
            double normal = NeuronReach.NormalFraction(1000, d), exact = HammingBall.Fraction(1000, d);
            SdmReference.Rounds(entry.Value.GetProperty("normal_approx_p"), normal, $"normal p({d})");
            SdmReference.Rounds(entry.Value.GetProperty("P_normal_poisson"), NeuronReach.AtLeastOnePoisson(normal, 1e6), $"P normal({d})");
            SdmReference.Rounds(entry.Value.GetProperty("exact_p"), exact, $"exact p({d})");
            SdmReference.Rounds(entry.Value.GetProperty("P_exact"), NeuronReach.AtLeastOne(exact, 1e6), $"P exact({d})");
        }
    }

    [Fact]
    public void Hamming_cosine_examples_map_both_ways()
    {
        foreach (JsonElement example in Golden.GetProperty("hamming_cosine_examples").EnumerateArray())
        {
            int n = example.GetProperty("n").GetInt32();
            if (example.TryGetProperty("hamming_floor", out JsonElement floor))
                Assert.Equal(floor.GetInt32(), HammingCosine.Hamming(n, example.GetProperty("cosine").GetDouble()));
            else
            {
                int h = example.GetProperty("hamming").GetInt32();
                SdmReference.Rounds(example.GetProperty("cosine"), HammingCosine.Cosine(n, h), $"cos for H={h}, n={n}");
                Assert.Equal(h, HammingCosine.Hamming(n, HammingCosine.Cosine(n, h)));
            }
        }
    }
}
