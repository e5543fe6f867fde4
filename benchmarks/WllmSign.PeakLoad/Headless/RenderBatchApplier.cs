using System.Buffers.Binary;
using System.Text;

namespace WllmSign.PeakLoad.Headless;

/// <summary>
/// Reads the binary render batch the server sends with <c>JS.RenderBatch</c> (RenderBatchWriter.cs) and applies it to
/// the client's logical tree the way blazor.web.js's BrowserRenderer does (applyEdits / insertFrame / insertFrameRange).
/// Layout: updated components (a table of positions at the end of the section), reference frames (20 bytes each: type
/// and 16 bytes), disposed component ids, disposed event handler ids (8 bytes each), the string table (7-bit length
/// prefixed UTF-8, then a table of positions); the last 20 bytes are the five section offsets.
/// </summary>
public sealed class RenderBatchApplier
{
    // RenderTreeEditType
    private const int PrependFrame = 1, RemoveFrame = 2, SetAttribute = 3, RemoveAttribute = 4, UpdateText = 5, StepIn = 6, StepOut = 7,
        UpdateMarkup = 8, PermutationListEntry = 9, PermutationListEnd = 10;

    // RenderTreeFrameType
    private const int FrameElement = 1, FrameText = 2, FrameAttribute = 3, FrameComponent = 4, FrameRegion = 5, FrameElementReferenceCapture = 6,
        FrameMarkup = 8;

    private const int FrameSize = 20, EditSize = 16;

    private readonly Dictionary<int, LogicalNode> components = [];

    /// <summary>Event handler id → the element that carries it (for dispatch and for checks).</summary>
    public Dictionary<ulong, LogicalNode> Handlers { get; } = [];

    /// <summary>The page: the root components (HeadOutlet, Routes) in the order the server attached them (<c>JS.AttachComponent</c>).</summary>
    public LogicalNode Document { get; } = new(NodeKind.Component);

    public void AttachRoot(int componentId)
    {
        var node = new LogicalNode(NodeKind.Component) { ComponentId = componentId };
        components[componentId] = node;
        Document.Children.Add(node); // no parent: edits never step out of a root
    }

    public void Apply(ReadOnlySpan<byte> batch)
    {
        var end = batch.Length - 20;
        var updatedComponents = Int(batch, end);
        var referenceFrames = Int(batch, end + 4);
        var disposedComponents = Int(batch, end + 8);
        var disposedHandlers = Int(batch, end + 12);
        var strings = Int(batch, end + 16);
        var reader = new Reader(batch, referenceFrames + 4, strings);

        var diffCount = Int(batch, updatedComponents);
        for (var i = 0; i < diffCount; i++)
        {
            var diff = Int(batch, updatedComponents + 4 + 4 * i);
            var componentId = Int(batch, diff);
            var editCount = Int(batch, diff + 4);
            if (!components.TryGetValue(componentId, out var component))
                throw new InvalidOperationException($"render batch for unknown component {componentId}");
            ApplyEdits(batch, reader, componentId, component, diff + 8, editCount);
        }

        var n = Int(batch, disposedComponents);
        for (var i = 0; i < n; i++) components.Remove(Int(batch, disposedComponents + 4 + 4 * i));
        n = Int(batch, disposedHandlers);
        for (var i = 0; i < n; i++) Handlers.Remove(BinaryPrimitives.ReadUInt64LittleEndian(batch[(disposedHandlers + 4 + 8 * i)..]));
    }

    private void ApplyEdits(ReadOnlySpan<byte> batch, Reader frames, int componentId, LogicalNode parent, int editsAt, int count)
    {
        var depth = 0;
        var childIndexAtDepth = 0;
        List<(int From, int To)>? permutation = null;
        for (var i = 0; i < count; i++)
        {
            var at = editsAt + i * EditSize;
            var type = Int(batch, at);
            var sibling = Int(batch, at + 4);
            var frameIndex = Int(batch, at + 8);
            var index = childIndexAtDepth + sibling;
            switch (type)
            {
                case PrependFrame:
                    InsertFrame(frames, componentId, parent, index, frameIndex);
                    break;
                case RemoveFrame:
                    Forget(parent.Children[index]);
                    parent.RemoveAt(index);
                    break;
                case SetAttribute:
                    ApplyAttribute(frames, parent.Children[index], frameIndex);
                    break;
                case RemoveAttribute:
                {
                    var name = frames.String(Int(batch, at + 12)) ?? "";
                    var element = parent.Children[index];
                    element.Attributes.Remove(name);
                    if (name.StartsWith("on", StringComparison.Ordinal) && element.Events.Remove(name[2..], out var id)) Handlers.Remove(id);
                    break;
                }
                case UpdateText:
                    parent.Children[index].Text = frames.String(frames.Field(frameIndex, 0));
                    break;
                case UpdateMarkup:
                    Forget(parent.Children[index]);
                    parent.RemoveAt(index);
                    InsertFrame(frames, componentId, parent, index, frameIndex);
                    break;
                case StepIn:
                    parent = parent.Children[index];
                    depth++;
                    childIndexAtDepth = 0;
                    break;
                case StepOut:
                    parent = parent.Parent ?? throw new InvalidOperationException("step out of the root");
                    depth--;
                    childIndexAtDepth = 0;
                    break;
                case PermutationListEntry:
                    (permutation ??= []).Add((index, childIndexAtDepth + frameIndex));
                    break;
                case PermutationListEnd:
                {
                    var moved = permutation!.Select(p => (Node: parent.Children[p.From], p.To)).ToList();
                    foreach (var (node, to) in moved) parent.Children[to] = node;
                    permutation = null;
                    break;
                }
                default:
                    throw new InvalidOperationException($"unknown edit type {type}");
            }
        }
    }

