using Attune.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Attune.Features.Schools;

/// <summary>
/// A school's school days: weekdays inside its terms (the gaps between terms, and between two academic years, are
/// holidays). Before the first academic year entered and after the last, every weekday counts, so rules that count
/// school days still work for a school that has not set its term dates.
/// </summary>
public sealed class SchoolDays
{
    private const int MaxDaysBack = 400;
    private readonly IReadOnlyList<AcademicYear> _years;

    private SchoolDays(IReadOnlyList<AcademicYear> years) => _years = years;

    public static SchoolDays Of(IReadOnlyList<AcademicYear> years) => new(years);

    public static async Task<SchoolDays> ForAsync(AppDbContext db, Guid schoolId, DateOnly from, DateOnly to, CancellationToken cancellationToken) =>
        new(await db.AcademicYears.AsNoTracking().Include(y => y.Terms)
            .Where(y => y.SchoolId == schoolId && y.EndsOn >= from && y.StartsOn <= to).ToListAsync(cancellationToken));

    /// <summary>The first of the school's last <paramref name="count"/> school days up to and including <paramref name="today"/>.</summary>
    public static async Task<DateOnly> WindowStartAsync(AppDbContext db, Guid schoolId, DateOnly today, int count, CancellationToken cancellationToken) =>
        (await ForAsync(db, schoolId, today.AddDays(-MaxDaysBack), today, cancellationToken)).WindowStart(today, count);

    public bool IsSchoolDay(DateOnly date)
    {
        if (date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday)
        {
            return false;
        }

        if (_years.Count == 0 || date < _years.Min(y => y.StartsOn) || date > _years.Max(y => y.EndsOn))
        {
            return true;
        }

        return _years.Any(y => y.Terms.Any(t => t.StartsOn <= date && date <= t.EndsOn));
    }

    /// <summary>The first of the last <paramref name="count"/> school days up to and including <paramref name="today"/>.</summary>
    public DateOnly WindowStart(DateOnly today, int count)
    {
        var day = today;
        var found = 0;
        for (var back = 0; back < MaxDaysBack; back++, day = day.AddDays(-1))
        {
            if (IsSchoolDay(day) && ++found == count)
            {
                return day;
            }
        }

        return day;
    }
}
