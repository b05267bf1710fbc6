using System.Collections.Generic;
using AgentBay.Generators.Model;

namespace AgentBay.Generators.Emit;

/// <summary>Emits the client class: construction from options or environment, and the client-level operations.</summary>
internal static class ClientEmitter
{
    public static string Emit(ClientUnit unit)
    {
        var types = unit.Types;
        var client = unit.Client;
        var writer = new CodeWriter();
        writer.FileStart(types.Namespace);
        writer.Summary(client.Doc, client.ClassName + ".");
        writer.Line(Emitter.GeneratedCodeAttribute);
        var self = TypeNames.Qualified(types, client.ClassName);
        var factoryInterface = TypeNames.Runtime + "IAgentBayClient<" + self + ">";
        writer.Open("public sealed partial class " + client.ClassName + " : global::System.IDisposable" + (unit.Service is null ? "" : ", " + factoryInterface));
        if (unit.Service is { } service)
        {
            writer.Line("/// <summary>Default endpoint and API version from the spec.</summary>");
            writer.Line("public static " + TypeNames.Runtime + "AgentBayServiceInfo ServiceInfo { get; } = new " + TypeNames.Runtime + "AgentBayServiceInfo("
                + CodeWriter.Literal(service.Endpoint) + ", " + CodeWriter.Literal(service.ApiVersion) + ");");
            writer.Line();
            writer.Line("/// <inheritdoc/>");
            writer.Line("static " + self + " " + factoryInterface + ".Create(" + TypeNames.Runtime + "AgentBayTransport transport) => new " + self + "(transport);");
            writer.Line();
            writer.Line("/// <summary>Creates a client from AGENTBAY_API_KEY, AGENTBAY_ENDPOINT, AGENTBAY_TIMEOUT_MS and AGENTBAY_REGION_ID.</summary>");
            writer.Line("/// <exception cref=\"global::AgentBay.Runtime.AuthenticationException\">No API key is configured.</exception>");
            writer.Line("public " + client.ClassName + "() : this(" + TypeNames.Runtime + "AgentBayOptions.FromEnvironment()) { }");
            writer.Line();
            writer.Line("/// <summary>Creates a client from options; a null <paramref name=\"httpClient\"/> makes the client create and own its connections.</summary>");
            writer.Line("/// <param name=\"options\">API key, endpoint, timeout and region.</param>");
            writer.Line("/// <param name=\"httpClient\">");
            writer.Line("/// What to send requests with, or null: an HttpClient (e.g. from IHttpClientFactory), or an HttpMessageInvoker over a");
            writer.Line("/// handler of your own, which skips HttpClient's per-request work. Not disposed by the client.");
            writer.Line("/// </param>");
            writer.Line("/// <exception cref=\"global::AgentBay.Runtime.AuthenticationException\">No API key is configured.</exception>");
            writer.Line("public " + client.ClassName + "(" + TypeNames.Runtime + "AgentBayOptions options, global::System.Net.Http.HttpMessageInvoker? httpClient = null)");
            writer.Line("    : this(new " + TypeNames.Runtime + "AgentBayTransport(options, ServiceInfo, httpClient)) { }");
            writer.Line();
        }

        writer.Line("/// <summary>Creates a client over an existing transport.</summary>");
        writer.Line("/// <param name=\"transport\">The transport that sends requests.</param>");
        writer.Open("public " + client.ClassName + "(" + TypeNames.Runtime + "AgentBayTransport transport)");
        writer.Line("Transport = transport ?? throw new global::System.ArgumentNullException(nameof(transport));");
        writer.Close();
        writer.Line();
        writer.Line("/// <summary>The transport that sends this client's requests.</summary>");
        writer.Line("public " + TypeNames.Runtime + "AgentBayTransport Transport { get; }");
        writer.Line();
        writer.Line("/// <summary>Releases the transport (and the connections it owns). Sessions are not deleted.</summary>");
        writer.Line("public void Dispose() => Transport.Dispose();");
        GroupEmitter.EmitProperties(writer, types, unit.Groups, isSession: false);
        var owner = new OperationEmitter.Owner(types, isSession: false, sessionIdWire: null, unit.Records, marksReleased: false);
        foreach (var operation in client.Operations)
        {
            writer.Line();
            switch (operation.Kind)
            {
                case OperationKind.Forward:
                    EmitForward(writer, types, operation, Find(unit.ForwardTargets, operation.ForwardTo!), operation.ForwardTo == unit.SessionDisposeOperation);
                    break;
                case OperationKind.Rpc:
                    OperationEmitter.EmitRpc(writer, operation, owner);
                    break;
            }
        }

        writer.Close();
        if (unit.Service is not null)
        {
            writer.Line();
            EmitServiceCollectionExtensions(writer, client.ClassName, self);
        }

        writer.FileEnd();
        return writer.ToString();
    }

