"""core.text: folding for matching, and a reader's query cleaned of control characters."""

from core.text import fold, printable


def test_printable_drops_control_characters_and_strips():
    assert printable("  Отцы\x00 и\tдети\u200b\n ") == "Отцы идети"


def test_printable_keeps_letters_of_any_script_and_emoji():
    assert printable("fatherhood ⚽ отцовство") == "fatherhood ⚽ отцовство"
    assert printable("\x07\x1b") == ""


def test_fold_matches_cyrillic_in_any_case():
    assert fold("ОТЦЫ") == fold("отцы") == "отцы"
