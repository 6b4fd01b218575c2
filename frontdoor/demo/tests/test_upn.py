from hypothesis import given
from hypothesis import strategies as st

from frontdoor.demo.upn import CHECK_LETTERS, check_letter, is_valid_upn, make_upn


def test_a_published_example():
    # 8·2 + 0·3 + 1·4 + 2·5 + 0·6 + 0·7 + 0·8 + 0·9 + 5·10 + 0·11 + 0·12 + 1·13 = 93;
    # 93 = 4·23 + 1, and 1 is B.
    assert check_letter("801200005001") == "B"
    assert is_valid_upn("B801200005001")
    assert not is_valid_upn("A801200005001")


def test_a_temporary_upn_ends_in_a_letter():
    body = "88620012300A"
    assert is_valid_upn(check_letter(body) + body)


def test_make_upn_lays_out_la_school_year_and_serial():
    upn = make_upn(la_code="886", establishment_number=2345, year=2019, serial=7)
    assert upn[1:] == "886234519007"
    assert len(upn) == 13
    assert is_valid_upn(upn)


def test_the_check_letter_is_never_i_o_or_s():
    assert not set("IOS") & set(CHECK_LETTERS)
    assert len(CHECK_LETTERS) == 23


@given(st.text(alphabet="0123456789", min_size=12, max_size=12))
def test_every_made_upn_is_valid(body):
    assert is_valid_upn(check_letter(body) + body)


@given(
    st.text(alphabet="0123456789", min_size=12, max_size=12),
    st.integers(min_value=0, max_value=11),
    st.integers(min_value=1, max_value=9),
)
def test_any_single_digit_mistake_is_caught(body, position, change):
    # Weights 2..13 and changes 1..9 are all below the prime 23, so no mistake cancels out.
    wrong = str((int(body[position]) + change) % 10)
    mistaken = body[:position] + wrong + body[position + 1 :]
    assert not is_valid_upn(check_letter(body) + mistaken)


def test_malformed_upns_are_invalid():
    for upn in ("", "B80120000500", "B8012000050011", "I801200005001", "B80120000500!"):
        assert not is_valid_upn(upn)
