using Uam.Environments.MiniGrid;
using Uam.Environments.Random;
using Xunit;

namespace Uam.Environments.Tests;

/// <summary>MiniGrid RedBlueDoors against the test cases of environments-reference §3.9: layouts (injected and seeded, with
/// the reference's draws), the view geometry against the reference's slice-and-rotate procedure, the worked observations,
/// visibility, movement, rewards and the time limit — every value exact.</summary>
public class RedBlueDoorsTests
{
    /// <summary>The image as the reference prints it: rows vy = 0..6, each vx = 0..6 as "type colour state".</summary>
    private static string[] Rows(MiniGridObservation observation) =>
        Enumerable.Range(0, 7).Select(vy => string.Join(' ', Enumerable.Range(0, 7).Select(vx =>
            $"{observation.Image[vx, vy, 0]}{observation.Image[vx, vy, 1]}{observation.Image[vx, vy, 2]}"))).ToArray();

    private static string[] Hidden(int rows) => Enumerable.Repeat("000 000 000 000 000 000 000", rows).ToArray();

    [Theory]
    [InlineData(6, 12, 720)]
    [InlineData(8, 16, 1280)]
    public void An_injected_layout_has_the_references_walls_doors_and_limits(int size, int width, int maxSteps)
    {
        var env = new RedBlueDoors(size);
        env.ResetWith(size / 2 + 2, 2, 1, 1, size - 2);
        Assert.Equal((width, size, maxSteps), (env.Grid.Width, env.Grid.Height, env.MaxSteps));
        int left = size / 2, right = size / 2 + size - 1;
        for (int x = 0; x < width; x++)
            for (int y = 0; y < size; y++)
            {
                bool wall = x == 0 || y == 0 || x == width - 1 || y == size - 1 || x == left || x == right;
                GridObject expected = (x, y) == (left, 1) ? GridObject.ClosedDoor(ObjectColor.Red)
                    : (x, y) == (right, size - 2) ? GridObject.ClosedDoor(ObjectColor.Blue)
                    : wall ? GridObject.Wall : GridObject.None;
                Assert.Equal(expected, env.Grid[x, y]);
            }
        Assert.Equal(((left, 1), (right, size - 2)), (env.RedDoor, env.BlueDoor));
    }

    [Theory]
    [InlineData(6, 1UL, 1, 7, 3, 2, 3, 1, 8, 3)]
    [InlineData(6, 1UL, 2, 7, 2, 2, 3, 2, 8, 3)]
    [InlineData(6, 10001UL, 1, 7, 3, 0, 3, 4, 8, 2)]
    [InlineData(6, 20001UL, 1, 6, 4, 3, 3, 3, 8, 3)]
    [InlineData(8, 1UL, 1, 8, 3, 2, 4, 5, 11, 3)]
    [InlineData(8, 1UL, 2, 8, 2, 2, 4, 6, 11, 5)]
    [InlineData(8, 10001UL, 1, 8, 3, 0, 4, 6, 11, 5)]
    [InlineData(8, 20001UL, 1, 10, 3, 0, 4, 6, 11, 4)]
    public void A_seed_gives_the_references_layouts(int size, ulong seed, int episode, int x, int y, int direction, int redX, int redY, int blueX, int blueY)
    {
        var env = new RedBlueDoors(size);
        env.Reset(seed);
        for (int e = 1; e < episode; e++) env.Reset();
        Assert.Equal(((x, y), direction, (redX, redY), (blueX, blueY)), (env.AgentPosition, env.AgentDirection, env.RedDoor, env.BlueDoor));
    }

    /// <summary>Replays scripted draws and records what was asked for.</summary>
    private sealed class ScriptedRandom(params int[] values) : IRandomSource
    {
        private int _next;

        public List<(int Low, int High)> Requests { get; } = [];

        public double Uniform(double low, double high) => throw new InvalidOperationException("RedBlueDoors draws no reals");

        public int Integer(int low, int high)
        {
            Requests.Add((low, high));
            return values[_next++];
        }
    }

