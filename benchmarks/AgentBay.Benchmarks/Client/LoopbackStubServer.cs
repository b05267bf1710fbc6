using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AgentBay.Benchmarks.Client;

/// <summary>A minimal Kestrel server on 127.0.0.1 (free port) that drains the request and answers the canned envelope of its Action.</summary>
internal sealed class LoopbackStubServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LoopbackStubServer(WebApplication app, string endpoint)
    {
        _app = app;
        Endpoint = endpoint;
    }

    public string Endpoint { get; }

    public static async Task<LoopbackStubServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.Run(static async context =>
        {
            await context.Request.Body.CopyToAsync(Stream.Null).ConfigureAwait(false);
            var reply = CannedReplies.For(context.Request.Query["Action"]);
            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/json;charset=utf-8";
            context.Response.ContentLength = reply.Length;
            await context.Response.Body.WriteAsync(reply).ConfigureAwait(false);
        });
        await app.StartAsync().ConfigureAwait(false);
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return new LoopbackStubServer(app, $"http://127.0.0.1:{address.Port}");
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
