using Uam.Runtime;
using Xunit;
using static Uam.Runtime.Tests.TestSupport;

namespace Uam.Runtime.Tests.Tensors;

public class TensorCreationTests
{
    [Fact]
    public void Data_round_trips_through_every_dtype()
    {
        using (var t = torch.FromArray(new float[] { 1.5f, -2, 3 })) Assert.Equal(new float[] { 1.5f, -2, 3 }, t.ToArray<float>());
        using (var t = torch.FromArray(new double[] { Math.PI, -1e-300 })) Assert.Equal(new[] { Math.PI, -1e-300 }, t.ToArray<double>());
        using (var t = torch.FromArray(new long[] { long.MaxValue, long.MinValue })) Assert.Equal(new[] { long.MaxValue, long.MinValue }, t.ToArray<long>());
        using (var t = torch.FromArray(new int[] { 7, -8 })) Assert.Equal(new[] { 7, -8 }, t.ToArray<int>());
        using (var t = torch.FromArray(new bool[] { true, false, true })) Assert.Equal(new[] { true, false, true }, t.ToArray<bool>());
        using (var t = torch.FromArray(new byte[] { 0, 255 })) Assert.Equal(new byte[] { 0, 255 }, t.ToArray<byte>());
    }

    [Fact]
    public void Shape_and_dtype_follow_the_arguments()
    {
        using var t = torch.FromArray(new float[6] { 0, 1, 2, 3, 4, 5 }, [2, 3]);
        Shape(t, 2, 3);
        Assert.Equal(ScalarType.Float32, t.DType);
        Assert.Equal(2, t.Dim);
        Assert.Equal(6, t.NumElements);
        Assert.Equal(3, t.Size(-1));
        Assert.Equal(Device.CPU.Type, t.Device.Type);
        Assert.Equal(5f, t[1][2].Item<float>());
    }

    [Fact]
    public void A_two_dimensional_array_keeps_its_layout()
    {
        using var t = torch.FromArray(new double[,] { { 1, 2, 3 }, { 4, 5, 6 } });
        Shape(t, 2, 3);
        Assert.Equal(new double[] { 1, 2, 3, 4, 5, 6 }, t.ToArray<double>());
    }

    [Fact]
    public void Factories_produce_their_closed_form_values()
    {
        using (var z = torch.Zeros([2, 2])) Assert.All(z.ToArray<float>(), v => Assert.Equal(0f, v));
        using (var o = torch.Ones([3], ScalarType.Int64)) Assert.Equal(new long[] { 1, 1, 1 }, o.ToArray<long>());
        using (var f = torch.Full([2], 2.5, ScalarType.Float64)) Assert.Equal(new[] { 2.5, 2.5 }, f.ToArray<double>());
        using (var a = torch.Arange(5)) Assert.Equal(new long[] { 0, 1, 2, 3, 4 }, a.ToArray<long>());
        using (var a = torch.Arange(1, 2, 0.25, ScalarType.Float64)) Assert.Equal(new[] { 1, 1.25, 1.5, 1.75 }, a.ToArray<double>());
        using (var l = torch.Linspace(0, 1, 5, ScalarType.Float64)) Assert.Equal(new[] { 0, 0.25, 0.5, 0.75, 1 }, l.ToArray<double>());
        using (var e = torch.Eye(2, 3)) Assert.Equal(new float[] { 1, 0, 0, 0, 1, 0 }, e.ToArray<float>());
        using (var s = torch.Scalar(4.0)) { Assert.Equal(0, s.Dim); Assert.Equal(4f, s.Item<float>()); }
    }

    [Fact]
    public void Conversions_change_dtype_and_keep_values()
    {
        using var t = torch.FromArray(new double[] { 1.75, -2.25 });
        using var f = t.To(ScalarType.Float32);
        using var i = t.To(ScalarType.Int64);
        Assert.Equal(new[] { 1.75f, -2.25f }, f.ToArray<float>());
        Assert.Equal(new long[] { 1, -2 }, i.ToArray<long>());   // truncation toward zero, as in C
        Assert.Equal(-2.25, t[1].ToDouble());
    }

    [Fact]
    public void The_same_seed_draws_the_same_numbers()
    {
        torch.ManualSeed(42);
        using var a = torch.Randn([5]);
        torch.ManualSeed(42);
        using var b = torch.Randn([5]);
        Assert.Equal(a.ToArray<float>(), b.ToArray<float>());

        using var g1 = new Generator(7);
        using var g2 = new Generator(7);
        using var c = torch.Rand([4], g1);
        using var d = torch.Rand([4], g2);
        Assert.Equal(c.ToArray<float>(), d.ToArray<float>());
        Assert.All(c.ToArray<float>(), v => Assert.InRange(v, 0f, 1f));
    }

    [Fact]
    public void A_generator_state_restores_its_stream()
    {
        using var g = new Generator(3);
        using var state = g.GetState();
        using var first = torch.Randn([3], g);
        g.SetState(state);
        using var again = torch.Randn([3], g);
        Assert.Equal(first.ToArray<float>(), again.ToArray<float>());
        g.ManualSeed(3);
        using var reseeded = torch.Randn([3], g);
        Assert.Equal(first.ToArray<float>(), reseeded.ToArray<float>());
    }

    [Fact]
    public void Random_integers_and_permutations_stay_in_range()
    {
        using var g = new Generator(11);
        using var ints = torch.RandInt(3, 7, [1000], g);
        Assert.All(ints.ToArray<long>(), v => Assert.InRange(v, 3, 6));
        using var perm = torch.RandPerm(10, g);
        Assert.Equal(Enumerable.Range(0, 10).Select(i => (long)i), perm.ToArray<long>().Order());
    }

    [Fact]
    public void Normal_samples_have_the_requested_moments()
    {
        using var g = new Generator(5);
        using var x = torch.Empty([200_000], ScalarType.Float64).NormalInPlace(2, 3, g);
        Close(2, x.Mean(), 0.03);
        Close(3, x.Std(), 0.03);
    }

    [Fact]
    public void ToString_shows_shape_dtype_and_small_values()
    {
        using var t = torch.FromArray(new float[] { 1, 2 });
        Assert.Equal("Tensor[2] Float32 cpu [1, 2]", t.ToString());
    }

    [Fact]
    public void Cuda_is_used_when_available_and_refused_clearly_when_not()
    {
        if (torch.cuda.IsAvailable())
        {
            Assert.True(torch.cuda.DeviceCount() > 0);
            using var onGpu = torch.FromArray(new float[] { 1, 2 }).To(Device.CUDA());
            Assert.Equal(DeviceType.CUDA, onGpu.Device.Type);
            using var doubled = onGpu * 2;
            Assert.Equal(new float[] { 2, 4 }, doubled.ToArray<float>());
        }
        else
        {
            Assert.Equal(0, torch.cuda.DeviceCount());
            var e = Assert.Throws<NotSupportedException>(() => torch.Zeros([2], device: Device.CUDA()));
            Assert.Contains("cuda:0", e.Message);
        }
        Assert.Equal(Device.CUDA(1), Device.Parse("cuda:1"));
        Assert.Equal(Device.CPU, Device.Parse("CPU"));
        Assert.Throws<FormatException>(() => Device.Parse("tpu"));
    }
}
