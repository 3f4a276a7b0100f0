namespace Uam.Generators.Parsing
{
    /// <summary>The names and enum values of Uam.Runtime that the generator reads and writes. The generator
    /// cannot reference the runtime (it targets netstandard2.0), so these mirror it; a test compares them
    /// with the runtime's own values.</summary>
    internal static class RuntimeContract
    {
        public const string Namespace = "Uam.Runtime";
        public const string ModelAttribute = "Uam.Runtime.ModelAttribute";
        public const string NormalizeAttribute = "Uam.Runtime.NormalizeAttribute";
        public const string LayerAttribute = "Uam.Runtime.LayerAttribute";
        public const string DenseAttribute = "Uam.Runtime.DenseAttribute";
        public const string RecurrentAttribute = "Uam.Runtime.RecurrentAttribute";
        public const string Conv2dAttribute = "Uam.Runtime.Conv2dAttribute";
        public const string MaxPool2dAttribute = "Uam.Runtime.MaxPool2dAttribute";
        public const string FlattenAttribute = "Uam.Runtime.FlattenAttribute";
        public const string EmbeddingAttribute = "Uam.Runtime.EmbeddingAttribute";
        public const string DropoutAttribute = "Uam.Runtime.DropoutAttribute";
        public const string HookAttribute = "Uam.Runtime.HookAttribute";
        public const string Tensor = "Uam.Runtime.Tensor";
        public const string Module = "Uam.Runtime.nn.Module";

        /// <summary>Uam.Runtime.Kind.</summary>
        public static class Kind
        {
            public const int None = 0, RN = 1, RLN = 2, RBN = 3, SN = 4, LNThenRN = 5, RNThenLN = 6, Probe = 7, BN = 8, LN = 9, WN = 10;
            public static readonly string[] Names = { "None", "RN", "RLN", "RBN", "SN", "LNThenRN", "RNThenLN", "Probe", "BN", "LN", "WN" };
        }

        /// <summary>Uam.Runtime.Activation.</summary>
        public static class Activation
        {
            public const int None = 0, ReLU = 1, Tanh = 2, Sigmoid = 3, LogSoftmax = 4, Softmax = 5;
            public static readonly string[] Names = { "None", "ReLU", "Tanh", "Sigmoid", "LogSoftmax", "Softmax" };
        }

        /// <summary>Uam.Runtime.CellKind.</summary>
        public static class Cell
        {
            public const int RNN = 0, GRU = 1, LSTM = 2;
            public static readonly string[] Names = { "RNN", "GRU", "LSTM" };
        }

        /// <summary>Uam.Runtime.PriorSource.</summary>
        public static class Prior
        {
            public const int None = 0, Labels = 1, Tensor = 2;
        }

        /// <summary>Member names of Uam.Runtime's option enums, indexed by value.</summary>
        public static readonly string[] VariancePooling = { "Exact", "Paper" };
        public static readonly string[] GradientPolicy = { "CurrentBatch", "ConstantGain" };
        public static readonly string[] EvaluationScale = { "SizeNormalized", "Sums" };
        public static readonly string[] Implementation = { "Fused", "Composite" };
    }
}
