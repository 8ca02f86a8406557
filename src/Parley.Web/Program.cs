using System.Text.Json;
using Parley.Storage;
using Parley.Web.Api;
using Parley.Web.Components;
using Parley.Web.Services;

Parley.Web.ParleyWebHost.Build(args).Run();

/// <summary>The entry point of <c>dotnet run --project src/Parley.Web</c>; the tests' WebApplicationFactory hooks into it.</summary>
public partial class Program;

namespace Parley.Web
{
    /// <summary>Builds the workbench: <c>dotnet run --project src/Parley.Web</c> and <c>parley serve</c> start the same app.</summary>
    public static class ParleyWebHost
    {
        public static WebApplication Build(string[] args)
        {
            // The application name picks the static web assets manifest (stylesheet, Blazor script), also when another program hosts the workbench.
            var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ApplicationName = typeof(ParleyWebHost).Assembly.GetName().Name });

            builder.Configuration.AddCommandLine(args, new Dictionary<string, string>
            {
                ["--db"] = "Parley:Database",
                ["--port"] = "Parley:Port",
                ["--host"] = "Parley:Host",
            });
            // Loopback only unless told otherwise: the workbench has no authentication.
            var startup = ParleyWebOptions.From(builder.Configuration);
            if (string.IsNullOrEmpty(builder.Configuration["urls"]))
                builder.WebHost.UseUrls($"http://{startup.Host}:{startup.Port}");
            // Said loudly, on stderr as well as in the log, before anything listens.
            var exposure = RequestGuard.ExposureWarning(builder.Configuration["urls"], startup.Host);
            if (exposure is not null) Console.Error.WriteLine("parley: " + exposure);
            // Serves blazor.web.js and the stylesheet from the build output in any environment, as `dotnet run` needs.
            builder.WebHost.UseStaticWebAssets();

            // Read when first resolved, not above, so test hosts can point the database elsewhere.
            builder.Services.AddSingleton(sp => ParleyWebOptions.From(sp.GetRequiredService<IConfiguration>()));
            builder.Services.AddSingleton(sp => new ParleyDatabase(sp.GetRequiredService<ParleyWebOptions>().Database));
            builder.Services.AddSingleton(sp => new ScenarioStore(sp.GetRequiredService<ParleyDatabase>()));
            builder.Services.AddSingleton(sp => new RunStore(sp.GetRequiredService<ParleyDatabase>()));
            builder.Services.AddSingleton<ScenarioLibrary>();
            builder.Services.AddSingleton(Parley.Analysis.Contracts.AnalysisCatalog.Standard());
            builder.Services.AddSingleton<AnalysisRunner>();

            builder.Services.ConfigureHttpJsonOptions(o =>
            {
                o.SerializerOptions.AllowOutOfOrderMetadataProperties = true;
                o.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
            });
            // Malformed request bodies throw, so ApiErrors can answer with a message instead of an empty 400.
            builder.Services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
            builder.Services.AddOpenApi();
            builder.Services.AddRazorComponents()
                .AddInteractiveServerComponents()
                // Raw YAML editing sends whole scenarios over the circuit; the default 32 KB message limit is too small.
                // A text at the scenario limit must fit, with room for JSON escaping; larger ones are refused by the library with the limit.
                .AddHubOptions(o => o.MaximumReceiveMessageSize = ApiErrors.BodyLimit(ParleyWebOptions.From(builder.Configuration).MaxScenarioBytes));

            var app = builder.Build();

            // Create or migrate the database now, and close out runs a previous process left unfinished.
            app.Services.GetRequiredService<RunStore>().MarkInterrupted();

            if (exposure is not null) app.Logger.LogWarning("{Warning}", exposure);

            // Host filtering and the same-origin rules come first: a refused request touches nothing else.
            app.UseMiddleware<RequestGuard>(RequestGuard.AllowedHosts(app.Services.GetRequiredService<ParleyWebOptions>(), app.Configuration["urls"]));
            if (!app.Environment.IsDevelopment())
                app.UseExceptionHandler("/Error", createScopeForErrors: true);
            app.UseMiddleware<ApiErrors>();
            app.UseAntiforgery();

            app.MapOpenApi("/openapi/{documentName}.json");
            app.MapGet("/openapi.json", () => Results.Redirect("/openapi/v1.json")).ExcludeFromDescription();
            app.MapGet("/api/health", (ParleyDatabase db) => Results.Ok(new { status = "ok", schemaVersion = db.SchemaVersion() })).WithTags("system");
            ScenarioApi.Map(app);
            ScenarioApi.MapEngines(app);
            AnalysisApi.Map(app);

            app.MapStaticAssets();
            app.MapRazorComponents<App>().AddInteractiveServerRenderMode();

            return app;
        }
    }
}
