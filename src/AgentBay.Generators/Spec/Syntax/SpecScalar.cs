namespace AgentBay.Generators.Spec.Syntax
{
    /// <summary>
    /// A scalar: a YAML scalar of any style, a JSON string, number, true, false or null.
    /// <see cref="Value"/> is the text after unescaping and folding; typed views are only offered for
    /// Plain scalars, so that a quoted "42" or "true" stays a string, as YAML's core schema says.
    /// </summary>
    internal sealed class SpecScalar : SpecNode
    {
        public SpecScalar(string value, SpecScalarStyle style, SpecRange range)
            : base(range)
        {
            Value = value;
            Style = style;
            IsNull = style == SpecScalarStyle.Plain && SpecScalarParsing.IsNullLiteral(value);
        }

        public override SpecNodeKind Kind => SpecNodeKind.Scalar;

        public string Value { get; }

        public SpecScalarStyle Style { get; }

        /// <summary>True for a plain <c>~</c>, <c>null</c>, <c>Null</c>, <c>NULL</c> or an empty value (<c>key:</c> with nothing after it).</summary>
        public bool IsNull { get; }

        /// <summary>Plain decimal (optionally signed), <c>0x</c> hex or <c>0o</c> octal integers that fit a long.</summary>
        public bool TryGetInt64(out long value)
        {
            if (Style == SpecScalarStyle.Plain)
            {
                return SpecScalarParsing.TryParseInt64(Value, out value);
            }

            value = 0;
            return false;
        }

        /// <summary>Plain integers and floats (<c>1.5</c>, <c>-2e10</c>, <c>.5</c>), plus <c>.inf</c>, <c>-.inf</c> and <c>.nan</c>.</summary>
        public bool TryGetDouble(out double value)
        {
            if (Style == SpecScalarStyle.Plain)
            {
                return SpecScalarParsing.TryParseDouble(Value, out value);
            }

            value = 0;
            return false;
        }

        /// <summary>Plain true/True/TRUE/false/False/FALSE only (not yes/no/on/off, which YAML 1.2 dropped).</summary>
        public bool TryGetBoolean(out bool value)
        {
            if (Style == SpecScalarStyle.Plain)
            {
                return SpecScalarParsing.TryParseBoolean(Value, out value);
            }

            value = false;
            return false;
        }

        public override string ToString() => Style == SpecScalarStyle.Plain ? Value : "\"" + Value + "\"";
    }
}
