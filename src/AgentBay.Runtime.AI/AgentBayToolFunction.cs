using System;
using System.Buffers;
using System.Collections.Generic;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;

namespace AgentBay.Runtime.AI;

/// <summary>
/// One AgentBay session tool as a Microsoft.Extensions.AI function: a name, a description, a JSON schema written at
/// compile time, and a delegate that converts the model's arguments and calls the typed tool method. No reflection:
/// the generated <c>SessionTools.AsAIFunctions</c> creates these, so the function is trimming and native-AOT safe.
/// </summary>
/// <remarks>
/// Whatever goes wrong while the tool runs (a missing or mistyped argument, a range the spec sets, the tool's own
/// failure, a transport error) comes back as the function's result, a JSON object <c>{"error":"..."}</c>, so a chat loop
/// hands it to the model instead of failing. Only the caller's own cancellation is thrown.
/// </remarks>
public sealed class AgentBayToolFunction : AIFunction
{
    private readonly Func<AIFunctionArguments, CancellationToken, ValueTask<object?>> _invoke;

    // The argument names the schema declares (its "properties"), in schema order.
    private readonly string[] _argumentNames;

    // Whether the schema's additionalProperties lets the model send names it does not declare.
    private readonly bool _acceptsOtherArguments;

    // The schema's name of each typed-method parameter named otherwise (timeoutMs → timeout_ms), from the generator.
    private readonly IReadOnlyDictionary<string, string>? _wireNames;

    /// <summary>Creates a function.</summary>
    /// <param name="name">The tool's wire name (e.g. <c>shell</c>), the name the model calls.</param>
    /// <param name="description">What the tool does, for the model.</param>
    /// <param name="jsonSchema">The JSON schema of the arguments object (see <see cref="ParseSchema"/>).</param>
    /// <param name="invoke">Reads the arguments, calls the tool and returns its result (a <see cref="JsonElement"/>).</param>
    /// <param name="wireNames">
    /// For the typed method's parameters whose C# name is not the schema's (<c>timeoutMs</c> for <c>timeout_ms</c>): C# name →
    /// schema name, so that an argument error the typed method reports names what the model sent.
    /// </param>
    public AgentBayToolFunction(string name, string description, JsonElement jsonSchema,
        Func<AIFunctionArguments, CancellationToken, ValueTask<object?>> invoke, IReadOnlyDictionary<string, string>? wireNames = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(description);
        ArgumentNullException.ThrowIfNull(invoke);
        if (jsonSchema.ValueKind != JsonValueKind.Object)
        {
            throw new ArgumentException("The JSON schema of a tool's arguments must be a JSON object.", nameof(jsonSchema));
        }

        Name = name;
        Description = description;
        JsonSchema = jsonSchema;
        _invoke = invoke;
        _argumentNames = DeclaredArguments(jsonSchema);
        _wireNames = wireNames;
        _acceptsOtherArguments = jsonSchema.TryGetProperty("additionalProperties", out var additional) && additional.ValueKind != JsonValueKind.False;
    }

    /// <inheritdoc/>
    public override string Name { get; }

    /// <inheritdoc/>
    public override string Description { get; }

    /// <inheritdoc/>
    public override JsonElement JsonSchema { get; }