    [Fact]
    public void Placement_draws_x_then_y_until_the_cell_is_empty_then_the_direction_and_the_door_rows()
    {
        ScriptedRandom? random = null;
        var env = new RedBlueDoors(6, _ => random = new ScriptedRandom(3, 2, 5, 0, 6, 4, 1, 2, 3));
        env.Reset(9);
        // (3, 2) is the room's left wall, (5, 0) its top wall: rejected; (6, 4) is accepted.
        Assert.Equal([(3, 9), (0, 6), (3, 9), (0, 6), (3, 9), (0, 6), (0, 4), (1, 5), (1, 5)], random!.Requests);
        Assert.Equal(((6, 4), 1, (3, 2), (8, 3)), (env.AgentPosition, env.AgentDirection, env.RedDoor, env.BlueDoor));
    }

    /// <summary>The reference's procedure: slice the 7 × 7 window (outside the world: grey walls), then rotate it
    /// counter-clockwise dir + 1 times, one rotation mapping (i, j) of a w × h grid to (j, w − 1 − i).</summary>
    private static GridObject[,] SliceAndRotate(Grid grid, int ax, int ay, int direction)
    {
        var (top, left) = direction switch { 0 => (ay - 3, ax), 1 => (ay, ax - 3), 2 => (ay - 3, ax - 6), _ => (ay - 6, ax - 3) };
        var window = new GridObject[7, 7];
        for (int i = 0; i < 7; i++)
            for (int j = 0; j < 7; j++)
                window[i, j] = grid.Contains(left + i, top + j) ? grid[left + i, top + j] : GridObject.Wall;
        for (int r = 0; r < direction + 1; r++)
        {
            var rotated = new GridObject[7, 7];
            for (int i = 0; i < 7; i++)
                for (int j = 0; j < 7; j++)
                    rotated[j, 7 - 1 - i] = window[i, j];
            window = rotated;
        }
        return window;
    }

    [Fact]
    public void The_closed_form_view_equals_the_slice_and_rotate_procedure_in_every_direction()
    {
        // A generic 9 × 8 grid of distinct-looking cells, so that any misplaced cell shows.
        var grid = new Grid(9, 8);
        var random = ReferenceRandom.FromSeed(4);
        ObjectColor[] colors = Enum.GetValues<ObjectColor>();
        for (int x = 0; x < 9; x++)
            for (int y = 0; y < 8; y++)
                grid[x, y] = random.Integer(0, 3) switch
                {
                    0 => GridObject.None,
                    1 => GridObject.Wall,
                    _ => GridObject.ClosedDoor(colors[random.Integer(0, colors.Length)]) with { IsOpen = random.Integer(0, 2) == 1 },
                };
        for (int direction = 0; direction < 4; direction++)
            foreach (var (ax, ay) in new[] { (4, 4), (0, 0), (8, 7), (2, 6) })
                Assert.Equal(SliceAndRotate(grid, ax, ay, direction), AgentView.Cells(grid, ax, ay, direction));
    }

    [Fact]
    public void Outside_the_world_is_a_grey_wall_and_walls_and_closed_doors_are_seen_but_opaque()
    {
        // An open 3 × 3 world: the agent in its bottom-left corner facing up sees the world and the grey walls around it.
        var grid = new Grid(3, 3);
        grid[1, 1] = GridObject.ClosedDoor(ObjectColor.Blue);
        byte[,,] image = AgentView.Encode(grid, 0, 2, 3);
        var rows = Enumerable.Range(0, 7).Select(vy => string.Join(' ', Enumerable.Range(0, 7).Select(vx => $"{image[vx, vy, 0]}{image[vx, vy, 1]}{image[vx, vy, 2]}"))).ToArray();
        Assert.Equal(
        [
            "000 000 000 000 000 000 000",
            "000 000 000 000 000 000 000",
            "000 000 000 000 000 000 000",
            "000 000 250 250 250 250 250",   // beyond the top edge: grey walls, seen, opaque
            "000 000 250 100 100 100 250",
            "000 000 250 100 421 100 250",   // the closed blue door at (1, 1)
            "000 000 250 100 100 100 250",   // the agent's own cell (vx 3) always empty
        ], rows);
    }

