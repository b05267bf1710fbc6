using System;
using System.Buffers;
using System.Collections.Generic;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Text;

namespace AgentBay.Runtime;

/// <summary>
/// Percent-encoding of request parameters as the official SDKs' runtime produces it: unreserved characters
/// (<c>A-Z a-z 0-9 - . _ ~</c>) as they are, everything else as UTF-8 <c>%XX</c> escapes with upper-case hex.
/// In the form body (<c>application/x-www-form-urlencoded</c>) a space is written as '+', as Python's urlencode does
/// (<c>Authorization=Bearer+akm-…</c>); in the query it is <c>%20</c>, as <see cref="Uri.EscapeDataString(string)"/> does.
/// </summary>
/// <remarks>
/// Writers take the exact destination length from <see cref="EscapedLength"/> first, so a request is encoded straight
/// into one buffer of the right size with no intermediate strings. They are generic over the code unit so the same
/// code writes URL text (<see cref="char"/>) and body bytes (<see cref="byte"/>).
/// </remarks>
internal static class FormEncoding
{
    private const string HexDigits = "0123456789ABCDEF";

    // Characters written as they are; everything else is escaped. Values are searched vectorised for their first
    // character that needs escaping (ids, names and tokens usually have none); from there on a table lookup per
    // character is cheaper than restarting a vector search after every escape.
    private static readonly SearchValues<char> Unreserved =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~");

    // A-Z a-z 0-9 - . _ ~ (compares that inline, cheaper here than a table lookup).
    private static bool IsUnreserved(char c)
        => (uint)((c | 0x20) - 'a') <= 'z' - 'a' || (uint)(c - '0') <= 9 || c is '-' or '.' or '_' or '~';

    /// <summary>Number of code units <paramref name="value"/> takes once escaped.</summary>
    /// <param name="value">The text to escape.</param>
    /// <param name="spaceAsPlus">True in a form body ('+'), false in a URL query (<c>%20</c>).</param>
    internal static int EscapedLength(ReadOnlySpan<char> value, bool spaceAsPlus)
    {
        int first = FirstToEscape(value);
        if (first < 0)
        {
            return value.Length;
        }
        int length = first;
        for (int i = first; i < value.Length; i++)
        {
            char c = value[i];
            if (c < 0x80)
            {
                length += IsUnreserved(c) || (c == ' ' && spaceAsPlus) ? 1 : 3;
                continue;
            }
            // Lone surrogates decode as U+FFFD (three bytes), exactly as Encoding.UTF8.GetBytes would write them.
            Rune.DecodeFromUtf16(value[i..], out Rune rune, out int consumed);
            length += 3 * rune.Utf8SequenceLength;
            i += consumed - 1;
        }
        return length;
    }

    /// <summary>Length of one escaped <c>name=value</c> pair.</summary>
    internal static int PairLength(string name, string value, bool spaceAsPlus)
        => EscapedLength(name, spaceAsPlus) + 1 + EscapedLength(value, spaceAsPlus);

    /// <summary>Writes <paramref name="value"/> escaped at the start of <paramref name="destination"/>; returns the units written.</summary>
    /// <param name="value">The text to escape.</param>
    /// <param name="destination">Room for at least <see cref="EscapedLength"/> units.</param>
    /// <param name="spaceAsPlus">True in a form body ('+'), false in a URL query (<c>%20</c>).</param>
    internal static int WriteEscaped<TUnit>(ReadOnlySpan<char> value, Span<TUnit> destination, bool spaceAsPlus)
        where TUnit : unmanaged, IBinaryInteger<TUnit>
    {
        int first = FirstToEscape(value);
        if (first < 0)
        {
            CopyAscii(value, destination);
            return value.Length;
        }
        CopyAscii(value[..first], destination);
        int written = first;
        Span<byte> utf8 = stackalloc byte[4];
        for (int i = first; i < value.Length; i++)
        {
            char c = value[i];
            if (IsUnreserved(c))
            {
                destination[written++] = TUnit.CreateTruncating(c);
                continue;
            }
            if (c == ' ' && spaceAsPlus)
            {
                destination[written++] = TUnit.CreateTruncating('+');
                continue;
            }
            int count;
            if (c < 0x80)
            {
                utf8[0] = (byte)c;
                count = 1;
            }
            else
            {
                Rune.DecodeFromUtf16(value[i..], out Rune rune, out int consumed);
                i += consumed - 1;
                count = rune.EncodeToUtf8(utf8);
            }
            for (int k = 0; k < count; k++)
            {
                destination[written++] = TUnit.CreateTruncating('%');
                destination[written++] = TUnit.CreateTruncating(HexDigits[utf8[k] >> 4]);
                destination[written++] = TUnit.CreateTruncating(HexDigits[utf8[k] & 0xF]);
            }
        }
        return written;
    }

