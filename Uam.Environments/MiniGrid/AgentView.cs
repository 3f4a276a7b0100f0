namespace Uam.Environments.MiniGrid;

/// <summary>The agent's egocentric 7 × 7 view (environments-reference §3.5, §3.6): view column vx (left to right as the agent
/// sees), view row vy (far to near), the agent at (3, 6) looking up the view; what it cannot see encodes (0, 0, 0).</summary>
public static class AgentView
{
    public const int Size = 7;

    /// <summary>Direction vectors: 0 right, 1 down, 2 left, 3 up (y downwards).</summary>
    public static (int X, int Y) Forward(int direction) => direction switch
    {
        0 => (1, 0), 1 => (0, 1), 2 => (-1, 0), 3 => (0, -1),
        _ => throw new ArgumentOutOfRangeException(nameof(direction), direction, "directions are 0 (right) to 3 (up)"),
    };

    /// <summary>The world cell of view cell (vx, vy): agent + f·(6 − vy) + r·(vx − 3), with r = (−f.y, f.x).</summary>
    public static (int X, int Y) WorldCell(int agentX, int agentY, int direction, int vx, int vy)
    {
        var (fx, fy) = Forward(direction);
        var (rx, ry) = (-fy, fx);
        return (agentX + fx * (Size - 1 - vy) + rx * (vx - Size / 2), agentY + fy * (Size - 1 - vy) + ry * (vx - Size / 2));
    }

    /// <summary>The view's cells, [vx, vy]: cells outside the world are grey walls (the reference's slice).</summary>
    public static GridObject[,] Cells(Grid grid, int agentX, int agentY, int direction)
    {
        var view = new GridObject[Size, Size];
        for (int vx = 0; vx < Size; vx++)
            for (int vy = 0; vy < Size; vy++)
            {
                var (x, y) = WorldCell(agentX, agentY, direction, vx, vy);
                view[vx, vy] = grid.Contains(x, y) ? grid[x, y] : GridObject.Wall;
            }
        return view;
    }

    /// <summary>The reference's visibility sweep from the agent's cell, row by row from near to far: a cell that does not
    /// block sight opens its neighbours to the side and beyond; walls and closed doors are seen but stop the sweep.</summary>
    public static bool[,] Visibility(GridObject[,] view)
    {
        var mask = new bool[Size, Size];
        mask[Size / 2, Size - 1] = true;
        for (int j = Size - 1; j >= 0; j--)
        {
            for (int i = 0; i < Size - 1; i++)
            {
                if (!mask[i, j] || !view[i, j].SeeBehind) continue;
                mask[i + 1, j] = true;
                if (j > 0)
                {
                    mask[i + 1, j - 1] = true;
                    mask[i, j - 1] = true;
                }
            }
            for (int i = Size - 1; i >= 1; i--)
            {
                if (!mask[i, j] || !view[i, j].SeeBehind) continue;
                mask[i - 1, j] = true;
                if (j > 0)
                {
                    mask[i - 1, j - 1] = true;
                    mask[i, j - 1] = true;
                }
            }
        }
        return mask;
    }

    /// <summary>The encoded observation image [vx, vy, channel]: visible cells as (type, colour, state), the agent's own
    /// cell as what it carries (nothing: empty), invisible cells zero.</summary>
    public static byte[,,] Encode(Grid grid, int agentX, int agentY, int direction)
    {
        GridObject[,] view = Cells(grid, agentX, agentY, direction);
        bool[,] visible = Visibility(view);
        view[Size / 2, Size - 1] = GridObject.None;
        var image = new byte[Size, Size, 3];
        for (int vx = 0; vx < Size; vx++)
            for (int vy = 0; vy < Size; vy++)
            {
                if (!visible[vx, vy]) continue;
                var (type, color, state) = view[vx, vy].Encode();
                (image[vx, vy, 0], image[vx, vy, 1], image[vx, vy, 2]) = (type, color, state);
            }
        return image;
    }
}