    /// <summary>Parses a schema once (the generated code keeps the element in a static field).</summary>
    public static JsonElement ParseSchema(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    /// <inheritdoc/>
    protected override async ValueTask<object?> InvokeCoreAsync(AIFunctionArguments arguments, CancellationToken cancellationToken)
    {
        // A misspelt argument ("timeout" for "timeout_ms") would otherwise be dropped without a word and the tool run
        // with its default: the model is told instead, with the names it may use.
        if (!_acceptsOtherArguments && UnknownArgument(arguments) is { } unknown)
        {
            return AgentBayToolResult.Error("Unknown argument '" + unknown + "'; " + Name + " takes "
                + (_argumentNames.Length == 0 ? "no arguments." : string.Join(", ", _argumentNames) + "."));
        }

        try
        {
            return await _invoke(arguments, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (ArgumentException exception) when (exception.ParamName is { } parameter
            && WireName(parameter) is { } wireName)
        {
            // The typed method names its C# parameter (timeoutMs); the model only knows the schema's name (timeout_ms).
            return AgentBayToolResult.Error(ReplaceWord(AgentBayToolResult.Describe(exception), parameter, wireName));
        }
        catch (Exception exception)
        {
            return AgentBayToolResult.Error(exception);
        }
    }

    private string? UnknownArgument(AIFunctionArguments arguments)
    {
        foreach (var argument in arguments)
        {
            if (Array.IndexOf(_argumentNames, argument.Key) < 0)
            {
                return argument.Key;
            }
        }

        return null;
    }

    /// <summary>The schema's name of the C# parameter <paramref name="parameter"/>, when it differs.</summary>
    private string? WireName(string parameter) => _wireNames is not null && _wireNames.TryGetValue(parameter, out var wire) ? wire : null;

    /// <summary>
    /// <paramref name="text"/> with every whole-word <paramref name="word"/> replaced (not the "path" inside "paths").
    /// </summary>
    private static string ReplaceWord(string text, string word, string replacement)
    {
        var result = new System.Text.StringBuilder(text.Length + 8);
        var start = 0;
        for (var at = text.IndexOf(word, StringComparison.Ordinal); at >= 0; at = text.IndexOf(word, at + word.Length, StringComparison.Ordinal))
        {
            var end = at + word.Length;
            if ((at > 0 && IsWordChar(text[at - 1])) || (end < text.Length && IsWordChar(text[end])))
            {
                continue;
            }

            result.Append(text, start, at - start).Append(replacement);
            start = end;
        }

        return result.Append(text, start, text.Length - start).ToString();

        static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || c == '_';
    }

    /// <summary>The names of the schema's <c>properties</c>.</summary>
    private static string[] DeclaredArguments(JsonElement schema)
    {
        if (!schema.TryGetProperty("properties", out var properties) || properties.ValueKind != JsonValueKind.Object)
        {
            return [];
        }

        var names = new List<string>();
        foreach (var property in properties.EnumerateObject())
        {
            names.Add(property.Name);
        }

        return [.. names];
    }
}

/// <summary>Builds what an <see cref="AgentBayToolFunction"/> returns: compact JSON, written without reflection.</summary>
public static class AgentBayToolResult
{
    /// <summary>Writes a JSON value with <paramref name="write"/> and returns it as an element.</summary>
    public static JsonElement Json<TState>(TState state, Action<Utf8JsonWriter, TState> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer, state);
        }

        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        return document.RootElement.Clone();
    }

    /// <summary><c>{"error":"<paramref name="message"/>"}</c>.</summary>
    public static JsonElement Error(string message) => Json(message, static (writer, text) =>
    {
        writer.WriteStartObject();
        writer.WriteString("error"u8, text);
        writer.WriteEndObject();
    });

    /// <summary>The error a model sees for an exception: the message of an argument problem, else type and message.</summary>
    public static JsonElement Error(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return Error(Describe(exception));
    }

    /// <summary>A one-line description of <paramref name="exception"/> for the model.</summary>
    public static string Describe(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        switch (exception)
        {
            case AgentBayToolArgumentException argument:
                return argument.Message;
            case ArgumentException argument:
                // The typed method's check (range, allowed values, null): its message without " (Parameter 'x')".
                var message = argument.Message;
                var suffix = argument.ParamName is { } name ? " (Parameter '" + name + "')" : null;
                if (suffix is not null && message.EndsWith(suffix, StringComparison.Ordinal))
                {
                    message = message[..^suffix.Length];
                }

                return "Invalid argument" + (argument.ParamName is { } parameter ? " " + parameter : "") + ": " + message;
            default:
                return exception.GetType().Name + ": " + exception.Message;
        }
    }
}

/// <summary>An argument the model sent that cannot be given to the tool: missing, or of the wrong type.</summary>
public sealed class AgentBayToolArgumentException : Exception
{
    /// <summary>Creates the exception.</summary>
    public AgentBayToolArgumentException(string argument, string message)
        : base(message) => Argument = argument;

    /// <summary>Creates the exception.</summary>
    public AgentBayToolArgumentException()
        : this("", "An argument of the tool is invalid.")
    {
    }

    /// <summary>Creates the exception.</summary>
    public AgentBayToolArgumentException(string message)
        : this("", message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public AgentBayToolArgumentException(string message, Exception innerException)
        : base(message, innerException) => Argument = "";

    /// <summary>The wire name of the argument.</summary>
    public string Argument { get; }
}
