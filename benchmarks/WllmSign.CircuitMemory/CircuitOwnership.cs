using System.Globalization;
using Microsoft.Diagnostics.Runtime;

namespace WllmSign.CircuitMemory;

/// <summary>
/// What each open circuit owns, by object graph (--components): from every <c>CircuitHost</c> in the portal's heap, walks
/// the references of (1) each service of the circuit's DI scope (scoped services and disposable transients, one category
/// per service type), (2) the renderer with its components and render trees, (3) the SignalR client proxy (hub
/// connection, Kestrel connection, pipes, WebSocket), (4) the rest of the circuit host, in that order; an object belongs to
/// the first category that reaches it. The walk does not enter the root service provider, its singletons, types or
/// reflection objects; an object reached from more than one circuit is shared (caches, pools) and not counted as owned.
/// Prints owned bytes per circuit per category and per type (top items), beside the measured heap per circuit.
/// </summary>
internal static class CircuitOwnership
{
    private const string HostType = "Microsoft.AspNetCore.Components.Server.Circuits.CircuitHost";
    private const string ScopeType = "Microsoft.Extensions.DependencyInjection.ServiceLookup.ServiceProviderEngineScope";
    private const string ProviderType = "Microsoft.Extensions.DependencyInjection.ServiceProvider";
    private const int MaxPerCategory = 400_000; // a walk that escapes into a shared graph stops here and says so

