using System.Globalization;
using Attune.Features.Pupils;
using CsCheck;

namespace Attune.Tests.Properties;

// The check letter is (sum of digit × weight, weights 2..13) mod 23. Changing one digit by d (1..9) changes the sum
// by d × weight, and swapping two different digits changes it by (their difference) × (difference of their weights,
// 1..11); 23 is prime and none of these factors is a multiple of it, so every such error changes the check letter.
public sealed class UpnProperties
{
    private static readonly Gen<string> CreatedUpn =
        Gen.Select(Gen.Int[0, 999], Gen.Int[0, 9999], Gen.Int[0, 99], Gen.Int[0, 999])
            .Select((la, establishment, year, serial) => Upn.Create(la, establishment, year, serial));

    [Fact]
    public void Every_created_upn_is_a_valid_check_letter_and_twelve_digits_made_of_its_parts()
    {
        Gen.Select(Gen.Int[0, 999], Gen.Int[0, 9999], Gen.Int[0, 99], Gen.Int[0, 999])
            .Sample((la, establishment, year, serial) =>
            {
                var upn = Upn.Create(la, establishment, year, serial);

                Assert.True(Upn.IsValid(upn), upn);
                Assert.Equal(13, upn.Length);
                Assert.True(char.IsAsciiLetterUpper(upn[0]), upn);
                Assert.Equal(
                    string.Create(CultureInfo.InvariantCulture, $"{la:D3}{establishment:D4}{year:D2}{serial:D3}"),
                    upn[1..]);
            });
    }

    [Fact]
    public void A_full_year_of_issue_gives_the_same_upn_as_its_last_two_digits()
    {
        Gen.Select(Gen.Int[0, 999], Gen.Int[0, 9999], Gen.Int[1900, 2199], Gen.Int[0, 999])
            .Sample((la, establishment, year, serial) =>
                Assert.Equal(Upn.Create(la, establishment, year % 100, serial), Upn.Create(la, establishment, year, serial)));
    }

    [Fact]
    public void Changing_any_one_digit_of_a_upn_to_another_digit_makes_it_invalid()
    {
        Gen.Select(CreatedUpn, Gen.Int[1, 12], Gen.Int[1, 9]).Sample((upn, position, shift) =>
        {
            var digit = (char)('0' + ((upn[position] - '0' + shift) % 10));
            var changed = upn[..position] + digit + upn[(position + 1)..];

            Assert.False(Upn.IsValid(changed), $"{upn} changed to {changed} is still valid.");
        });
    }

    [Fact]
    public void Swapping_any_two_different_digits_of_a_upn_makes_it_invalid()
    {
        Gen.Select(CreatedUpn, Gen.Int[1, 12], Gen.Int[1, 12]).Sample((upn, first, second) =>
        {
            if (upn[first] == upn[second])
            {
                return;
            }

            var chars = upn.ToCharArray();
            (chars[first], chars[second]) = (chars[second], chars[first]);
            var swapped = new string(chars);

            Assert.False(Upn.IsValid(swapped), $"{upn} swapped to {swapped} is still valid.");
        });
    }

    [Fact]
    public void Changing_the_check_letter_of_a_upn_to_any_other_letter_makes_it_invalid()
    {
        Gen.Select(CreatedUpn, Gen.Char['A', 'Z']).Sample((upn, letter) =>
        {
            if (letter == upn[0])
            {
                return;
            }

            Assert.False(Upn.IsValid(letter + upn[1..]), $"{upn} with check letter {letter} is still valid.");
        });
    }

    [Fact]
    public void A_serial_below_zero_or_above_999_is_refused()
    {
        Gen.Select(Gen.OneOf(Gen.Int[int.MinValue, -1], Gen.Int[1000, int.MaxValue]), Gen.Int[0, 999], Gen.Int[0, 9999], Gen.Int[0, 99])
            .Sample((serial, la, establishment, year) =>
                Assert.Throws<ArgumentOutOfRangeException>(() => Upn.Create(la, establishment, year, serial)));
    }

    [Fact]
    public void Checking_any_text_as_a_upn_answers_without_throwing()
    {
        // Thirteen-character strings reach the check letter arithmetic: upper-case letters and digits in any order,
        // and temporary UPNs (eleven digits, mostly zeros so the weighted sum is small, then a letter), whose last
        // letter is often one the check alphabet leaves out.
        var text = Gen.OneOf(
            Gen.String,
            Gen.Char["ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"].Array[13].Select(chars => new string(chars)),
            TemporaryUpnShape(Gen.OneOf(Gen.Char['A', 'Z'], Gen.Char["IOS"])));

        text.Sample(candidate => { _ = Upn.IsValid(candidate); });
        Assert.False(Upn.IsValid(null));
    }

    [Fact]
    public void A_temporary_upn_ending_in_a_letter_the_check_alphabet_leaves_out_is_never_valid()
    {
        // The DfE check alphabet skips I, O and S, so they have no value as a temporary UPN's last character.
        TemporaryUpnShape(Gen.Char["IOS"]).Sample(candidate =>
        {
            var valid = false;
            var exception = Record.Exception(() => valid = Upn.IsValid(candidate));

            Assert.Null(exception);
            Assert.False(valid, $"{candidate} is valid.");
        });
    }

    private static Gen<string> TemporaryUpnShape(Gen<char> lastLetter) =>
        Gen.Select(
                Gen.Char['A', 'Z'],
                Gen.Frequency((9, Gen.Const('0')), (1, Gen.Char['1', '9'])).Array[11],
                lastLetter)
            .Select((check, digits, last) => check + new string(digits) + last);
}
