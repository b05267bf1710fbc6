using System;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using AgentBay.Emulator.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace AgentBay.Emulator;

/// <summary>Carries out a drawn fault on the HTTP exchange of one call.</summary>
internal sealed class FaultInjector(EmulatorFaults faults, ILogger logger)
{
    public EmulatorFaults Faults => faults;

    /// <summary>
    /// Injects <paramref name="rule"/>. Returns true when the reply is taken care of (an error written, the connection
    /// aborted); false after a <see cref="FaultKind.Delay"/>, whose call then goes on as usual.
    /// </summary>
    public async Task<bool> StrikeAsync(HttpContext context, FaultRule rule, string action, string requestId, CancellationToken aborted)
    {
        faults.Record(new InjectedFault(action, rule.Kind, rule.Phase, requestId));
        logger.LogInformation("Injecting fault {Kind} {Phase} into {Action} ({RequestId})", rule.Kind, rule.Phase, action, requestId);
        switch (rule.Kind)
        {
            case FaultKind.Delay:
                // A client that gives up during the wait aborts the request: a delayed call it no longer waits for does
                // not run afterwards (the token throws and the router drops the call).
                await Task.Delay(rule.Delay ?? faults.Options.Delay, aborted).ConfigureAwait(false);
                return false;
            case FaultKind.ConnectionReset:
                context.Abort();
                return true;
            case FaultKind.MalformedJson:
                context.Response.StatusCode = 200;
                context.Response.ContentType = "application/json;charset=utf-8";
                await context.Response.WriteAsync($"{{\"RequestId\":\"{requestId}\",\"Success\":true,\"Code\":\"ok\",\"Data\":{{\"Sess", aborted)
                    .ConfigureAwait(false);
                return true;
            case FaultKind.Throttled:
                var wait = faults.Options.RetryAfter;
                context.Response.Headers["Retry-After"] = Math.Max(1, (long)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                context.Response.Headers["x-acs-retry-after"] = ((long)wait.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
                await Envelope.WriteErrorAsync(context, requestId,
                    new ApiError(429, "Throttling.User", "Request was denied due to user flow control (injected by the emulator's fault mode).")).ConfigureAwait(false);
                return true;
            default:
                await Envelope.WriteErrorAsync(context, requestId, Error(rule.Kind)).ConfigureAwait(false);
                return true;
        }
    }

    private static ApiError Error(FaultKind kind) => kind switch
    {
        FaultKind.InternalError => new ApiError(500, "InternalError",
            "The request processing has failed due to some unknown error (injected by the emulator's fault mode)."),
        FaultKind.ServiceUnavailable => new ApiError(503, "ServiceUnavailable",
            "The request has failed due to a temporary failure of the server (injected by the emulator's fault mode)."),
        _ => new ApiError(200, "InjectedFault", "The emulator's fault mode refused this call (HTTP 200, Success false)."),
    };
}
