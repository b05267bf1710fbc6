using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace AgentBay.Emulator.Http;

/// <summary>
/// The single endpoint <c>/</c>: reads the merged parameters, checks the API key before anything else runs,
/// dispatches on <c>Action</c> and writes the envelope. Logs name the action and the key's index, never the key.
/// </summary>
internal sealed class ActionRouter
{
    /// <summary>The only API version the real service speaks.</summary>
    public const string ApiVersion = "2025-05-06";

    private readonly Dictionary<string, Func<ActionRequest, Task<ActionReply>>> _actions;
    private readonly byte[][] _keys;
    private readonly CancellationToken _stopping;
    private readonly ILogger _logger;
    private readonly FaultInjector _faults;
    private readonly long _maxBodyBytes;

    public ActionRouter(
        IReadOnlyList<string> apiKeys, Dictionary<string, Func<ActionRequest, Task<ActionReply>>> actions,
        CancellationToken stopping, ILogger logger, FaultInjector faults, long maxBodyBytes)
    {
        _keys = [.. System.Linq.Enumerable.Select(apiKeys, k => Encoding.UTF8.GetBytes(k))];
        _actions = actions;
        _stopping = stopping;
        _logger = logger;
        _faults = faults;
        _maxBodyBytes = maxBodyBytes;
    }

    public async Task HandleAsync(HttpContext context)
    {
        var requestId = Envelope.NewRequestId();
        var clock = Stopwatch.StartNew();
        var action = "?";
        using var aborted = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping);
        try
        {
            // First, so that every refusal below reaches a client still sending its body (see RequestBodyLimit).
            var bodyFits = RequestBodyLimit.Apply(context, _maxBodyBytes);
            if (context.Request.Path != "/")
            {
                throw new ApiError(404, "InvalidPath", "The AgentBay API is served at the path '/'.");
            }

            if (!HttpMethods.IsPost(context.Request.Method) && !HttpMethods.IsGet(context.Request.Method))
            {
                throw new ApiError(405, "UnsupportedHTTPMethod", $"HTTP method {context.Request.Method} is not supported; use POST (or GET).");
            }

            if (!bodyFits)
            {
                // Refused before a byte of it is read (and before the key is even looked at: nothing runs either way).
                throw ApiError.BodyTooLarge(context.Request.ContentLength, _maxBodyBytes);
            }

            Dictionary<string, string> values;
            try
            {
                values = await ActionRequest.ReadParametersAsync(context.Request, aborted.Token).ConfigureAwait(false);
            }
            catch (InvalidDataException e)
            {
                throw ApiError.InvalidParameter("body", "the form body could not be read (" + e.Message + ").");
            }
            catch (RequestBodyTooLargeException)
            {
                // A chunked body has no Content-Length to check up front; it is stopped as it passes the limit.
                throw ApiError.BodyTooLarge(null, _maxBodyBytes);
            }

            // Authentication first: with a missing or wrong key nothing else is looked at, let alone run.
            var owner = Authenticate(values);
            action = values.GetValueOrDefault("Action") ?? context.Request.Headers["x-acs-action"].ToString();
            if (values.TryGetValue("Version", out var version) && version.Length > 0 && version != ApiVersion)
            {
                throw new ApiError(400, "InvalidVersion", $"Specified parameter Version is not valid: {version} (the API version is {ApiVersion}).");
            }

            if (!_actions.TryGetValue(action, out var handler))
            {
                throw ApiError.UnknownAction(action);
            }

            // Fault mode: one draw per authenticated call of a known action; the fault strikes before or after it runs.
            var fault = _faults.Faults.Draw(action);
            if (fault is { Phase: FaultPhase.BeforeAction }
                && await _faults.StrikeAsync(context, fault, action, requestId, aborted.Token).ConfigureAwait(false))
            {
                return;
            }

            // A client that gave up while its request waited (a timeout) does not get it run behind its back.
            aborted.Token.ThrowIfCancellationRequested();
            var reply = await handler(ActionRequest.Create(values, owner, aborted.Token)).ConfigureAwait(false);
            if (fault is { Phase: FaultPhase.AfterAction }
                && await _faults.StrikeAsync(context, fault, action, requestId, aborted.Token).ConfigureAwait(false))
            {
                return;
            }

            await Envelope.WriteSuccessAsync(context, requestId, reply).ConfigureAwait(false);
            _logger.LogDebug("{Action} ok in {Elapsed} ms ({RequestId})", action, clock.ElapsedMilliseconds, requestId);
        }
        catch (ApiError error)
        {
            _logger.LogDebug("{Action} failed: {Code} {Message} ({RequestId})", action, error.Code, error.Message, requestId);
            await Envelope.WriteErrorAsync(context, requestId, error).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            // Client gone or emulator stopping: nobody is left to read a reply.
        }
        catch (Exception e)
        {
            _logger.LogError(e, "{Action} failed unexpectedly ({RequestId})", action, requestId);
            await Envelope.WriteErrorAsync(context, requestId, new ApiError(500, "InternalError", "The emulator failed to process the request: " + e.Message))
                .ConfigureAwait(false);
        }
    }

    /// <summary>Returns the caller's identity (<c>key-N</c>) for <c>Authorization=Bearer &lt;key&gt;</c>.</summary>
    private string Authenticate(Dictionary<string, string> values)
    {
        if (!values.TryGetValue("Authorization", out var authorization) || string.IsNullOrWhiteSpace(authorization))
        {
            throw ApiError.MissingApiKey();
        }

        const string scheme = "Bearer ";
        if (!authorization.StartsWith(scheme, StringComparison.Ordinal))
        {
            throw ApiError.InvalidApiKey();
        }

        var presented = Encoding.UTF8.GetBytes(authorization[scheme.Length..].Trim());
        for (var i = 0; i < _keys.Length; i++)
        {
            // Constant-time comparison: response timing must not reveal how much of a key was right.
            if (CryptographicOperations.FixedTimeEquals(presented, _keys[i]))
            {
                return $"key-{i + 1}";
            }
        }

        throw ApiError.InvalidApiKey();
    }
}
