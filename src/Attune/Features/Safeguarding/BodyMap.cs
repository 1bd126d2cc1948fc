using System.Globalization;
using Attune.Platform.Web;

namespace Attune.Features.Safeguarding;

/// <summary>
/// One mark on a concern's body map: where on the child's body (a named region, and the point within the
/// outline when it was placed by pointer), and what was seen there. Numbered in the order the reporter added
/// them; the number is what the drawing and the list share.
/// </summary>
public sealed class BodyMark
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid ConcernId { get; set; }
    public int Number { get; set; }

    /// <summary>A <see cref="BodyMap.Regions"/> key, such as "front-right-forearm". Keys never change meaning.</summary>
    public required string Region { get; set; }

    /// <summary>The point on that side's outline, in <see cref="BodyMap"/> figure units.</summary>
    public int X { get; set; }
    public int Y { get; set; }

    public required string Note { get; set; }
}

public enum BodySide
{
    Front,
    Back,
}

/// <summary>A named part of the body on the front or back outline, and where its centre is drawn.</summary>
public sealed record BodyRegion(string Key, BodySide Side, string Name, int X, int Y);

/// <summary>A mark as typed or posted: the region, the point when placed by pointer, and the note.</summary>
public sealed record BodyMarkInput(string? Region, int? X, int? Y, string? Note);

/// <summary>
/// The body map: a front and a back outline of a child, each <see cref="Width"/> by <see cref="Height"/>
/// units, and the regions a mark can be placed in. Right and left are always the child's: on the front
/// outline the child's right is on the viewer's left; on the back outline it is on the viewer's right.
/// Every mark has a named region, so the map reads the same to someone who cannot see the drawing, and a
/// mark can be added with the keyboard alone (choose the region, type the note); a pointer only refines the point.
/// </summary>
public static class BodyMap
{
    public const int Width = 160;
    public const int Height = 360;
    public const int MaxMarks = 30;
    public const int MaxNote = 500;

    public static readonly IReadOnlyList<BodyRegion> Regions = Build();

    private static readonly Dictionary<string, BodyRegion> ByKey = Regions.ToDictionary(r => r.Key, StringComparer.Ordinal);

    public static BodyRegion? Find(string? key) => key is not null && ByKey.TryGetValue(key, out var region) ? region : null;

    public static string Describe(string key) => Find(key) is { } region ? $"{region.Name} ({region.Side.ToString().ToLowerInvariant()})" : key;

    /// <summary>The outline of one side, as SVG path data in figure units (the same for front and back).</summary>
    public const string Outline =
        "M80 10a20 20 0 1 1 0 40a20 20 0 1 1 0-40z " +
        "M72 48h16v14h-16z " +
        "M56 64h48q10 0 12 10l-6 22 -4 74h-52l-4-74 -6-22q2-10 12-10z " +
        "M44 74l-8 4 -10 62 -6 60h10l10-60 8-40z M116 74l8 4 10 62 6 60h-10l-10-60-8-40z " +
        "M24 201a7 11 0 1 1 0 22a7 11 0 1 1 0-22z M136 201a7 11 0 1 1 0 22a7 11 0 1 1 0-22z " +
        "M56 170h24v12l-2 68 -2 80h-14l-2-80 -4-68z M104 170h-24v12l2 68 2 80h14l2-80 4-68z " +
        "M68 332a10 6 0 1 1 0 12a10 6 0 1 1 0-12z M92 332a10 6 0 1 1 0 12a10 6 0 1 1 0-12z";

