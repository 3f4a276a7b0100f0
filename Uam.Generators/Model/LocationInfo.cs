using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace Uam.Generators.Model
{
    /// <summary>A source location as plain values (a <see cref="Location"/> holds a syntax tree, which must
    /// not be cached across pipeline steps).</summary>
    internal sealed record LocationInfo(string FilePath, TextSpan Span, LinePositionSpan LineSpan)
    {
        public Location ToLocation() => Location.Create(FilePath, Span, LineSpan);

        public static LocationInfo? From(SyntaxNode? node)
        {
            if (node is null) return null;
            Location location = node.GetLocation();
            return location.SourceTree is null ? null : new LocationInfo(location.SourceTree.FilePath, location.SourceSpan, location.GetLineSpan().Span);
        }
    }

    /// <summary>A diagnostic to report: the descriptor's ID, its message arguments and where.</summary>
    internal sealed record DiagnosticInfo(string Id, LocationInfo? Location, EquatableArray<string> Arguments);
}
