using Uam.Environments.Random;

namespace Uam.Experiments.Tasks.Dqn;

/// <summary>One transition of an episode, as the agent stores it (single precision, as the networks take it).</summary>
internal sealed record Transition(float[] State, int Action, float Reward, float[] Next, bool Done);

/// <summary>The replay memory: the last <see cref="Capacity"/> transitions (FIFO), sampled uniformly without replacement.</summary>
internal sealed class ReplayBuffer(int capacity)
{
    private readonly Transition[] _items = new Transition[capacity > 0 ? capacity : throw new ArgumentOutOfRangeException(nameof(capacity))];
    private int _next;

    public int Capacity => _items.Length;

    public int Count { get; private set; }

    public void Add(Transition transition)
    {
        _items[_next] = transition ?? throw new ArgumentNullException(nameof(transition));
        _next = (_next + 1) % Capacity;
        Count = Math.Min(Count + 1, Capacity);
    }

    /// <summary>The transition stored <paramref name="age"/> additions ago (0: the newest).</summary>
    public Transition Recent(int age) =>
        age >= 0 && age < Count ? _items[(_next - 1 - age + Capacity) % Capacity] : throw new ArgumentOutOfRangeException(nameof(age));

    /// <summary><paramref name="size"/> distinct transitions, each subset equally likely (a partial Fisher–Yates shuffle of
    /// the stored positions).</summary>
    public Transition[] Sample(int size, IRandomSource random)
    {
        if (size < 1 || size > Count) throw new ArgumentOutOfRangeException(nameof(size), size, $"cannot sample {size} of {Count} transitions");
        int[] positions = Enumerable.Range(0, Count).ToArray();
        var sample = new Transition[size];
        for (int i = 0; i < size; i++)
        {
            int j = random.Integer(i, Count);
            (positions[i], positions[j]) = (positions[j], positions[i]);
            sample[i] = _items[positions[i]];
        }
        return sample;
    }
}
