using Xunit;
using F = Uam.Runtime.nn.functional;

namespace Uam.Runtime.Tests.Modules;

/// <summary>The recurrent attention model's glimpse sensor and its REINFORCE loss.</summary>
public sealed class GlimpseSensorTests
{
    /// <summary>An 8 × 8 image whose pixel (r, c) holds 10r + c.</summary>
    private static Tensor Image() => torch.FromArray(Enumerable.Range(0, 64).Select(i => (double)(10 * (i / 8) + i % 8)).ToArray(), [1, 8, 8]);

    [Fact]
    public void The_first_patch_is_the_crop_around_the_location_and_the_next_are_block_means_of_wider_crops()
    {
        using var image = Image();
        using var centre = torch.FromArray(new[] { 0.0, 0.0 }, [1, 2]);   // pixel (4, 4)
        var sensor = new nn.GlimpseSensor(2, 2);
        using var glimpse = sensor.Read(image, centre);
        Assert.Equal([1L, 2, 2, 2], glimpse.Shape);
        double[] g = glimpse.ToDoubleArray();
        // Scale 0: rows 3–4, columns 3–4. Scale 1: the 4 × 4 crop rows 2–5, columns 2–5 in 2 × 2 block means.
        Assert.Equal([33, 34, 43, 44], g.Take(4));
        Assert.Equal([(22 + 23 + 32 + 33) / 4.0, (24 + 25 + 34 + 35) / 4.0, (42 + 43 + 52 + 53) / 4.0, (44 + 45 + 54 + 55) / 4.0], g.Skip(4));
    }

    [Fact]
    public void Locations_map_to_pixels_and_outside_the_image_reads_zeros()
    {
        Assert.Equal((0, 0), nn.GlimpseSensor.Centre(-1, -1, 8, 8));
        Assert.Equal((4, 2), nn.GlimpseSensor.Centre(-0.5, 0, 8, 8));   // x picks the column, y the row
        using var image = Image();
        using var corner = torch.FromArray(new[] { -1.0, -1.0 }, [1, 2]);   // pixel (0, 0): the 2 × 2 crop starts at (−1, −1)
        using var glimpse = new nn.GlimpseSensor(2, 1).Read(image, corner);
        Assert.Equal([0, 0, 0, 0.0], glimpse.ToDoubleArray());
        using var far = torch.FromArray(new[] { 1.0, 1.0 }, [1, 2]);   // pixel (8, 8), past the last: the crop holds (7, 7) and three zeros
        using var edge = new nn.GlimpseSensor(2, 1).Read(image, far);
        Assert.Equal([77, 0, 0, 0.0], edge.ToDoubleArray());
        using var inside = torch.FromArray(new[] { -0.75, -0.75 }, [1, 2]);  // pixel (1, 1)
        using var first = new nn.GlimpseSensor(2, 1).Read(image, inside);
        Assert.Equal([0, 1, 10, 11.0], first.ToDoubleArray());
    }

    [Fact]
    public void Reinforce_gradients_are_the_advantage_weighted_score_and_the_baseline_error()
    {
        // One step, σ = 0.5: d/dμ of −log π(l)·(R − b) is −(R − b)(l − μ)/σ²; the baseline's loss (R − b)² has gradient
        // 2(b − R), and the policy loss sends none to b (the advantage is detached).
        using var mean = torch.FromArray(new[] { 0.1, -0.2 }, [1, 1, 2]).SetRequiresGrad();
        using var location = torch.FromArray(new[] { 0.4, 0.3 }, [1, 1, 2]);
        using var baseline = torch.FromArray(new[] { 0.25 }, [1, 1]).SetRequiresGrad();
        using var reward = torch.FromArray(new[] { 1.0 }, [1]);
        using var logProbability = F.GaussianLogProbability(location, mean, 0.5);
        double expectedLog = -(0.09 + 0.25) / (2 * 0.25) - 2 * Math.Log(0.5 * Math.Sqrt(2 * Math.PI));
        Assert.Equal(expectedLog, logProbability.ToDoubleArray()[0], 12);
        var (policy, baselineLoss) = F.Reinforce(logProbability, reward, baseline);
        using (policy) using (baselineLoss)
        {
            using var total = policy + baselineLoss;
            total.Backward();
        }
        using var meanGrad = mean.Grad!;
        using var baselineGrad = baseline.Grad!;
        double advantage = 1 - 0.25;
        double[] g = meanGrad.ToDoubleArray();
        Assert.Equal(-advantage * 0.3 / 0.25, g[0], 12);
        Assert.Equal(-advantage * 0.5 / 0.25, g[1], 12);
        Assert.Equal(2 * (0.25 - 1), baselineGrad.ToDoubleArray()[0], 12);
    }

    [Fact]
    public void Bad_locations_are_refused()
    {
        using var image = Image();
        using var wrong = torch.Zeros([2, 2], ScalarType.Float64);
        Assert.Contains("locations must be [1, 2]", Assert.Throws<ArgumentException>(() => new nn.GlimpseSensor(2, 2).Read(image, wrong)).Message);
    }
}
