namespace Uam.Environments.Random;

/// <summary>Where an environment takes its random quantities from: the reference generator, or a test's injected draws.</summary>
public interface IRandomSource
{
    /// <summary>A draw from U[<paramref name="low"/>, <paramref name="high"/>).</summary>
    double Uniform(double low, double high);

    /// <summary>A draw from the integers in [<paramref name="low"/>, <paramref name="high"/> − 1].</summary>
    int Integer(int low, int high);
}
