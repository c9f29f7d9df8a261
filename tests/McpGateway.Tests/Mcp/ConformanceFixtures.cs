using System.ComponentModel;
using System.Text.Json;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using static ModelContextProtocol.Protocol.ElicitRequestParams;

// The 2025-06-18/2025-11-25 scenarios test sampling, logging and legacy enums, which later revisions deprecate.
#pragma warning disable MCP9001, MCP9005

namespace OrleansSearch.McpGateway.Tests.Mcp;

/// <summary>
/// The tools, resources, prompts and handlers the MCP conformance suite's server scenarios call by name
/// (test_simple_text, test://static-text, test_simple_prompt ...), as each scenario's description asks.
/// Registered only in the conformance test host: the gateway offers its search tools, not these.
/// </summary>
public static class ConformanceFixtures
{
    // A 1x1 red PNG and a 1-sample WAV: the smallest valid media the image/audio scenarios accept.
    private static readonly byte[] RedPixelPng = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==");
    private static readonly float[] ProgressSteps = [0, 50, 100];
    private static readonly (string Message, int DelayMs)[] LogSteps = [("Tool execution started", 0), ("Tool processing data", 50), ("Tool execution completed", 50)];
    private static readonly byte[] SilentWav = Convert.FromBase64String("UklGRiYAAABXQVZFZm10IBAAAAABAAEAQB8AAIA+AAACABAAZGF0YQIAAAAAAA==");