    /// <summary>
    /// Checks marks as posted: each needs a known region and a note; a point outside the outline's box, or none,
    /// is replaced by the region's centre. Errors complete "Mark N ...".
    /// </summary>
    public static (List<BodyMark> Marks, string? Error) Validate(IReadOnlyList<BodyMarkInput> inputs)
    {
        if (inputs.Count > MaxMarks)
        {
            return ([], $"A body map can hold at most {MaxMarks} marks; describe the rest in what you saw");
        }

        var marks = new List<BodyMark>();
        foreach (var (input, index) in inputs.Select((input, index) => (input, index)))
        {
            var number = index + 1;
            if (Find(input.Region) is not { } region)
            {
                return ([], $"Mark {number}: choose where on the body it is");
            }

            var (note, error) = TextInput.Clean(input.Note, MaxNote, multiline: true);
            if (error is not null)
            {
                return ([], $"Mark {number}: the note {error}");
            }

            if (note is null)
            {
                return ([], $"Mark {number} ({Describe(region.Key)}): say what you saw there, such as the size, colour and shape");
            }

            var placed = input.X is >= 0 and <= Width && input.Y is >= 0 and <= Height;
            marks.Add(new BodyMark
            {
                Number = number,
                Region = region.Key,
                X = placed ? input.X!.Value : region.X,
                Y = placed ? input.Y!.Value : region.Y,
                Note = note,
            });
        }

        return (marks, null);
    }

    public static string Coordinate(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static List<BodyRegion> Build()
    {
        var regions = new List<BodyRegion>
        {
            new("front-head", BodySide.Front, "Head", 80, 18),
            new("front-face", BodySide.Front, "Face", 80, 34),
            new("front-neck", BodySide.Front, "Neck", 80, 55),
            new("front-chest", BodySide.Front, "Chest", 80, 90),
            new("front-abdomen", BodySide.Front, "Abdomen (tummy)", 80, 130),
            new("front-groin", BodySide.Front, "Groin and genital area", 80, 174),
        };

        // Paired parts, placed for the child's right; the child's left is the mirror image. On the front outline
        // the child's right is on the viewer's left (x below 80).
        (string Key, string Name, int X, int Y)[] frontPairs =
        [
            ("shoulder", "shoulder", 54, 70), ("upper-arm", "upper arm", 40, 105), ("forearm", "forearm", 30, 170),
            ("hand", "hand", 24, 212), ("thigh", "thigh", 68, 210), ("knee", "knee", 69, 255),
            ("shin", "lower leg (shin)", 70, 295), ("foot", "foot", 68, 338),
        ];
        foreach (var (key, name, x, y) in frontPairs)
        {
            regions.Add(new($"front-right-{key}", BodySide.Front, $"Right {name}", x, y));
            regions.Add(new($"front-left-{key}", BodySide.Front, $"Left {name}", Width - x, y));
        }

        regions.AddRange(
        [
            new("back-head", BodySide.Back, "Back of head", 80, 26),
            new("back-neck", BodySide.Back, "Back of neck", 80, 55),
            new("back-upper-back", BodySide.Back, "Upper back", 80, 92),
            new("back-lower-back", BodySide.Back, "Lower back", 80, 135),
            new("back-buttocks", BodySide.Back, "Buttocks", 80, 172),
        ]);

        // On the back outline the child's right is on the viewer's right.
        (string Key, string Name, int X, int Y)[] backPairs =
        [
            ("shoulder", "shoulder blade", 54, 72), ("upper-arm", "upper arm (back)", 40, 105), ("forearm", "forearm (back)", 30, 170),
            ("hand", "back of hand", 24, 212), ("thigh", "back of thigh", 68, 210), ("knee", "back of knee", 69, 255),
            ("calf", "calf", 70, 295), ("heel", "heel and sole", 68, 338),
        ];
        foreach (var (key, name, x, y) in backPairs)
        {
            regions.Add(new($"back-right-{key}", BodySide.Back, $"Right {name}", Width - x, y));
            regions.Add(new($"back-left-{key}", BodySide.Back, $"Left {name}", x, y));
        }

        return regions;
    }
}

/// <summary>What the body map partial draws: the marks, and whether a pointer may place a new one (the report form).</summary>
public sealed record BodyMapView(IReadOnlyList<BodyMark> Marks, bool Interactive = false);