    /// <summary>The one-line registration users expect: <c>services.AddAgentBay(options => ...)</c>.</summary>
    private static void EmitServiceCollectionExtensions(CodeWriter writer, string className, string self)
    {
        writer.Line("/// <summary>Registers <see cref=\"" + className + "\"/> with dependency injection and IHttpClientFactory.</summary>");
        writer.Line(Emitter.GeneratedCodeAttribute);
        writer.Open("public static partial class " + className + "ServiceCollectionExtensions");
        writer.Line("/// <summary>");
        writer.Line("/// Registers <see cref=\"" + className + "\"/> as a typed HttpClient with options from the environment, the AgentBay");
        writer.Line("/// configuration section and <paramref name=\"configure\"/>; requests are logged through ILogger without the key.");
        writer.Line("/// </summary>");
        writer.Line("/// <param name=\"services\">The service collection.</param>");
        writer.Line("/// <param name=\"configure\">Settings in code, applied last.</param>");
        writer.Line("/// <returns>The HttpClient builder, to add handlers to.</returns>");
        writer.Line("public static global::Microsoft.Extensions.DependencyInjection.IHttpClientBuilder AddAgentBay(this global::Microsoft.Extensions.DependencyInjection.IServiceCollection services, "
            + "global::System.Action<" + TypeNames.Runtime + "AgentBayOptions>? configure = null)");
        writer.Line("    => " + TypeNames.Runtime + "AgentBayServiceCollectionExtensions.AddAgentBay<" + self + ">(services, configure);");
        writer.Close();
    }

    private static OperationModel Find(EquatableArray<OperationModel> operations, string key)
    {
        foreach (var operation in operations)
        {
            if (operation.Key == key)
            {
                return operation;
            }
        }

        throw new System.InvalidOperationException("Forward target '" + key + "' was not validated.");
    }

    /// <summary>A client operation that hands a session to the session's own operation (client.delete(session)).</summary>
    private static void EmitForward(CodeWriter writer, TypeContext types, OperationModel operation, OperationModel target, bool isReleasing)
    {
        var sessionType = TypeNames.Qualified(types, types.SessionClass ?? "Session");
        var parameters = MethodPair.Order(OperationEmitter.Parameters(types, target));
        var returnType = TypeNames.CSharp(types, target.Returns!.Type);
        var declarations = new List<string> { sessionType + " session" };
        var arguments = new List<string>();
        foreach (var parameter in parameters)
        {
            declarations.Add(parameter.Declaration(withDefault: true));
            arguments.Add(parameter.Identifier);
        }

        if (target.Poll is not null)
        {
            declarations.Add(TypeNames.TimeSpan + "? timeout = null");
            declarations.Add(TypeNames.TimeSpan + "? pollInterval = null");
            arguments.Add("timeout");
            arguments.Add("pollInterval");
        }

        declarations.Add(TypeNames.CancellationToken + " cancellationToken = default");
        arguments.Add("cancellationToken");
        foreach (var isAsync in new[] { true, false })
        {
            var name = target.Method + (isAsync ? "Async" : "");
            writer.Summary(operation.Doc ?? target.Doc, name + ".");
            writer.Line("/// <param name=\"session\">The session.</param>");
            foreach (var parameter in parameters)
            {
                writer.Line("/// <param name=\"" + parameter.Name + "\">" + CodeWriter.Xml(parameter.Doc ?? parameter.Name) + "</param>");
            }

            if (target.Poll is not null)
            {
                writer.Line("/// <param name=\"timeout\">How long to wait for the operation to finish; null uses the spec's default.</param>");
                writer.Line("/// <param name=\"pollInterval\">Pause between status polls; null uses the spec's default.</param>");
            }

            writer.Line("/// <param name=\"cancellationToken\">Cancels the operation.</param>");
            writer.Line("/// <returns>The " + target.Returns.Type.Name + ".</returns>");
            var returns = isAsync ? "global::System.Threading.Tasks.Task<" + returnType + ">" : returnType;
            if (isReleasing)
            {
                writer.Line("[" + TypeNames.Runtime + "AgentBayReleasesSession]");
            }

            writer.Open("public " + returns + " " + (operation.Method == target.Method ? name : operation.Method + (isAsync ? "Async" : "")) + "(" + string.Join(", ", declarations) + ")");
            writer.Line("global::System.ArgumentNullException.ThrowIfNull(session);");
            writer.Line("return session." + name + "(" + string.Join(", ", arguments) + ");");
            writer.Close();
            if (isAsync)
            {
                writer.Line();
            }
        }
    }
}
