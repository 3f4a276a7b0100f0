using Uam.Environments.Rendering;

namespace Uam.Environments.MiniGrid;

/// <summary>Pictures of a MiniGrid world and of what the agent sees, in MiniGrid's colours: walls grey, doors in their colour
/// (closed: filled; open: an outline), empty floor black with grey grid lines, the agent a red triangle pointing where it
/// faces; in the agent's view, cells it cannot see are dark.</summary>
public static class MiniGridPicture
{
    public static readonly (byte R, byte G, byte B) Floor = (0, 0, 0), GridLine = (100, 100, 100), Hidden = (40, 40, 40), Agent = (255, 0, 0);

    public static (byte R, byte G, byte B) ColorOf(ObjectColor color) => color switch
    {
        ObjectColor.Red => (255, 0, 0), ObjectColor.Green => (0, 255, 0), ObjectColor.Blue => (0, 0, 255),
        ObjectColor.Purple => (112, 39, 195), ObjectColor.Yellow => (255, 255, 0), _ => (100, 100, 100),
    };

    /// <summary>The whole grid with the agent, <paramref name="tile"/> pixels per cell.</summary>
    public static PngImage World(RedBlueDoors env, int tile = 16)
    {
        ArgumentNullException.ThrowIfNull(env);
        RequireTile(tile);
        var picture = new PngImage(env.Grid.Width * tile, env.Grid.Height * tile);
        for (int x = 0; x < env.Grid.Width; x++)
            for (int y = 0; y < env.Grid.Height; y++)
                DrawCell(picture, x * tile, y * tile, tile, env.Grid[x, y]);
        DrawAgent(picture, env.AgentPosition.X * tile, env.AgentPosition.Y * tile, tile, env.AgentDirection);
        return picture;
    }

    /// <summary>The agent's 7 × 7 view from its encoded observation (view column across, far rows at the top), the agent
    /// at the bottom centre pointing up.</summary>
    public static PngImage View(MiniGridObservation observation, int tile = 16)
    {
        ArgumentNullException.ThrowIfNull(observation);
        RequireTile(tile);
        var picture = new PngImage(AgentView.Size * tile, AgentView.Size * tile);
        for (int vx = 0; vx < AgentView.Size; vx++)
            for (int vy = 0; vy < AgentView.Size; vy++)
            {
                var type = (ObjectType)observation.Image[vx, vy, 0];
                var cell = type switch
                {
                    ObjectType.Unseen => (GridObject?)null,
                    ObjectType.Wall => GridObject.Wall,
                    ObjectType.Door => new GridObject(ObjectType.Door, (ObjectColor)observation.Image[vx, vy, 1], observation.Image[vx, vy, 2] == 0),
                    _ => GridObject.None,
                };
                if (cell is { } known) DrawCell(picture, vx * tile, vy * tile, tile, known);
                else picture.Fill(vx * tile, vy * tile, tile, tile, Hidden);
            }
        DrawAgent(picture, AgentView.Size / 2 * tile, (AgentView.Size - 1) * tile, tile, 3);
        return picture;
    }

    private static void RequireTile(int tile)
    {
        if (tile is < 4 or > 256) throw new ArgumentOutOfRangeException(nameof(tile), tile, "a tile is 4 to 256 pixels");
    }

    private static void DrawCell(PngImage picture, int left, int top, int tile, GridObject cell)
    {
        picture.Fill(left, top, tile, tile, GridLine);
        picture.Fill(left + 1, top + 1, tile - 1, tile - 1, Floor);
        if (cell.Type == ObjectType.Wall) picture.Fill(left, top, tile, tile, ColorOf(ObjectColor.Grey));
        else if (cell.Type == ObjectType.Door)
        {
            var color = ColorOf(cell.Color);
            picture.Fill(left + 1, top + 1, tile - 2, tile - 2, color);
            if (cell.IsOpen) picture.Fill(left + 3, top + 3, tile - 6, tile - 6, Floor);
        }
    }

    /// <summary>A triangle whose tip touches the middle of the cell's side the agent faces.</summary>
    private static void DrawAgent(PngImage picture, int left, int top, int tile, int direction)
    {
        double half = tile / 2.0;
        for (int j = 0; j < tile; j++)
            for (int i = 0; i < tile; i++)
            {
                // Coordinates along the facing direction (u: 0 at the back, 1 at the tip) and across it (v: −1 … 1).
                double x = (i + 0.5 - half) / half, y = (j + 0.5 - half) / half;
                var (u, v) = direction switch { 0 => (x, y), 1 => (y, -x), 2 => (-x, -y), _ => (-y, x) };
                double along = (u + 0.8) / 1.6;   // the triangle spans u ∈ [−0.8, 0.8]
                if (along is >= 0 and <= 1 && Math.Abs(v) <= 0.8 * (1 - along)) picture[left + i, top + j] = Agent;
            }
    }
}
