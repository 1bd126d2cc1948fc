namespace Attune.Platform.Calendar;

/// <summary>
/// Working days in England and Wales: Monday to Friday, less bank holidays. Statutory deadlines counted in
/// working days (a children's social care referral is acknowledged within 1 working day) are counted here.
/// Bank holidays are worked out from their rules (Easter from the Gregorian computus, the Monday holidays, and
/// substitute days when Christmas, Boxing Day or New Year's Day falls at a weekend). One-off holidays declared
/// for a particular year are listed by hand.
/// </summary>
public static class WorkingDays
{
    /// <summary>Bank holidays declared for one year only (royal occasions, moved holidays).</summary>
    private static readonly Dictionary<DateOnly, DateOnly?> OneOffs = new()
    {
        // 2020: the early May bank holiday moved from Monday 4 May to Friday 8 May (VE Day).
        [new DateOnly(2020, 5, 4)] = new DateOnly(2020, 5, 8),
        // 2022: the spring bank holiday moved to Thursday 2 June, with Friday 3 June added (Platinum Jubilee),
        // and Monday 19 September (the State Funeral).
        [new DateOnly(2022, 5, 30)] = new DateOnly(2022, 6, 2),
        [new DateOnly(2022, 6, 3)] = null,
        [new DateOnly(2022, 9, 19)] = null,
        // 2023: Monday 8 May (the Coronation).
        [new DateOnly(2023, 5, 8)] = null,
    };

    public static bool IsWorkingDay(DateOnly day) =>
        day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && !BankHolidays(day.Year).Contains(day);

    /// <summary>The day <paramref name="count"/> working days after <paramref name="from"/> (the day itself is not counted).</summary>
    public static DateOnly Add(DateOnly from, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var day = from;
        for (var added = 0; added < count;)
        {
            day = day.AddDays(1);
            if (IsWorkingDay(day))
            {
                added++;
            }
        }

        return day;
    }

    /// <summary>The bank holidays of England and Wales in a year.</summary>
    public static IReadOnlySet<DateOnly> BankHolidays(int year)
    {
        var easter = EasterSunday(year);
        var days = new HashSet<DateOnly>
        {
            Substitute(new DateOnly(year, 1, 1)),
            easter.AddDays(-2),
            easter.AddDays(1),
            FirstMonday(year, 5),
            LastMonday(year, 5),
            LastMonday(year, 8),
        };

        // Christmas and Boxing Day: a holiday at a weekend moves to the next weekday not already a holiday.
        var christmas = new DateOnly(year, 12, 25);
        var boxingDay = new DateOnly(year, 12, 26);
        var christmasHoliday = Substitute(christmas);
        days.Add(christmasHoliday);
        var boxingHoliday = Substitute(boxingDay);
        if (boxingHoliday == christmasHoliday)
        {
            boxingHoliday = boxingHoliday.AddDays(1);
        }

        days.Add(boxingHoliday);

        foreach (var (usual, moved) in OneOffs.Where(o => o.Key.Year == year))
        {
            if (moved is { } to)
            {
                days.Remove(usual);
                days.Add(to);
            }
            else
            {
                days.Add(usual);
            }
        }

        return days;
    }

    /// <summary>Easter Sunday in the Gregorian calendar (the anonymous Gregorian algorithm).</summary>
    public static DateOnly EasterSunday(int year)
    {
        var a = year % 19;
        var b = year / 100;
        var c = year % 100;
        var d = b / 4;
        var e = b % 4;
        var f = (b + 8) / 25;
        var g = (b - f + 1) / 3;
        var h = ((19 * a) + b - d - g + 15) % 30;
        var i = c / 4;
        var k = c % 4;
        var l = (32 + (2 * e) + (2 * i) - h - k) % 7;
        var m = (a + (11 * h) + (22 * l)) / 451;
        var month = (h + l - (7 * m) + 114) / 31;
        var day = ((h + l - (7 * m) + 114) % 31) + 1;
        return new DateOnly(year, month, day);
    }

    private static DateOnly Substitute(DateOnly day) => day.DayOfWeek switch
    {
        DayOfWeek.Saturday => day.AddDays(2),
        DayOfWeek.Sunday => day.AddDays(1),
        _ => day,
    };

    private static DateOnly FirstMonday(int year, int month)
    {
        var day = new DateOnly(year, month, 1);
        while (day.DayOfWeek != DayOfWeek.Monday)
        {
            day = day.AddDays(1);
        }

        return day;
    }

    private static DateOnly LastMonday(int year, int month)
    {
        var day = new DateOnly(year, month, DateTime.DaysInMonth(year, month));
        while (day.DayOfWeek != DayOfWeek.Monday)
        {
            day = day.AddDays(-1);
        }

        return day;
    }
}
