using System.Text;
using Uam.Environments.Api;
using Uam.Environments.Random;

namespace Uam.Environments.MiniGrid;

/// <summary>What the agent observes: the 7 × 7 × 3 egocentric image [vx, vy, channel], its direction and the mission.</summary>
public sealed record MiniGridObservation(byte[,,] Image, int Direction, string Mission);

/// <summary>MiniGrid's actions (Discrete(7)).</summary>
public enum MiniGridAction
{
    Left = 0, Right = 1, Forward = 2, Pickup = 3, Drop = 4, Toggle = 5, Done = 6,
}

/// <summary>MiniGrid-RedBlueDoors-6x6-v0 and -8x8-v0 (gym-minigrid's <c>RedBlueDoorEnv</c>, environments-reference §3): a
/// room of size × size between two corridors, a closed red door in its left wall and a blue one in its right wall; opening
/// the blue door ends the episode, with 1 − 0.9·steps/max_steps if the red door was open just before, else 0. A seed gives
/// the reference's layouts. Reaching max_steps (20·size²) truncates the episode (the reference reports it as done).</summary>
public sealed class RedBlueDoors : IEnvironment<MiniGridObservation, int>
{
    public const string MissionText = "open the red door then the blue door";

    private readonly Func<ulong, IRandomSource> _randomFor;
    private IRandomSource? _random;
    private Grid _grid;
    private bool _started, _ended;

    public RedBlueDoors(int size = 8, Func<ulong, IRandomSource>? random = null)
    {
        Size = size is 6 or 8 ? size : throw new ArgumentOutOfRangeException(nameof(size), size, "RedBlueDoors comes in sizes 6 and 8.");
        MaxSteps = 20 * size * size;
        _randomFor = random ?? (seed => ReferenceRandom.FromSeed(seed));
        _grid = new Grid(2 * size, size);
    }

    /// <summary>"MiniGrid-RedBlueDoors-6x6-v0" or "MiniGrid-RedBlueDoors-8x8-v0" (no wrapper: the environment limits itself).</summary>
    public static RedBlueDoors Make(string id) => id switch
    {
        "MiniGrid-RedBlueDoors-6x6-v0" => new RedBlueDoors(6),
        "MiniGrid-RedBlueDoors-8x8-v0" => new RedBlueDoors(8),
        _ => throw new ArgumentException($"'{id}' is not MiniGrid-RedBlueDoors-6x6-v0 or -8x8-v0.", nameof(id)),
    };

    public int Size { get; }

    public int MaxSteps { get; }

    public int StepCount { get; private set; }

    public Space ObservationSpace { get; } = new Box(new double[AgentView.Size * AgentView.Size * 3], Enumerable.Repeat(255.0, AgentView.Size * AgentView.Size * 3).ToArray(), [AgentView.Size, AgentView.Size, 3]);

    public Space ActionSpace { get; } = new Discrete(7);

    public Grid Grid => _grid;

    public (int X, int Y) AgentPosition { get; private set; }

    /// <summary>0 right, 1 down, 2 left, 3 up.</summary>
    public int AgentDirection { get; private set; }

    public (int X, int Y) RedDoor { get; private set; }

    public (int X, int Y) BlueDoor { get; private set; }

    private int Left => Size / 2;

    private int Right => Size / 2 + Size - 1;

    /// <summary>A new layout, drawn as the reference draws it: agent x, y (again until the cell is empty), direction, red
    /// door row, blue door row.</summary>
    public MiniGridObservation Reset(ulong? seed = null)
    {
        if (seed is { } s) _random = _randomFor(s);
        if (_random is null) throw new InvalidOperationException("RedBlueDoors: the first Reset needs a seed (a seed fixes every layout that follows).");
        BuildWalls();
        int x, y;
        do
        {
            x = _random.Integer(Left, Left + Size);
            y = _random.Integer(0, Size);
        } while (!_grid[x, y].IsEmpty);
        int direction = _random.Integer(0, 4);
        int redY = _random.Integer(1, Size - 1);
        int blueY = _random.Integer(1, Size - 1);
        return Place(x, y, direction, redY, blueY);
    }