    // Parameter names and most values are short: a vector search only pays off on longer text.
    private static int FirstToEscape(ReadOnlySpan<char> value)
    {
        if (value.Length >= 16)
        {
            return value.IndexOfAnyExcept(Unreserved);
        }
        for (int i = 0; i < value.Length; i++)
        {
            char c = value[i];
            if (!IsUnreserved(c))
            {
                return i;
            }
        }
        return -1;
    }

    // A run of unreserved (ASCII) characters, copied or narrowed in bulk.
    private static void CopyAscii<TUnit>(ReadOnlySpan<char> run, Span<TUnit> destination)
        where TUnit : unmanaged, IBinaryInteger<TUnit>
    {
        if (typeof(TUnit) == typeof(char))
        {
            run.CopyTo(MemoryMarshal.Cast<TUnit, char>(destination));
        }
        else if (typeof(TUnit) == typeof(byte))
        {
            Ascii.FromUtf16(run, MemoryMarshal.Cast<TUnit, byte>(destination), out _);
        }
        else
        {
            for (int i = 0; i < run.Length; i++)
            {
                destination[i] = TUnit.CreateTruncating(run[i]);
            }
        }
    }

    /// <summary>Writes one <c>name=value</c> pair with both parts escaped; returns the units written.</summary>
    internal static int WritePair<TUnit>(string name, string value, Span<TUnit> destination, bool spaceAsPlus)
        where TUnit : unmanaged, IBinaryInteger<TUnit>
    {
        int written = WriteEscaped(name, destination, spaceAsPlus);
        destination[written++] = TUnit.CreateTruncating('=');
        return written + WriteEscaped(value, destination[written..], spaceAsPlus);
    }

    /// <summary>The length <see cref="WritePairs"/> writes for the same arguments.</summary>
    internal static int PairsLength(ReadOnlySpan<KeyValuePair<string, string>> pairs, int insertedLength, bool spaceAsPlus, bool separatorFirst)
    {
        int length = 0;
        int count = 0;
        foreach (KeyValuePair<string, string> pair in pairs)
        {
            length += PairLength(pair.Key, pair.Value, spaceAsPlus);
            count++;
        }
        if (insertedLength > 0)
        {
            length += insertedLength;
            count++;
        }
        return length + (separatorFirst ? count : Math.Max(0, count - 1));
    }

    /// <summary>
    /// Writes <paramref name="pairs"/> (in ordinal name order) as <c>name=value</c> joined by '&amp;', each preceded by
    /// '&amp;' when <paramref name="separatorFirst"/> (pairs that follow others in a URL), with <paramref name="inserted"/>
    /// — a pair escaped beforehand, named <paramref name="insertedName"/>; empty for none — merged at its ordinal place.
    /// Returns the units written.
    /// </summary>
    internal static int WritePairs<TUnit>(ReadOnlySpan<KeyValuePair<string, string>> pairs, string insertedName, ReadOnlySpan<TUnit> inserted,
        Span<TUnit> destination, bool spaceAsPlus, bool separatorFirst)
        where TUnit : unmanaged, IBinaryInteger<TUnit>
    {
        int at = 0;
        bool insertPending = !inserted.IsEmpty;
        foreach (KeyValuePair<string, string> pair in pairs)
        {
            if (insertPending && string.CompareOrdinal(insertedName, pair.Key) < 0)
            {
                at = AppendRaw(inserted, destination, at, separatorFirst);
                insertPending = false;
            }
            at = Separator(destination, at, separatorFirst);
            at += WritePair(pair.Key, pair.Value, destination[at..], spaceAsPlus);
        }
        return insertPending ? AppendRaw(inserted, destination, at, separatorFirst) : at;

        static int AppendRaw(ReadOnlySpan<TUnit> raw, Span<TUnit> destination, int at, bool separatorFirst)
        {
            at = Separator(destination, at, separatorFirst);
            raw.CopyTo(destination[at..]);
            return at + raw.Length;
        }

        static int Separator(Span<TUnit> destination, int at, bool separatorFirst)
        {
            if (separatorFirst || at > 0)
            {
                destination[at++] = TUnit.CreateTruncating('&');
            }
            return at;
        }
    }
}
