namespace Uam.Environments.MiniGrid;

/// <summary>A MiniGrid world: <see cref="Width"/> × <see cref="Height"/> cells indexed (x, y), x to the right, y downwards.</summary>
public sealed class Grid
{
    private readonly GridObject[] _cells;

    public Grid(int width, int height)
    {
        if (width < 1 || height < 1) throw new ArgumentOutOfRangeException(nameof(width), $"a grid of {width} × {height} cells has none");
        (Width, Height) = (width, height);
        _cells = Enumerable.Repeat(GridObject.None, width * height).ToArray();
    }

    public int Width { get; }

    public int Height { get; }

    public bool Contains(int x, int y) => x >= 0 && x < Width && y >= 0 && y < Height;

    public GridObject this[int x, int y]
    {
        get => Contains(x, y) ? _cells[y * Width + x] : throw new ArgumentOutOfRangeException(nameof(x), $"({x}, {y}) is outside the {Width} × {Height} grid");
        set
        {
            if (!Contains(x, y)) throw new ArgumentOutOfRangeException(nameof(x), $"({x}, {y}) is outside the {Width} × {Height} grid");
            _cells[y * Width + x] = value;
        }
    }

    /// <summary>Walls on the rectangle's border (the reference's wall_rect).</summary>
    public void WallRectangle(int x, int y, int width, int height)
    {
        for (int i = x; i < x + width; i++)
        {
            this[i, y] = GridObject.Wall;
            this[i, y + height - 1] = GridObject.Wall;
        }
        for (int j = y; j < y + height; j++)
        {
            this[x, j] = GridObject.Wall;
            this[x + width - 1, j] = GridObject.Wall;
        }
    }
}
