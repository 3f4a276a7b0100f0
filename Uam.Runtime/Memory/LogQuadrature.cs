namespace Uam.Runtime.Memory;

/// <summary>Quadrature of positive integrands given by their logarithms, returning the logarithm of the integral, so that
/// integrands of size e^{−700} or e^{+700} (hypersphere caps in a thousand dimensions) neither underflow nor overflow.</summary>
internal static class LogQuadrature
{
    /// <summary>ln ∫_a^b exp(logIntegrand(x)) dx by tanh-sinh (double-exponential) quadrature: the nodes crowd towards both
    /// ends, so integrable endpoint singularities (1/√x) and flat ends (x^31) both converge fast. The step halves until two
    /// levels agree to <paramref name="tolerance"/> in the logarithm. The integrand is never evaluated at a or b.</summary>
    public static double TanhSinh(Func<double, double> logIntegrand, double a, double b, double tolerance = 1e-13)
    {
        if (!(b > a)) throw new ArgumentOutOfRangeException(nameof(b), b, $"LogQuadrature.TanhSinh: the interval [{a}, {b}] is empty.");
        double half = (b - a) / 2, centre = (a + b) / 2, previous = double.NaN;
        for (int level = 3; level <= 12; level++)
        {
            double step = Math.Pow(2, -level);
            var terms = new List<double>();
            for (int k = -(int)(3.5 / step); k <= (int)(3.5 / step); k++)
            {
                double t = k * step, u = Math.PI / 2 * Math.Sinh(t);
                // x measured from the nearer end, where it is most accurate.
                double gap = 2 * half / (Math.Exp(2 * Math.Abs(u)) + 1);
                double x = u >= 0 ? b - gap : a + gap;
                if (!(x > a && x < b)) continue;
                double logWeight = Math.Log(half * step * Math.PI / 2) + LogCosh(t) - 2 * LogCosh(u);
                double value = logIntegrand(x);
                if (double.IsNaN(value)) throw new ArithmeticException($"LogQuadrature.TanhSinh: the integrand's logarithm is NaN at x = {x}.");
                terms.Add(logWeight + value);
            }
            double estimate = Binomial.LogSumExp(terms);
            if (Math.Abs(estimate - previous) < tolerance || (double.IsNegativeInfinity(estimate) && double.IsNegativeInfinity(previous))) return estimate;
            previous = estimate;
        }
        return previous;
    }

    private static double LogCosh(double x)
    {
        x = Math.Abs(x);
        return x + Math.Log((1 + Math.Exp(-2 * x)) / 2);
    }
}