    /// <summary>Inserts one frame (and its subtree) at <paramref name="index"/>; returns how many logical children it added.</summary>
    private int InsertFrame(Reader frames, int componentId, LogicalNode parent, int index, int frameIndex)
    {
        switch (frames.Type(frameIndex))
        {
            case FrameElement:
            {
                var element = new LogicalNode(NodeKind.Element) { Name = frames.String(frames.Field(frameIndex, 1)) ?? "", RenderingComponentId = componentId };
                parent.Insert(index, element);
                var endExcl = frameIndex + frames.Field(frameIndex, 0);
                for (var d = frameIndex + 1; d < endExcl; d++)
                {
                    if (frames.Type(d) == FrameAttribute) ApplyAttribute(frames, element, d);
                    else
                    {
                        InsertRange(frames, componentId, element, 0, d, endExcl);
                        break;
                    }
                }
                return 1;
            }
            case FrameText:
                parent.Insert(index, new LogicalNode(NodeKind.Text) { Text = frames.String(frames.Field(frameIndex, 0)) });
                return 1;
            case FrameMarkup:
                parent.Insert(index, new LogicalNode(NodeKind.Markup) { Text = frames.String(frames.Field(frameIndex, 0)) });
                return 1;
            case FrameComponent:
            {
                var id = frames.Field(frameIndex, 1);
                var component = new LogicalNode(NodeKind.Component) { ComponentId = id };
                components[id] = component;
                parent.Insert(index, component);
                return 1;
            }
            case FrameRegion:
                return InsertRange(frames, componentId, parent, index, frameIndex + 1, frameIndex + frames.Field(frameIndex, 0));
            case FrameElementReferenceCapture:
                if (parent.Kind == NodeKind.Element) parent.Attributes["_bl_" + frames.String(frames.Field(frameIndex, 0))] = "";
                return 0;
            case FrameAttribute:
                throw new InvalidOperationException("attribute frames only lead an element's children");
            default:
                return 0; // component reference captures and frames the browser ignores
        }
    }

    private int InsertRange(Reader frames, int componentId, LogicalNode parent, int index, int start, int endExcl)
    {
        var origin = index;
        for (var i = start; i < endExcl; i++)
        {
            index += InsertFrame(frames, componentId, parent, index, i);
            var type = frames.Type(i);
            if (type is FrameElement or FrameComponent or FrameRegion) i += frames.Field(i, 0) - 1;
        }
        return index - origin;
    }

    private void ApplyAttribute(Reader frames, LogicalNode element, int frameIndex)
    {
        var name = frames.String(frames.Field(frameIndex, 0)) ?? "";
        var handler = frames.Handler(frameIndex);
        if (handler != 0)
        {
            var eventName = name.StartsWith("on", StringComparison.Ordinal) ? name[2..] : name;
            if (element.Events.TryGetValue(eventName, out var old)) Handlers.Remove(old);
            element.Events[eventName] = handler;
            Handlers[handler] = element;
            return;
        }
        var value = frames.String(frames.Field(frameIndex, 1));
        if (value is null) element.Attributes.Remove(name);
        else element.Attributes[name] = value;
    }

    /// <summary>A removed subtree's components and handlers leave the indexes (the server disposes them too).</summary>
    private void Forget(LogicalNode node)
    {
        if (node.Kind == NodeKind.Component) components.Remove(node.ComponentId);
        foreach (var id in node.Events.Values) Handlers.Remove(id);
        foreach (var c in node.Children) Forget(c);
    }

    private static int Int(ReadOnlySpan<byte> b, int at) => BinaryPrimitives.ReadInt32LittleEndian(b[at..]);

    /// <summary>Reads reference frames and strings of one batch.</summary>
    private readonly ref struct Reader
    {
        private readonly ReadOnlySpan<byte> batch;
        private readonly int framesAt;
        private readonly int stringTable;

        public Reader(ReadOnlySpan<byte> batch, int framesAt, int stringTable)
        {
            this.batch = batch;
            this.framesAt = framesAt;
            this.stringTable = stringTable;
        }

        public int Type(int frame) => Int(batch, framesAt + frame * FrameSize);

        /// <summary>The n-th 4-byte field after the frame's type.</summary>
        public int Field(int frame, int n) => Int(batch, framesAt + frame * FrameSize + 4 + 4 * n);

        public ulong Handler(int frame) => BinaryPrimitives.ReadUInt64LittleEndian(batch[(framesAt + frame * FrameSize + 12)..]);

        public string? String(int index)
        {
            if (index < 0) return null;
            var at = Int(batch, stringTable + 4 * index);
            // BinaryWriter.Write(string): a 7-bit encoded length, then UTF-8.
            int length = 0, shift = 0;
            byte b;
            do
            {
                b = batch[at++];
                length |= (b & 0x7F) << shift;
                shift += 7;
            } while ((b & 0x80) != 0);
            return Encoding.UTF8.GetString(batch.Slice(at, length));
        }
    }
}
