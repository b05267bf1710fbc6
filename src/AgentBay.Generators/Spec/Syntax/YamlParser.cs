using System.Collections.Generic;

namespace AgentBay.Generators.Spec.Syntax
{
    /// <summary>
    /// The block structure of a YAML spec file: the document, block mappings and block sequences, found by
    /// indentation. Every block-level method starts with Pos on its node's first char and returns with Pos on
    /// the first content char of the next content line (or at the end), so the caller decides by that
    /// char's column whether it still belongs to an enclosing collection. Lookahead is bounded (a key is scanned
    /// once to recognise it and once to read it; blank lines after a plain scalar once to look for a continuation
    /// and once to skip them), so every char is visited a small constant number of times: reading is linear.
    /// </summary>
    internal sealed class YamlParser
    {
        private readonly YamlCursor _c;
        private readonly string _text;
        private readonly YamlPlainScanner _plain;
        private readonly YamlQuotedScanner _quoted;
        private readonly YamlBlockScalarScanner _blockScalars;
        private readonly YamlFlowParser _flow;

        public YamlParser(string text, SpecLineMap lines)
        {
            _c = new YamlCursor(text, lines);
            _text = text;
            _plain = new YamlPlainScanner(_c);
            _quoted = new YamlQuotedScanner(_c);
            _blockScalars = new YamlBlockScalarScanner(_c);
            _flow = new YamlFlowParser(_c, _plain, _quoted);
        }

        public SpecNode ParseDocument()
        {
            if (_text.Length > 0 && _text[0] == '\uFEFF')
            {
                // Column 0 is the char after the byte order mark, so indentation is measured from there.
                _c.Pos = 1;
                _c.LineStart = 1;
            }

            _c.SkipToContent();
            if (!_c.AtEnd && _c.Column == 0 && _text[_c.Pos] == '%')
            {
                YamlCursor.Fail("YAML directives ('%') are not supported in spec files", _c.Pos, _c.TokenEnd(_c.Pos));
            }

            SpecNode? root = null;
            int emptyAt = _c.Pos;
            if (!_c.AtEnd && _c.Column == 0 && _c.IsDocumentMarker(_c.Pos) && _text[_c.Pos] == '-')
            {
                _c.Pos += 3;
                emptyAt = _c.Pos;
                _c.SkipWhite();
                if (_c.IsBreakOrEnd(_c.Pos) || _text[_c.Pos] == '#')
                {
                    _c.FinishLine(string.Empty);
                    _c.SkipToContent();
                }
                else
                {
                    root = ParseInlineNode(-1);
                }
            }

            root ??= ParseBlockNode(-1, false) ?? Empty(emptyAt);
            bool ended = false;
            if (!_c.AtEnd && _c.Column == 0 && _c.IsDocumentMarker(_c.Pos) && _text[_c.Pos] == '.')
            {
                // "..." ends the document; only comments may follow (anything else starts another document).
                _c.Pos += 3;
                _c.FinishLine("unexpected text after the document end marker '...'");
                _c.SkipToContent();
                ended = true;
            }

            if (!_c.AtEnd)
            {
                int p = _c.Pos;
                string message = ended || (_c.Column == 0 && _c.IsDocumentMarker(p))
                    ? "spec files must contain a single YAML document; found a second document"
                    : _c.Column < root.Range.Start.Column
                        ? "bad indentation: this line is less indented than the document's root node"
                        : "unexpected content after the document's root node";
                YamlCursor.Fail(message, p, _c.TokenEnd(p));
            }

            return root;
        }

        /// <summary>
        /// A node that starts on a later line (after "key:" or "-" with nothing else on the line), or null when
        /// the next content line is not indented more than <paramref name="parentIndent"/>, i.e. the value is empty.
        /// A sequence may line up with its parent key ("key:\n- a"), when <paramref name="sequenceAtParentIndent"/>.
        /// </summary>
        private SpecNode? ParseBlockNode(int parentIndent, bool sequenceAtParentIndent)
        {
            if (_c.AtEnd)
            {
                return null;
            }

            int column = _c.Column;
            if (column == 0 && _c.IsDocumentMarker(_c.Pos))
            {
                return null;
            }

            if (column > parentIndent)
            {
                if (_c.IsIndicator(_c.Pos, '-'))
                {
                    return ParseBlockSequence(column, endsAtSibling: false);
                }

                return IsImplicitKey(_c.Pos) ? ParseBlockMapping(column) : ParseInlineNode(parentIndent);
            }

            if (column == parentIndent && sequenceAtParentIndent && _c.IsIndicator(_c.Pos, '-'))
            {
                return ParseBlockSequence(column, endsAtSibling: true);
            }

            return null;
        }