    /// <summary>A given layout (tests, worked examples): the agent inside the room, the doors' rows inside the walls.</summary>
    public MiniGridObservation ResetWith(int agentX, int agentY, int direction, int redY, int blueY)
    {
        if (agentX <= Left || agentX >= Right || agentY < 1 || agentY > Size - 2)
            throw new ArgumentOutOfRangeException(nameof(agentX), $"RedBlueDoors: the agent at ({agentX}, {agentY}) is not inside the room (x {Left + 1}..{Right - 1}, y 1..{Size - 2}).");
        if (direction is < 0 or > 3) throw new ArgumentOutOfRangeException(nameof(direction), direction, "directions are 0 (right) to 3 (up)");
        if (redY < 1 || redY > Size - 2) throw new ArgumentOutOfRangeException(nameof(redY), redY, $"the red door's row is 1..{Size - 2}");
        if (blueY < 1 || blueY > Size - 2) throw new ArgumentOutOfRangeException(nameof(blueY), blueY, $"the blue door's row is 1..{Size - 2}");
        BuildWalls();
        return Place(agentX, agentY, direction, redY, blueY);
    }

    private void BuildWalls()
    {
        _grid = new Grid(2 * Size, Size);
        _grid.WallRectangle(0, 0, 2 * Size, Size);
        _grid.WallRectangle(Left, 0, Size, Size);
    }

    private MiniGridObservation Place(int x, int y, int direction, int redY, int blueY)
    {
        (AgentPosition, AgentDirection) = ((x, y), direction);
        RedDoor = (Left, redY);
        BlueDoor = (Right, blueY);
        _grid[Left, redY] = GridObject.ClosedDoor(ObjectColor.Red);
        _grid[Right, blueY] = GridObject.ClosedDoor(ObjectColor.Blue);
        StepCount = 0;
        (_started, _ended) = (true, false);
        return Observe();
    }

    public StepResult<MiniGridObservation> Step(int action)
    {
        if (action is < 0 or > 6)
            throw new ArgumentOutOfRangeException(nameof(action), action, "RedBlueDoors: the action must be 0 (left) … 6 (done).");
        if (!_started) throw new InvalidOperationException("RedBlueDoors: call Reset before the first Step.");
        if (_ended) throw new InvalidOperationException("RedBlueDoors: the episode has ended; call Reset before stepping again.");

        bool redBefore = _grid[RedDoor.X, RedDoor.Y].IsOpen, blueBefore = _grid[BlueDoor.X, BlueDoor.Y].IsOpen;
        StepCount++;
        var (fx, fy) = AgentView.Forward(AgentDirection);
        var front = (X: AgentPosition.X + fx, Y: AgentPosition.Y + fy);
        GridObject ahead = _grid[front.X, front.Y];
        switch ((MiniGridAction)action)
        {
            case MiniGridAction.Left:
                AgentDirection = (AgentDirection + 3) % 4;
                break;
            case MiniGridAction.Right:
                AgentDirection = (AgentDirection + 1) % 4;
                break;
            case MiniGridAction.Forward:
                if (ahead.CanOverlap) AgentPosition = front;
                break;
            case MiniGridAction.Toggle:
                if (ahead.Type == ObjectType.Door) _grid[front.X, front.Y] = ahead with { IsOpen = !ahead.IsOpen };
                break;
            // Pickup, drop and done change nothing here: there is nothing to pick up or carry.
        }
        bool redAfter = _grid[RedDoor.X, RedDoor.Y].IsOpen, blueAfter = _grid[BlueDoor.X, BlueDoor.Y].IsOpen;
        double reward = 0;
        bool terminated = false;
        if (blueAfter)
        {
            terminated = true;
            reward = redBefore ? 1 - 0.9 * ((double)StepCount / MaxSteps) : 0;
        }
        else if (redAfter && blueBefore) terminated = true;   // unreachable: an open blue door has ended the episode
        bool truncated = StepCount >= MaxSteps;
        _ended = terminated || truncated;
        return new StepResult<MiniGridObservation>(Observe(), reward, terminated, truncated);
    }

    private MiniGridObservation Observe() =>
        new(AgentView.Encode(_grid, AgentPosition.X, AgentPosition.Y, AgentDirection), AgentDirection, MissionText);

    /// <summary>The whole grid as text, one row per line: W wall, R/B closed red/blue door (r/b open), . empty, and the agent
    /// as an arrow (&gt; v &lt; ^).</summary>
    public string Render()
    {
        var text = new StringBuilder();
        for (int y = 0; y < _grid.Height; y++)
        {
            for (int x = 0; x < _grid.Width; x++)
            {
                GridObject cell = _grid[x, y];
                text.Append((x, y) == AgentPosition ? ">v<^"[AgentDirection] : cell.Type switch
                {
                    ObjectType.Wall => 'W',
                    ObjectType.Door => (cell.Color, cell.IsOpen) switch
                    {
                        (ObjectColor.Red, false) => 'R', (ObjectColor.Red, true) => 'r', (_, false) => 'B', _ => 'b',
                    },
                    _ => '.',
                });
            }
            text.Append('\n');
        }
        return text.ToString();
    }
}