    public static void Print(ClrHeap heap, int circuits)
    {
        var hosts = new List<ClrObject>();
        var stop = new HashSet<ulong>();
        var statesByRenderer = new Dictionary<ulong, List<ulong>>();
        foreach (var o in heap.EnumerateObjects())
        {
            var name = o.Type?.Name;
            if (name == HostType) hosts.Add(o);
            else if (name == ProviderType)
            {
                stop.Add(o.Address);
                if (o.TryReadObjectField("<Root>k__BackingField", out var root) && !root.IsNull)
                {
                    stop.Add(root.Address);
                    foreach (var singleton in ScopeServices(root)) stop.Add(singleton.Address);
                }
            }
            else if (name is "Microsoft.AspNetCore.Components.Server.Circuits.RemoteComponentState"
                     or "Microsoft.AspNetCore.Components.Rendering.ComponentState"
                     && o.TryReadObjectField("_renderer", out var renderer) && !renderer.IsNull)
            {
                if (!statesByRenderer.TryGetValue(renderer.Address, out var list)) statesByRenderer[renderer.Address] = list = [];
                list.Add(o.Address);
            }
        }

        // Every circuit's top-level objects, services and components: a walk enters those of its own circuit only (as
        // roots), so that a path through something shared (a timer queue, a pool) cannot claim another circuit's objects.
        var barrier = new HashSet<ulong>();
        foreach (var host in hosts)
        {
            barrier.Add(host.Address);
            foreach (var field in new[] { "<Services>k__BackingField", "<Renderer>k__BackingField", "<Client>k__BackingField" })
                if (host.TryReadObjectField(field, out var o) && !o.IsNull) barrier.Add(o.Address);
            if (host.TryReadObjectField("<Services>k__BackingField", out var sc) && !sc.IsNull)
                foreach (var service in ScopeServices(sc)) barrier.Add(service.Address);
        }
        foreach (var states in statesByRenderer.Values)
            foreach (var state in states)
            {
                barrier.Add(state);
                var component = heap.GetObject(state).ReadObjectField("<Component>k__BackingField");
                if (!component.IsNull) barrier.Add(component.Address);
            }

        var categories = new List<string>();
        var categoryIndex = new Dictionary<string, int>();
        // address → (circuits that reached it, category of the first circuit that did)
        var seen = new Dictionary<ulong, (int Circuits, int Category)>();
        var truncated = new HashSet<string>();
        foreach (var host in hosts)
        {
            var visited = new HashSet<ulong>();
            var walks = new List<(string Category, List<ClrObject> Roots)>();
            host.TryReadObjectField("<Services>k__BackingField", out var scope);
            host.TryReadObjectField("<Renderer>k__BackingField", out var rendererObject);
            host.TryReadObjectField("<Client>k__BackingField", out var client);
            var states = !rendererObject.IsNull && statesByRenderer.TryGetValue(rendererObject.Address, out var s) ? s : [];
            if (!scope.IsNull)
            {
                foreach (var service in ScopeServices(scope))
                    walks.Add(("scoped service " + Short(service.Type?.Name ?? "?"), [service]));
                walks.Add(("the DI scope itself (its dictionaries, disposables list)", [scope]));
            }
            if (!rendererObject.IsNull)
            {
                var roots = new List<ClrObject> { rendererObject };
                roots.AddRange(states.Select(heap.GetObject));
                walks.Add(("renderer: components, render trees, batch buffers", roots));
            }
            if (!client.IsNull) walks.Add(("SignalR client proxy → hub connection, Kestrel connection, pipes, WebSocket", [client]));
            walks.Add(("the circuit host's other fields (circuit, handlers, persistence, ...)", [host]));

            foreach (var (category, roots) in walks)
            {
                if (!categoryIndex.TryGetValue(category, out var index))
                {
                    categoryIndex[category] = index = categories.Count;
                    categories.Add(category);
                }
                var pending = new Stack<ulong>();
                foreach (var r in roots)
                    if (visited.Add(r.Address)) pending.Push(r.Address);
                var count = 0;
                while (pending.Count > 0)
                {
                    var address = pending.Pop();
                    seen[address] = seen.TryGetValue(address, out var e) ? (e.Circuits + 1, e.Category) : (1, index);
                    if (++count > MaxPerCategory) { truncated.Add(category); break; }
                    foreach (var reference in heap.GetObject(address).EnumerateReferenceAddresses(carefully: false, considerDependantHandles: false))
                    {
                        if (reference == 0 || stop.Contains(reference) || barrier.Contains(reference) || visited.Contains(reference)) continue;
                        var type = heap.GetObjectType(reference)?.Name;
                        if (type is null || type == "System.RuntimeType" || type.StartsWith("System.Reflection.", StringComparison.Ordinal)) continue;
                        visited.Add(reference);
                        pending.Push(reference);
                    }
                }
            }
        }

        var byCategory = new long[categories.Count];
        var byType = new Dictionary<string, (long Bytes, long Count)>();
        var sharedByType = new Dictionary<string, long>();
        long shared = 0;
        foreach (var (address, (n, category)) in seen)
        {
            var o = heap.GetObject(address);
            var size = (long)o.Size;
            var type = o.Type?.Name ?? "?";
            if (n > 1)
            {
                shared += size;
                sharedByType[type] = sharedByType.GetValueOrDefault(type) + size;
                continue;
            }
            byCategory[category] += size;
            byType.TryGetValue(type, out var t);
            byType[type] = (t.Bytes + size, t.Count + 1);
        }

        var inv = CultureInfo.InvariantCulture;
        var h = Math.Max(1, hosts.Count);
        Console.WriteLine(string.Create(inv,
            $"  owned per circuit, by object graph ({hosts.Count} circuit hosts in the heap, {circuits} expected; {stop.Count} singletons not entered): {byCategory.Sum() / 1024.0 / h:F1} KB; reached from more than one circuit (shared, not counted): {shared / 1024.0:F0} KB in all"));
        foreach (var (category, i) in categoryIndex.OrderByDescending(kv => byCategory[kv.Value]).Take(25))
            Console.WriteLine(string.Create(inv, $"    {byCategory[i] / (double)h,8:F0} B  {category}{(truncated.Contains(category) ? "  (walk truncated)" : "")}"));
        Console.WriteLine("  owned per circuit, top types:");
        foreach (var (type, v) in byType.OrderByDescending(kv => kv.Value.Bytes).Take(25))
            Console.WriteLine(string.Create(inv, $"    {v.Bytes / (double)h,8:F0} B  {v.Count / (double)h,6:F1} × {Short(type)}"));
        Console.WriteLine("  shared (reached from more than one circuit), top types, bytes in all:");
        foreach (var (type, bytes) in sharedByType.OrderByDescending(kv => kv.Value).Take(8))
            Console.WriteLine(string.Create(inv, $"    {bytes,10}  {Short(type)}"));
    }

    /// <summary>The services a scope has created: its resolved scoped services and the disposables it tracks (transients included).</summary>
    private static IEnumerable<ClrObject> ScopeServices(ClrObject scope)
    {
        var seen = new HashSet<ulong>();
        if (scope.TryReadObjectField("<ResolvedServices>k__BackingField", out var resolved) && !resolved.IsNull
            && resolved.TryReadObjectField("_entries", out var entries) && !entries.IsNull)
        {
            // Entry = (hash, next, ServiceCacheKey key (Type, service key, slot), object value): the values are what is not a Type.
            foreach (var value in entries.EnumerateReferences(carefully: false, considerDependantHandles: false))
                if (value.Type?.Name != "System.RuntimeType" && seen.Add(value.Address)) yield return value;
        }
        if (scope.TryReadObjectField("_disposables", out var disposables) && !disposables.IsNull
            && disposables.TryReadObjectField("_items", out var items) && !items.IsNull)
        {
            foreach (var value in items.EnumerateReferences(carefully: false, considerDependantHandles: false))
                if (seen.Add(value.Address)) yield return value;
        }
    }

    private static string Short(string type) =>
        ComponentTrees.Short(type).Replace("Microsoft.Extensions.DependencyInjection.", "DI.", StringComparison.Ordinal);
}
