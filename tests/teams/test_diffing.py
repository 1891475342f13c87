from policybuilder.teams.diffing import diff_lines, unified


def test_equal_texts_give_only_unchanged_lines():
    assert [line.kind for line in diff_lines("a\nb", "a\nb")] == ["same", "same"]


def test_a_changed_line_is_one_removal_and_one_addition_with_line_numbers():
    lines = diff_lines("a\nb\nc", "a\nB\nc")
    assert [(x.kind, x.old_number, x.new_number, x.text) for x in lines] == [
        ("same", 1, 1, "a"),
        ("removed", 2, None, "b"),
        ("added", None, 2, "B"),
        ("same", 3, 3, "c"),
    ]


def test_the_unified_text_names_both_sides():
    text = unified("a\n", "b\n", old_name="v1", new_name="v2")
    assert text.splitlines()[:2] == ["--- v1", "+++ v2"]
    assert "-a" in text and "+b" in text
