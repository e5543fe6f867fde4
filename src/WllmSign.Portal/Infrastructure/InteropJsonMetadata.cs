using System.Collections;
using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.JSInterop;

namespace WllmSign.Portal.Infrastructure;

/// <summary>
/// Less JSON metadata per circuit (issue #27, docs/decisions/043-circuit-json-metadata.md).
/// <para>
/// Blazor gives every circuit its own <see cref="JSRuntime"/>, whose <see cref="JsonSerializerOptions"/> carry converters
/// bound to that runtime, so System.Text.Json builds the metadata (a <see cref="JsonTypeInfo"/>, its property info and
/// caches: about 1 KB) of every type that crosses JS interop again in every circuit. Interop arguments are an
/// <c>object[]</c>, so each argument is written by its runtime type, and for a runtime type System.Text.Json looks for a
/// polymorphic ancestor (a base type or interface configured with <c>[JsonPolymorphic]</c>): it builds the metadata of
/// <em>every</em> base type and interface of it. The renderer's start-up call alone (its id, an <c>int</c>: 33 interfaces —
/// <c>IBinaryInteger&lt;int&gt;</c>, <c>IAdditionOperators&lt;int,int,int&gt;</c> …; two dictionaries: <c>ISerializable</c>,
/// <c>IDeserializationCallback</c>), the navigation interception (an enum: <c>Enum</c>, <c>IComparable</c>,
/// <c>IConvertible</c>, <c>ISpanFormattable</c> …) and every string argument (<c>ICloneable</c>,
/// <c>IComparable&lt;string&gt;</c>, <c>IParsable&lt;string&gt;</c> …) made ~35 KB of the ~60 KB each circuit kept.
/// </para>
/// <para>
/// The circuit's runtime is created as before, and its options get one resolver in front of the framework's chain that
/// gives <em>no</em> contract for a type that can never carry a polymorphic configuration nor has anything to write: an
/// interface or abstract class of the core library (which cannot reference System.Text.Json's attributes; nothing in
/// the portal adds a polymorphic configuration by code), not a collection, without public instance properties. For the
/// ancestor search that is the same answer the built metadata gave (no polymorphic ancestor), so every interop payload
/// is written exactly as before. The only difference: a value <em>declared</em> as such a type (a property typed
/// <c>IComparable</c>, which would have been written as <c>{}</c>) now fails instead; interop arguments are written by
/// their runtime type, and nothing in the portal or MudBlazor declares one. Everything else — <c>object</c>, strings,
/// numbers, collections and their interfaces, records, the runtime's own converters — goes to the framework's chain.
/// </para>
/// <para>
/// Nothing is shared between circuits but the resolver's decision per type (a fact about a type): each circuit keeps its
/// own runtime, options, converters and metadata.
/// </para>
/// </summary>
public static class InteropJsonMetadata
{
    private static readonly PropertyInfo? OptionsProperty =
        typeof(JSRuntime).GetProperty("JsonSerializerOptions", BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public);

    /// <summary>
    /// Wraps the circuit's <see cref="IJSRuntime"/> registration (Blazor Server's <c>RemoteJSRuntime</c>, scoped) so that
    /// each runtime is created as before and then gets <see cref="Lean"/>. Call after <c>AddInteractiveServerComponents</c>.
    /// If a framework version registers it differently, nothing is changed (the portal works as before;
    /// <c>InteropJsonMetadataTests</c> fails and says so).
    /// </summary>
    public static IServiceCollection AddLeanInteropJsonMetadata(this IServiceCollection services)
    {
        var index = -1;
        for (var i = services.Count - 1; i >= 0; i--)
        {
            if (services[i].ServiceType == typeof(IJSRuntime)) { index = i; break; }
        }
        if (index < 0 || OptionsProperty is null) return services;
        var descriptor = services[index];
        if (descriptor.Lifetime != ServiceLifetime.Scoped || descriptor.IsKeyedService
            || descriptor.ImplementationType is not { } type || !typeof(JSRuntime).IsAssignableFrom(type)) return services;

        var create = ActivatorUtilities.CreateFactory(type, Type.EmptyTypes);
        services[index] = ServiceDescriptor.Scoped(typeof(IJSRuntime), sp =>
        {
            var runtime = (JSRuntime)create(sp, null);
            Lean(runtime);
            return runtime;
        });
        return services;
    }

    /// <summary>Puts <see cref="WithoutPropertylessCoreAncestors"/> in front of the runtime's resolvers, while its options are still open.</summary>
    public static void Lean(JSRuntime runtime)
    {
        if (OptionsProperty?.GetValue(runtime) is not JsonSerializerOptions { IsReadOnly: false } options) return;
        // The framework's chain; .NET 10.0 leaves it empty, and System.Text.Json then uses its reflection-based default
        // resolver on first use: the same one here.
        IJsonTypeInfoResolver framework;
        if (options.TypeInfoResolverChain.Count > 0) framework = JsonTypeInfoResolver.Combine([.. options.TypeInfoResolverChain]);
        else if (JsonSerializer.IsReflectionEnabledByDefault) framework = new DefaultJsonTypeInfoResolver();
        else return;
        options.TypeInfoResolver = new WithoutPropertylessCoreAncestors(framework);
    }

    /// <summary>The options a runtime serializes interop payloads with (for the tests).</summary>
    public static JsonSerializerOptions? OptionsOf(JSRuntime runtime) => OptionsProperty?.GetValue(runtime) as JsonSerializerOptions;

    /// <summary>
    /// No contract for an interface or abstract class of the core library that is not a collection and has no public
    /// instance property (<see cref="InteropJsonMetadata"/>); the framework's chain for every other type.
    /// </summary>
    public sealed class WithoutPropertylessCoreAncestors(IJsonTypeInfoResolver framework) : IJsonTypeInfoResolver
    {
        private static readonly ConcurrentDictionary<Type, bool> Skipped = new();

        public JsonTypeInfo? GetTypeInfo(Type type, JsonSerializerOptions options) =>
            Skipped.GetOrAdd(type, IsPropertylessCoreAncestor) ? null : framework.GetTypeInfo(type, options);

        public static bool IsPropertylessCoreAncestor(Type type)
        {
            if (type.Assembly != typeof(object).Assembly || !type.IsAbstract || type.IsSealed) return false; // static classes are abstract and sealed
            if (!type.IsInterface && !type.IsClass) return false;
            if (typeof(IEnumerable).IsAssignableFrom(type)) return false;
            const BindingFlags Instance = BindingFlags.Instance | BindingFlags.Public;
            if (type.GetProperties(Instance).Length != 0) return false;
            return type.IsClass || type.GetInterfaces().All(i => i.GetProperties(Instance).Length == 0);
        }
    }
}