    [Fact]
    public void Sight_passes_up_past_a_wall_beside_it()
    {
        // A 7 × 7 open world, the agent at (3, 6) facing up (so view cell = world cell), walls at (1, 5) and (1, 4). The cell
        // above the empty (0, 5) is seen through the left-to-right sweep's "up" neighbour alone: the walls stop the other.
        var grid = new Grid(7, 7);
        grid[1, 5] = GridObject.Wall;
        grid[1, 4] = GridObject.Wall;
        byte[,,] image = AgentView.Encode(grid, 3, 6, 3);
        Assert.Equal(((byte)2, (byte)5, (byte)0), (image[1, 5, 0], image[1, 5, 1], image[1, 5, 2]));
        Assert.Equal(((byte)1, (byte)0, (byte)0), (image[0, 4, 0], image[0, 4, 1], image[0, 4, 2]));
        Assert.All(Enumerable.Range(0, 7), vy => Assert.Equal(1, image[0, vy, 0]));   // the whole left column is seen
    }

    [Fact]
    public void The_worked_observations_of_the_successful_episode_are_the_references()
    {
        var env = new RedBlueDoors(6);
        var observation = env.ResetWith(7, 3, 2, 1, 3);
        Assert.Equal(Hidden(2).Concat(
        [
            "000 250 250 250 250 401 250",
            "000 250 100 100 100 100 250",
            "000 250 100 100 100 100 250",
            "000 250 100 100 100 100 250",
            "000 250 100 100 100 100 250",
        ]), Rows(observation));
        Assert.Equal((2, RedBlueDoors.MissionText), (observation.Direction, observation.Mission));

        int[] actions = [2, 2, 2, 1, 2, 2, 0, 5, 1, 1, 2, 2, 2, 1, 2, 2, 0, 5];
        var steps = actions.Select(a => env.Step(a)).ToList();
        Assert.Equal(Hidden(5).Concat(["250 250 250 401 250 000 000", "100 100 100 100 250 000 000"]), Rows(steps[6].Observation));
        Assert.Equal(Hidden(2).Concat(
        [
            "250 250 250 250 250 000 000",
            "100 100 100 100 250 000 000",
            "100 100 100 100 250 000 000",
            "250 250 250 400 250 000 000",
            "100 100 100 100 250 000 000",
        ]), Rows(steps[7].Observation));
        Assert.Equal(Hidden(2).Concat(
        [
            "250 250 250 250 250 250 000",
            "250 100 100 100 100 250 000",
            "250 100 100 100 100 250 000",
            "250 250 250 420 250 250 000",
            "250 100 100 100 100 250 000",
        ]), Rows(steps[17].Observation));
        Assert.All(steps.Take(17), s => Assert.Equal((0.0, false, false), (s.Reward, s.Terminated, s.Truncated)));
        Assert.Equal((0.9775, true, false), (steps[17].Reward, steps[17].Terminated, steps[17].Truncated));
        Assert.Equal((0, (7, 3)), (steps[17].Observation.Direction, env.AgentPosition));
        Assert.Contains("episode has ended", Assert.Throws<InvalidOperationException>(() => env.Step(0)).Message);
    }

    [Fact]
    public void The_8x8_seed_1_view_is_the_references()
    {
        var env = new RedBlueDoors(8);
        Assert.Equal(Hidden(2).Concat(["250 401 250 250 250 250 250"]).Concat(Enumerable.Repeat("100 100 100 100 100 100 250", 4)),
            Rows(env.Reset(1)));
    }

