namespace Uam.Experiments.Studies;

/// <summary>How the worker processes of one invocation share its runs: each worker walks the whole list in grid
/// order and does a run only if it is the first to claim it (a file created with CreateNew, atomic on every file
/// system we run on). Long and short runs so spread over the workers as they finish, where fixed slices would give
/// one worker every run of a slow network. The parent makes a fresh directory per invocation and removes it after.</summary>
internal sealed class RunClaims(string directory)
{
    public string Directory { get; } = directory;

    /// <summary>True for exactly one caller per run name.</summary>
    public bool TryClaim(string runName)
    {
        string path = Path.Combine(Directory, runName + ".claim");
        try
        {
            using var claim = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
            return true;
        }
        catch (IOException) when (File.Exists(path))
        {
            return false;
        }
    }
}
