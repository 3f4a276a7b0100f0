namespace Uam.Environments.MiniGrid;

/// <summary>MiniGrid's object indices (OBJECT_TO_IDX), as the observation encodes them.</summary>
public enum ObjectType : byte
{
    Unseen = 0, Empty = 1, Wall = 2, Floor = 3, Door = 4, Key = 5, Ball = 6, Box = 7, Goal = 8, Lava = 9, Agent = 10,
}

/// <summary>MiniGrid's colour indices (COLOR_TO_IDX).</summary>
public enum ObjectColor : byte
{
    Red = 0, Green = 1, Blue = 2, Purple = 3, Yellow = 4, Grey = 5,
}

/// <summary>The content of one grid cell: nothing (<see cref="None"/>), a wall, or a door (closed or open; RedBlueDoors never
/// locks one). Encodes as MiniGrid's (type, colour, state) triple.</summary>
public readonly record struct GridObject(ObjectType Type, ObjectColor Color, bool IsOpen)
{
    /// <summary>An empty cell (the reference's None).</summary>
    public static readonly GridObject None = new(ObjectType.Empty, ObjectColor.Red, false);

    public static readonly GridObject Wall = new(ObjectType.Wall, ObjectColor.Grey, false);

    public static GridObject ClosedDoor(ObjectColor color) => new(ObjectType.Door, color, false);

    public bool IsEmpty => Type == ObjectType.Empty;

    /// <summary>The agent may enter: an empty cell or an open door.</summary>
    public bool CanOverlap => IsEmpty || (Type == ObjectType.Door && IsOpen);

    /// <summary>Sight passes: everything but walls and closed doors.</summary>
    public bool SeeBehind => Type switch { ObjectType.Wall => false, ObjectType.Door => IsOpen, _ => true };

    /// <summary>(type, colour, state): state 0 open, 1 closed for doors, 0 for everything else; an empty cell is (1, 0, 0).</summary>
    public (byte Type, byte Color, byte State) Encode() => Type switch
    {
        ObjectType.Empty => ((byte)ObjectType.Empty, 0, 0),
        ObjectType.Door => ((byte)ObjectType.Door, (byte)Color, IsOpen ? (byte)0 : (byte)1),
        _ => ((byte)Type, (byte)Color, 0),
    };
}
