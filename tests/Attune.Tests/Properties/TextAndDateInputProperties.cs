using System.Globalization;
using Attune.Platform.Web;
using CsCheck;

namespace Attune.Tests.Properties;

/// <summary>The rules every typed date, time and free text goes through (DateInput, TextInput).</summary>
public sealed class TextAndDateInputProperties
{
    private static readonly Gen<DateOnly> Dates = Gen.Int[new DateOnly(1900, 1, 1).DayNumber, new DateOnly(2100, 12, 31).DayNumber].Select(DateOnly.FromDayNumber);

    [Fact]
    public void Every_date_reads_back_from_a_picker_and_from_the_ways_people_type_it()
    {
        Dates.Sample(date =>
        {
            foreach (var format in new[] { "yyyy-MM-dd", "d/M/yyyy", "dd/MM/yyyy", "d-M-yyyy", "d.M.yyyy" })
            {
                Assert.Equal(date, DateInput.ParseDate(" " + date.ToString(format, CultureInfo.InvariantCulture) + " "));
            }
        });
    }

    [Fact]
    public void A_time_reads_back_and_nonsense_is_refused_not_guessed()
    {
        Gen.Select(Gen.Int[0, 23], Gen.Int[0, 59]).Sample((hour, minute) =>
        {
            var time = new TimeOnly(hour, minute);
            Assert.Equal(time, DateInput.ParseTime(time.ToString("HH:mm", CultureInfo.InvariantCulture)));
            Assert.Equal(time, DateInput.ParseTime(time.ToString("H.mm", CultureInfo.InvariantCulture)));
        });
        Gen.String.Sample(text =>
        {
            var date = DateInput.ParseDate(text);
            Assert.True(date is null || text.Trim().Length >= 8, text);
        });
        foreach (var bad in new[] { "31/2/2026", "2026-13-01", "24/11/26", "25:00", "tomorrow", "" })
        {
            Assert.Null(DateInput.ParseDate(bad));
        }

        Assert.Null(DateInput.ParseTime("25:99"));
    }

    [Fact]
    public void Clean_text_is_trimmed_keeps_its_lines_and_never_holds_control_or_direction_characters()
    {
        Gen.String.Sample(text =>
        {
            var (value, error) = TextInput.Clean(text, 50, multiline: true);
            if (value is not null)
            {
                Assert.Null(error);
                Assert.Equal(value.Trim(), value);
                Assert.True(value.Length <= 50);
                Assert.DoesNotContain(value, c => (char.IsControl(c) && c is not '\n' and not '\t') || c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069');
            }
            else
            {
                Assert.True(error is not null || string.IsNullOrWhiteSpace(text), text);
            }
        });
        Assert.Equal(("line one\nline two", null), TextInput.Clean("  line one\r\nline two \r\n", 100, multiline: true));
        Assert.NotNull(TextInput.Clean("one\ntwo", 100).Error);
    }
}
