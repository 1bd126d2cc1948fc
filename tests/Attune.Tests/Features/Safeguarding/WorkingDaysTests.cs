using Attune.Platform.Calendar;

namespace Attune.Tests.Features.Safeguarding;

/// <summary>Working days as statutory deadlines count them: weekdays less England and Wales bank holidays, checked against the published lists.</summary>
public sealed class WorkingDaysTests
{
    [Theory]
    [InlineData(2024, "2024-01-01,2024-03-29,2024-04-01,2024-05-06,2024-05-27,2024-08-26,2024-12-25,2024-12-26")]
    [InlineData(2026, "2026-01-01,2026-04-03,2026-04-06,2026-05-04,2026-05-25,2026-08-31,2026-12-25,2026-12-28")]
    [InlineData(2027, "2027-01-01,2027-03-26,2027-03-29,2027-05-03,2027-05-31,2027-08-30,2027-12-27,2027-12-28")]
    [InlineData(2022, "2022-01-03,2022-04-15,2022-04-18,2022-05-02,2022-06-02,2022-06-03,2022-08-29,2022-09-19,2022-12-26,2022-12-27")]
    [InlineData(2023, "2023-01-02,2023-04-07,2023-04-10,2023-05-01,2023-05-08,2023-05-29,2023-08-28,2023-12-25,2023-12-26")]
    public void Bank_holidays_match_the_published_list(int year, string expected) =>
        Assert.Equal(expected.Split(',').Select(DateOnly.Parse).Order(), WorkingDays.BankHolidays(year).Order());

    [Theory]
    [InlineData("2026-11-20", 1, "2026-11-23")] // Friday to Monday
    [InlineData("2026-11-24", 1, "2026-11-25")]
    [InlineData("2026-12-24", 1, "2026-12-29")] // Christmas Friday, Boxing Day Saturday moved to Monday 28th
    [InlineData("2026-04-02", 1, "2026-04-07")] // Maundy Thursday over Easter
    [InlineData("2026-11-21", 1, "2026-11-23")] // a referral made on a Saturday
    [InlineData("2026-11-24", 5, "2026-12-01")]
    public void Adding_working_days_skips_weekends_and_bank_holidays(string from, int days, string expected) =>
        Assert.Equal(DateOnly.Parse(expected), WorkingDays.Add(DateOnly.Parse(from), days));
}
