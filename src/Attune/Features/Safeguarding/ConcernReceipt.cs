using System.Linq.Expressions;

namespace Attune.Features.Safeguarding;

/// <summary>
/// All that the member of staff who reported a concern sees of it afterwards: that it arrived, whom it was
/// about, and whether it is open or closed. Never the DSL team's notes or decisions.
/// </summary>
public sealed record ConcernReceipt(Guid Id, DateTime RecordedUtc, IReadOnlyList<string> Pupils, string Category, bool Urgent, ConcernStatus Status)
{
    public static readonly Expression<Func<Concern, ConcernReceipt>> Projection = c => new ConcernReceipt(
        c.Id,
        c.RecordedUtc,
        c.Pupils.Select(p => (p.Pupil!.PreferredFirstName ?? p.Pupil.LegalFirstName) + " " + (p.Pupil.PreferredLastName ?? p.Pupil.LegalLastName)).ToList(),
        c.Category!.Name,
        c.Urgent,
        c.Status);

    /// <summary>A short reference to quote to the safeguarding team: the first eight characters of the concern's id.</summary>
    public string Reference => Id.ToString("N")[..8].ToUpperInvariant();

    public string StatusText => Status switch
    {
        ConcernStatus.New => "Received, not yet opened by the safeguarding team",
        ConcernStatus.Open => "Open: the safeguarding team is dealing with it",
        _ => "Closed by the safeguarding team",
    };
}
