using System.Text;

namespace Uam.Generators.Emitting
{
    /// <summary>A string builder that indents, for readable generated code.</summary>
    internal sealed class CodeWriter
    {
        private readonly StringBuilder _text = new StringBuilder();
        private int _indent;

        public CodeWriter Line(string line = "")
        {
            if (line.Length > 0) _text.Append(' ', 4 * _indent).Append(line);
            _text.Append('\n');
            return this;
        }

        /// <summary>Writes <paramref name="line"/> (if any), then an opening brace, and indents.</summary>
        public CodeWriter Open(string line = "")
        {
            if (line.Length > 0) Line(line);
            Line("{");
            _indent++;
            return this;
        }

        public CodeWriter Close(string suffix = "")
        {
            _indent--;
            return Line("}" + suffix);
        }

        public override string ToString() => _text.ToString();
    }
}