        private SpecMapping ParseBlockMapping(int indent)
        {
            SpecPosition start = _c.Position(_c.Pos);
            _c.Enter(_c.Pos);
            var entries = new List<SpecMappingEntry>();
            int end;
            while (true)
            {
                SpecScalar key = ParseBlockKey(indent);
                int afterColon = _c.Pos;
                _c.SkipWhite();
                SpecNode value;
                if (_c.IsBreakOrEnd(_c.Pos) || _text[_c.Pos] == '#')
                {
                    _c.FinishLine(string.Empty);
                    _c.SkipToContent();
                    value = ParseBlockNode(indent, sequenceAtParentIndent: true) ?? Empty(afterColon);
                }
                else
                {
                    value = ParseInlineNode(indent);
                }

                entries.Add(new SpecMappingEntry(key, value));
                end = value.Range.End.Offset;
                int column = _c.Column;
                if (_c.AtEnd || column < indent || (column == 0 && _c.IsDocumentMarker(_c.Pos)))
                {
                    break;
                }

                if (column > indent)
                {
                    YamlCursor.Fail("bad indentation of a mapping entry", _c.Pos, _c.TokenEnd(_c.Pos));
                }

                if (_c.IsIndicator(_c.Pos, '-'))
                {
                    YamlCursor.Fail("expected a mapping key at this indentation, found a sequence item ('- ')", _c.Pos, _c.Pos + 1);
                }
            }

            _c.Exit();
            return new SpecMapping(entries.ToArray(), _c.Range(start, end));
        }

        // A key of a block mapping and its ':' (Pos ends just after the ':').
        private SpecScalar ParseBlockKey(int indent)
        {
            int p = _c.Pos;
            char c = _text[p];
            SpecScalar key;
            if (c == '"' || c == '\'')
            {
                key = _quoted.ScanQuoted(indent);
            }
            else
            {
                if (c == '[' || c == '{' || c == '|' || c == '>')
                {
                    YamlCursor.Fail("expected a mapping key, found " + SpecMessages.Describe(_text, p), p, p + 1);
                }

                _plain.CheckPlainStart(p, flow: false);
                key = _plain.ScanPlain(flow: false, indent, multiLine: false);
            }

            int keyEnd = _c.Pos;
            int q = _c.SkipWhite(keyEnd);
            if (_c.IsIndicator(q, ':'))
            {
                _c.Pos = q + 1;
                return key;
            }

            if (q < _c.Length && _text[q] == ':')
            {
                // Only after a quoted key: '"k":v' is JSON-like, which YAML allows inside flow collections only.
                YamlCursor.Fail("expected a space after the ':' of mapping key " + SpecMessages.Quote(key.Value), q + 1, q + 1);
            }

            YamlCursor.Fail("expected ':' after mapping key " + SpecMessages.Quote(key.Value), keyEnd, keyEnd);
            return key;
        }