    public static IServiceCollection AddConformanceFixtures(this IServiceCollection services)
    {
        foreach (var tool in Tools())
        {
            services.AddSingleton(tool);
        }
        foreach (var resource in Resources())
        {
            services.AddSingleton(resource);
        }
        foreach (var prompt in Prompts())
        {
            services.AddSingleton(prompt);
        }
        services.Configure<McpServerOptions>(options =>
        {
            options.Capabilities ??= new ServerCapabilities();
            options.Capabilities.Resources = new ResourcesCapability { Subscribe = true };
            options.Capabilities.Completions = new CompletionsCapability();
            options.Handlers.SubscribeToResourcesHandler = (_, _) => ValueTask.FromResult(new EmptyResult());
            options.Handlers.UnsubscribeFromResourcesHandler = (_, _) => ValueTask.FromResult(new EmptyResult());
            options.Handlers.CompleteHandler = (request, _) =>
            {
                var prefix = request.Params?.Argument.Value ?? "";
                string[] candidates = ["paris", "park", "party"];
                var values = candidates.Where(c => c.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)).ToList();
                return ValueTask.FromResult(new CompleteResult { Completion = new Completion { Values = values, Total = values.Count, HasMore = false } });
            };
        });
        return services;
    }

    private static McpServerTool Tool(string name, string description, Delegate handler) =>
        McpServerTool.Create(handler, new McpServerToolCreateOptions { Name = name, Description = description });

    private static IEnumerable<McpServerTool> Tools()
    {
        yield return Tool("test_simple_text", "Returns simple text.", () => "This is a simple text response for testing.");
        yield return Tool("test_image_content", "Returns an image.", () => ImageContentBlock.FromBytes(RedPixelPng, "image/png"));
        yield return Tool("test_audio_content", "Returns audio.", () => AudioContentBlock.FromBytes(SilentWav, "audio/wav"));
        yield return Tool("test_embedded_resource", "Returns an embedded resource.", () => new EmbeddedResourceBlock
        {
            Resource = new TextResourceContents { Uri = "test://embedded-resource", MimeType = "text/plain", Text = "This is an embedded resource content." },
        });
        yield return Tool("test_multiple_content_types", "Returns text, image and resource content.", () => new ContentBlock[]
        {
            new TextContentBlock { Text = "Multiple content types test:" },
            ImageContentBlock.FromBytes(RedPixelPng, "image/png"),
            new EmbeddedResourceBlock { Resource = new TextResourceContents { Uri = "test://mixed-content-resource", MimeType = "application/json", Text = """{"test":"data","value":123}""" } },
        });
        yield return Tool("test_error_handling", "Always fails.", string () => throw new McpException("This tool intentionally returns an error for testing"));
        yield return Tool("test_tool_with_logging", "Sends three log messages while it runs.", async (RequestContext<CallToolRequestParams> request, CancellationToken cancellationToken) =>
        {
            foreach (var (message, delay) in LogSteps)
            {
                await Task.Delay(delay, cancellationToken);
                await request.Server.SendNotificationAsync(NotificationMethods.LoggingMessageNotification,
                    new LoggingMessageNotificationParams { Level = LoggingLevel.Info, Data = JsonSerializer.SerializeToElement(message) },
                    McpJsonUtilities.DefaultOptions, cancellationToken);
            }
            return "Logging tool finished.";
        });
        yield return Tool("test_tool_with_progress", "Reports progress 0, 50, 100 of 100.", async (RequestContext<CallToolRequestParams> request, CancellationToken cancellationToken) =>
        {
            foreach (var progress in ProgressSteps)
            {
                if (request.Params?.ProgressToken is { } token)
                {
                    await request.Server.NotifyProgressAsync(token, new ProgressNotificationValue { Progress = progress, Total = 100 }, cancellationToken: cancellationToken);
                }
                if (progress < 100)
                {
                    await Task.Delay(50, cancellationToken);
                }
            }
            return "Progress tool finished.";
        });
        yield return Tool("test_sampling", "Asks the client's LLM.", async (RequestContext<CallToolRequestParams> request, [Description("The prompt to send to the LLM")] string prompt, CancellationToken cancellationToken) =>
        {
            var result = await request.Server.SampleAsync(new CreateMessageRequestParams
            {
                Messages = [new SamplingMessage { Role = Role.User, Content = [new TextContentBlock { Text = prompt }] }],
                MaxTokens = 100,
            }, cancellationToken);
            return "LLM response: " + string.Join(" ", result.Content.OfType<TextContentBlock>().Select(c => c.Text));
        });
        yield return Tool("test_elicitation", "Asks the user.", async (RequestContext<CallToolRequestParams> request, [Description("The message to show the user")] string message, CancellationToken cancellationToken) =>
            Describe("User response", await request.Server.ElicitAsync(new ElicitRequestParams
            {
                Message = message,
                RequestedSchema = new RequestSchema
                {
                    Properties = new Dictionary<string, PrimitiveSchemaDefinition>
                    {
                        ["username"] = new StringSchema { Description = "User's response" },
                        ["email"] = new StringSchema { Description = "User's email address" },
                    },
                    Required = ["username", "email"],
                },
            }, cancellationToken)));
        yield return Tool("test_elicitation_sep1034_defaults", "Asks the user, with defaults for every primitive type.", async (RequestContext<CallToolRequestParams> request, CancellationToken cancellationToken) =>
            Describe("Elicitation completed", await request.Server.ElicitAsync(new ElicitRequestParams
            {
                Message = "Please review your profile",
                RequestedSchema = new RequestSchema
                {
                    Properties = new Dictionary<string, PrimitiveSchemaDefinition>
                    {
                        ["name"] = new StringSchema { Default = "John Doe" },
                        ["age"] = new NumberSchema { Type = "integer", Default = 30 },
                        ["score"] = new NumberSchema { Type = "number", Default = 95.5 },
                        ["status"] = new UntitledSingleSelectEnumSchema { Enum = ["active", "inactive", "pending"], Default = "active" },
                        ["verified"] = new BooleanSchema { Default = true },
                    },
                },
            }, cancellationToken)));
        yield return Tool("test_elicitation_sep1330_enums", "Asks the user with every enum form.", async (RequestContext<CallToolRequestParams> request, CancellationToken cancellationToken) =>
            Describe("Elicitation completed", await request.Server.ElicitAsync(new ElicitRequestParams
            {
                Message = "Pick options",
                RequestedSchema = new RequestSchema
                {
                    Properties = new Dictionary<string, PrimitiveSchemaDefinition>
                    {
                        ["untitledSingle"] = new UntitledSingleSelectEnumSchema { Enum = ["option1", "option2", "option3"] },
                        ["titledSingle"] = new TitledSingleSelectEnumSchema
                        {
                            OneOf = [new() { Const = "value1", Title = "First Option" }, new() { Const = "value2", Title = "Second Option" }, new() { Const = "value3", Title = "Third Option" }],
                        },
                        ["legacyEnum"] = new LegacyTitledEnumSchema { Enum = ["opt1", "opt2", "opt3"], EnumNames = ["Option One", "Option Two", "Option Three"] },
                        ["untitledMulti"] = new UntitledMultiSelectEnumSchema { Items = new UntitledEnumItemsSchema { Type = "string", Enum = ["option1", "option2", "option3"] } },
                        ["titledMulti"] = new TitledMultiSelectEnumSchema
                        {
                            Items = new TitledEnumItemsSchema { AnyOf = [new() { Const = "value1", Title = "First Choice" }, new() { Const = "value2", Title = "Second Choice" }, new() { Const = "value3", Title = "Third Choice" }] },
                        },
                    },
                },
            }, cancellationToken)));

        var schemaTool = Tool("json_schema_2020_12_tool", "Tool with JSON Schema 2020-12 features", (JsonElement? name) => "ok");
        schemaTool.ProtocolTool.InputSchema = JsonSerializer.SerializeToElement(JsonDocument.Parse("""
            {
              "$schema": "https://json-schema.org/draft/2020-12/schema",
              "type": "object",
              "$defs": { "address": { "type": "object", "properties": { "street": { "type": "string" }, "city": { "type": "string" } } } },
              "properties": { "name": { "type": "string" }, "address": { "$ref": "#/$defs/address" } },
              "additionalProperties": false
            }
            """).RootElement);
        yield return schemaTool;
    }

    private static string Describe(string prefix, ElicitResult result) =>
        $"{prefix}: action={result.Action}, content={JsonSerializer.Serialize(result.Content)}";

    private static IEnumerable<McpServerResource> Resources()
    {
        yield return McpServerResource.Create(() => new TextResourceContents { Uri = "test://static-text", MimeType = "text/plain", Text = "This is the content of the static text resource." },
            new McpServerResourceCreateOptions { UriTemplate = "test://static-text", Name = "static-text", Description = "A static text resource", MimeType = "text/plain" });
        yield return McpServerResource.Create(() => BlobResourceContents.FromBytes(RedPixelPng, "test://static-binary", "image/png"),
            new McpServerResourceCreateOptions { UriTemplate = "test://static-binary", Name = "static-binary", Description = "A static binary resource", MimeType = "image/png" });
        yield return McpServerResource.Create(() => new TextResourceContents { Uri = "test://watched-resource", MimeType = "text/plain", Text = "Watched resource content." },
            new McpServerResourceCreateOptions { UriTemplate = "test://watched-resource", Name = "watched-resource", Description = "A resource to subscribe to", MimeType = "text/plain" });
        yield return McpServerResource.Create((string id) => new TextResourceContents
        {
            Uri = $"test://template/{id}/data",
            MimeType = "application/json",
            Text = JsonSerializer.Serialize(new { id, templateTest = true, data = $"Data for ID: {id}" }),
        }, new McpServerResourceCreateOptions { UriTemplate = "test://template/{id}/data", Name = "template-data", Description = "A templated resource", MimeType = "application/json" });
    }

    private static IEnumerable<McpServerPrompt> Prompts()
    {
        yield return McpServerPrompt.Create(() => new PromptMessage { Role = Role.User, Content = new TextContentBlock { Text = "This is a simple prompt for testing." } },
            new McpServerPromptCreateOptions { Name = "test_simple_prompt", Description = "A prompt without arguments" });
        yield return McpServerPrompt.Create(([Description("First test argument")] string arg1, [Description("Second test argument")] string arg2) =>
            new PromptMessage { Role = Role.User, Content = new TextContentBlock { Text = $"Prompt with arguments: arg1='{arg1}', arg2='{arg2}'" } },
            new McpServerPromptCreateOptions { Name = "test_prompt_with_arguments", Description = "A prompt with arguments" });
        yield return McpServerPrompt.Create(([Description("URI of the resource to embed")] string resourceUri) => new[]
        {
            new PromptMessage { Role = Role.User, Content = new EmbeddedResourceBlock { Resource = new TextResourceContents { Uri = resourceUri, MimeType = "text/plain", Text = "Embedded resource content for testing." } } },
            new PromptMessage { Role = Role.User, Content = new TextContentBlock { Text = "Please process the embedded resource above." } },
        }, new McpServerPromptCreateOptions { Name = "test_prompt_with_embedded_resource", Description = "A prompt with an embedded resource" });
        yield return McpServerPrompt.Create(() => new[]
        {
            new PromptMessage { Role = Role.User, Content = ImageContentBlock.FromBytes(RedPixelPng, "image/png") },
            new PromptMessage { Role = Role.User, Content = new TextContentBlock { Text = "Please analyze the image above." } },
        }, new McpServerPromptCreateOptions { Name = "test_prompt_with_image", Description = "A prompt with an image" });
    }
}
