namespace Uam.Experiments.Imbalanced;

/// <summary>How the worker processes of one invocation share its cells: each worker walks the whole list in grid
/// order and runs a cell only if it is the first to claim it (a file created with CreateNew, atomic on every file
/// system we run on). Long and short runs so spread over the workers as they finish, where fixed slices would give
/// one worker every run of a slow network. The parent makes a fresh directory per invocation and removes it after.</summary>
internal sealed class CellClaims(string directory)
{
    public string Directory { get; } = directory;

    /// <summary>True for exactly one caller per cell.</summary>
    public bool TryClaim(Cell cell)
    {
        try
        {
            using var claim = new FileStream(Path.Combine(Directory, cell.FileName + ".claim"), FileMode.CreateNew, FileAccess.Write);
            return true;
        }
        catch (IOException) when (File.Exists(Path.Combine(Directory, cell.FileName + ".claim")))
        {
            return false;
        }
    }
}