        private SpecSequence ParseBlockSequence(int indent, bool endsAtSibling)
        {
            SpecPosition start = _c.Position(_c.Pos);
            _c.Enter(_c.Pos);
            var items = new List<SpecNode>();
            int end;
            while (true)
            {
                int dash = _c.Pos;
                _c.Pos++;
                _c.SkipWhite();
                SpecNode item;
                if (_c.IsBreakOrEnd(_c.Pos) || _text[_c.Pos] == '#')
                {
                    _c.FinishLine(string.Empty);
                    _c.SkipToContent();
                    item = ParseBlockNode(indent, sequenceAtParentIndent: false) ?? Empty(dash + 1);
                }
                else
                {
                    // "- key: value" and "- - item" open a collection indented to the column after "- ".
                    bool nestedSequence = _c.IsIndicator(_c.Pos, '-');
                    if (nestedSequence || IsImplicitKey(_c.Pos))
                    {
                        int tab = _text.IndexOf('\t', dash + 1, _c.Pos - dash - 1);
                        if (tab >= 0)
                        {
                            YamlCursor.Fail("tab characters are not allowed in indentation", tab, tab + 1);
                        }

                        item = nestedSequence
                            ? ParseBlockSequence(_c.Column, endsAtSibling: false)
                            : (SpecNode)ParseBlockMapping(_c.Column);
                    }
                    else
                    {
                        item = ParseInlineNode(indent);
                    }
                }

                items.Add(item);
                end = item.Range.End.Offset;
                int column = _c.Column;
                if (_c.AtEnd || column < indent || (column == 0 && _c.IsDocumentMarker(_c.Pos)))
                {
                    break;
                }

                if (column > indent)
                {
                    YamlCursor.Fail("bad indentation of a sequence item", _c.Pos, _c.TokenEnd(_c.Pos));
                }

                if (!_c.IsIndicator(_c.Pos, '-'))
                {
                    if (endsAtSibling)
                    {
                        break;
                    }

                    YamlCursor.Fail("expected a sequence item ('- ') at this indentation, found " + SpecMessages.Describe(_text, _c.Pos), _c.Pos, _c.TokenEnd(_c.Pos));
                }
            }

            _c.Exit();
            return new SpecSequence(items.ToArray(), _c.Range(start, end));
        }

        /// <summary>
        /// A node that starts on the current line after "key:", "- " or "---", or a scalar alone on its line:
        /// a flow collection, a quoted, block or plain scalar. Continuation lines must be indented more than
        /// <paramref name="blockIndent"/>.
        /// </summary>
        private SpecNode ParseInlineNode(int blockIndent)
        {
            int p = _c.Pos;
            char c = _text[p];
            SpecNode node;
            switch (c)
            {
                case '[':
                case '{':
                    node = _flow.Parse(blockIndent);
                    FailOnColon("flow collections cannot be used as mapping keys");
                    _c.FinishLine("unexpected text after a flow collection on the same line");
                    break;
                case '"':
                case '\'':
                    node = _quoted.ScanQuoted(blockIndent);
                    FailOnColon("unexpected ':' after a quoted scalar (a nested mapping must start on a new line)");
                    _c.FinishLine("unexpected text after a quoted scalar");
                    break;
                case '|':
                case '>':
                    node = _blockScalars.Scan(blockIndent);
                    break;
                default:
                    _plain.CheckPlainStart(p, flow: false);
                    node = _plain.ScanPlain(flow: false, blockIndent, multiLine: true);
                    FailOnColon("unexpected ':' after a plain scalar (a nested mapping must start on a new line)");
                    _c.FinishLine("unexpected text after a plain scalar");
                    break;
            }

            _c.SkipToContent();
            return node;
        }

        private void FailOnColon(string message)
        {
            int q = _c.SkipWhite(_c.Pos);
            if (q < _c.Length && _text[q] == ':')
            {
                YamlCursor.Fail(message, q, q + 1);
            }
        }

        /// <summary>Whether the line at <paramref name="p"/> starts with an implicit key: a plain or quoted scalar on this line, then ':'.</summary>
        private bool IsImplicitKey(int p)
        {
            char c = _text[p];
            if (c == '"' || c == '\'')
            {
                int end = _quoted.FindQuotedEndOnLine(p);
                return end >= 0 && _c.SkipWhite(end) < _c.Length && _text[_c.SkipWhite(end)] == ':';
            }

            switch (c)
            {
                case '[': case '{': case '|': case '>': case '&': case '*': case '!': case '#':
                case ',': case ']': case '}': case '%': case '@': case '`':
                    return false;
                case '-': case '?': case ':':
                    if (_c.IsSpaceOrEnd(p + 1))
                    {
                        return false;
                    }

                    break;
            }

            int q = _c.SkipWhite(_plain.ScanPlainLine(p, flow: false));
            return _c.IsIndicator(q, ':');
        }

        private SpecScalar Empty(int offset) => new SpecScalar(string.Empty, SpecScalarStyle.Plain, _c.Range(offset, offset));
    }
}
