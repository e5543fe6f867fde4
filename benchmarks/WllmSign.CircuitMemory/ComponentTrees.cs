using System.Globalization;
using Microsoft.Diagnostics.Runtime;

namespace WllmSign.CircuitMemory;

/// <summary>
/// What the open circuits' components keep, per component type (--components): attaches to the portal process for a
/// moment (ClrMD; the process is suspended while its heap is read, Linux needs ptrace rights), finds every
/// ComponentState and adds up its render trees (the current and the next RenderTreeBuilder, each with its
/// RenderTreeFrame[] that starts at 32 frames × 40 bytes and doubles), the snapshot of its direct parameters that a
/// component with a cascading parameter keeps, and the component and state objects themselves.
/// </summary>
internal static class ComponentTrees
{
    /// <summary>Attaches once and prints both reports (with two attaches per phase, one hung in waitpid on Linux).</summary>
    public static void PrintWithOwnership(int pid, int circuits)
    {
        using var target = DataTarget.AttachToProcess(pid, suspend: true);
        var heap = target.ClrVersions[0].CreateRuntime().Heap;
        Print(heap, circuits);
        CircuitOwnership.Print(heap, circuits);
    }

    private static void Print(ClrHeap heap, int circuits)
    {
        var stats = new Dictionary<string, (int Count, long Trees, long Snapshot, long Objects)>();
        long batchFrames = 0, batchEdits = 0;
        foreach (var state in heap.EnumerateObjects())
        {
            if (state.Type?.Name == "Microsoft.AspNetCore.Components.Server.Circuits.RemoteRenderer")
            {
                // The renderer's batch buffers (measured: released after each batch, 24 bytes a circuit).
                var batch = state.ReadObjectField("_batchBuilder");
                batchFrames += Items(batch.ReadObjectField("<ReferenceFramesBuffer>k__BackingField"));
                batchEdits += Items(batch.ReadObjectField("<EditsBuffer>k__BackingField"));
                continue;
            }
            if (state.Type?.Name is not ("Microsoft.AspNetCore.Components.Server.Circuits.RemoteComponentState"
                or "Microsoft.AspNetCore.Components.Rendering.ComponentState")) continue;
            var component = state.ReadObjectField("<Component>k__BackingField");
            var name = component.IsNull ? "?" : component.Type?.Name ?? "?";
            var current = state.ReadObjectField("<CurrentRenderTree>k__BackingField");
            var next = state.ReadObjectField("_nextRenderTree");
            var snapshot = state.ReadObjectField("_latestDirectParametersSnapshot");
            var objects = (long)state.Size + (component.IsNull ? 0 : (long)component.Size) + Builder(current) + Builder(next);
            stats.TryGetValue(name, out var s);
            stats[name] = (s.Count + 1, s.Trees + Frames(current) + Frames(next), s.Snapshot + Items(snapshot), s.Objects + objects);
        }
        var inv = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(inv, $"  components per circuit ({circuits} circuits), bytes per circuit: render trees (two RenderTreeFrame[]) + parameter snapshot + objects"));
        long total = 0;
        foreach (var (type, v) in stats.OrderByDescending(kv => kv.Value.Trees + kv.Value.Snapshot + kv.Value.Objects))
        {
            var bytes = v.Trees + v.Snapshot + v.Objects;
            total += bytes;
            Console.WriteLine(string.Create(inv,
                $"    {(double)v.Count / circuits,5:F1} × {Short(type),-58} {(double)bytes / circuits,7:F0} B  ({(double)v.Trees / circuits:F0} + {(double)v.Snapshot / circuits:F0} + {(double)v.Objects / circuits:F0})"));
        }
        Console.WriteLine(string.Create(inv, $"    all components: {total / 1024.0 / circuits:F1} KB per circuit"));
        Console.WriteLine(string.Create(inv,
            $"    the renderer's batch buffers: frames {(double)batchFrames / circuits:F0} B + edits {(double)batchEdits / circuits:F0} B per circuit"));
    }

    internal static string Short(string type) => type.Replace("Microsoft.AspNetCore.Components.", "", StringComparison.Ordinal)
        .Replace("WllmSign.Portal.", "", StringComparison.Ordinal);

    private static long Frames(ClrObject builder) => builder.IsNull ? 0 : Items(builder.ReadObjectField("_entries"));

    private static long Items(ClrObject arrayBuilder)
    {
        if (arrayBuilder.IsNull) return 0;
        var items = arrayBuilder.ReadObjectField("_items");
        return items.IsNull ? 0 : (long)items.Size;
    }

    // The builder, its frame-array builder, its element stack and the duplicate-attribute dictionary (MudBlazor's splats).
    private static long Builder(ClrObject builder)
    {
        if (builder.IsNull) return 0;
        long size = (long)builder.Size;
        foreach (var field in new[] { "_entries", "_openElementIndices", "_seenAttributeNames" })
        {
            var o = builder.ReadObjectField(field);
            if (!o.IsNull) size += (long)o.Size;
        }
        return size;
    }
}