    [Fact]
    public void Walls_and_closed_doors_block_open_doors_let_through_and_the_other_actions_only_take_a_step()
    {
        var env = new RedBlueDoors(6);
        env.ResetWith(4, 1, 2, 1, 3);                       // facing the closed red door at (3, 1)
        env.Step(2);
        Assert.Equal((4, 1), env.AgentPosition);
        env.Step(5);                                         // open it, walk into the doorway and on into the corridor
        var inDoorway = env.Step(2);
        Assert.Equal((3, 1), env.AgentPosition);
        Assert.Equal("100", Rows(inDoorway.Observation)[6].Split(' ')[3]);   // the agent's own cell is empty, even in a doorway
        env.Step(2);
        Assert.Equal((2, 1), env.AgentPosition);
        env.ResetWith(4, 1, 3, 1, 3);                        // facing the top wall
        foreach (int action in new[] { 2, 3, 4, 5, 6 }) Assert.Equal((0.0, false), (env.Step(action).Reward, env.Grid[4, 0] != GridObject.Wall));
        Assert.Equal(((4, 1), 3, 5), (env.AgentPosition, env.AgentDirection, env.StepCount));
        int[] turns = [env.Step(0).Observation.Direction, env.Step(0).Observation.Direction, env.Step(1).Observation.Direction, env.Step(1).Observation.Direction,
            env.Step(1).Observation.Direction, env.Step(1).Observation.Direction];
        Assert.Equal([2, 1, 2, 3, 0, 1], turns);
        Assert.Equal("action", Assert.Throws<ArgumentOutOfRangeException>(() => env.Step(7)).ParamName);
    }

    [Fact]
    public void Opening_the_blue_door_first_or_after_closing_the_red_one_earns_nothing()
    {
        var env = new RedBlueDoors(6);
        env.ResetWith(7, 3, 2, 1, 3);
        env.Step(0);
        env.Step(0);                                          // now facing the blue door at (8, 3)
        var blueFirst = env.Step(5);
        Assert.Equal((0.0, true, 3), (blueFirst.Reward, blueFirst.Terminated, env.StepCount));

        env.ResetWith(4, 1, 2, 1, 3);                        // facing the red door
        env.Step(5);                                          // open …
        env.Step(5);                                          // … and close it
        env.Step(0);                                          // down, then to the blue door
        env.Step(2);
        env.Step(2);
        Assert.Equal((4, 3), env.AgentPosition);
        env.Step(0);                                          // facing right
        for (int i = 0; i < 3; i++) env.Step(2);
        var closedRed = env.Step(5);
        Assert.Equal((0.0, true), (closedRed.Reward, closedRed.Terminated));
    }

    [Fact]
    public void The_time_limit_truncates_with_nothing_and_a_success_on_the_last_step_earns_0_1()
    {
        var env = new RedBlueDoors(6);
        env.ResetWith(7, 3, 2, 1, 3);
        for (int i = 1; i < env.MaxSteps; i++) Assert.False(env.Step(6).Done);
        var last = env.Step(6);
        Assert.Equal((0.0, false, true, 720), (last.Reward, last.Terminated, last.Truncated, env.StepCount));

        env.ResetWith(4, 1, 2, 1, 3);
        env.Step(5);                                          // red open
        env.Step(0);
        env.Step(2);
        env.Step(2);
        env.Step(0);
        for (int i = 0; i < 3; i++) env.Step(2);              // at (7, 3) facing the blue door
        while (env.StepCount < env.MaxSteps - 1) env.Step(6);
        var success = env.Step(5);
        Assert.Equal((0.1, true, true), (Math.Round(success.Reward, 15), success.Terminated, success.Truncated));
        Assert.Equal(1 - 0.9 * (720.0 / 720), success.Reward);
    }

    [Fact]
    public void The_text_rendering_shows_walls_doors_and_the_agent()
    {
        var env = new RedBlueDoors(6);
        env.ResetWith(7, 3, 2, 1, 3);
        Assert.Equal("WWWWWWWWWWWW\nW..R....W..W\nW..W....W..W\nW..W...<B..W\nW..W....W..W\nWWWWWWWWWWWW\n", env.Render());
    }
}
