namespace Attune.Platform.Data;

/// <summary>
/// An editable record with an optimistic concurrency token. <see cref="AppDbContext"/> increments
/// <see cref="Version"/> on every update, so an edit made from a stale copy fails instead of overwriting.
/// </summary>
public interface IVersioned
{
    int Version { get; set; }
}
