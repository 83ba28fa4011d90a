"""The stored sort key orders exactly as the domain's Vietnamese name key."""

from __future__ import annotations

from hypothesis import assume, given
from hypothesis import strategies as st

from desktop.domain.text import name_sort_key
from desktop.store.collation import encode_key, name_sort_text

keys = st.recursive(st.integers(0, 10**20), lambda inner: st.tuples(inner, inner) | st.tuples() | st.tuples(inner),
                    max_leaves=8)
nested = st.tuples(keys, keys)
letters = st.text(alphabet="aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạầấẩẫậềếểễệòóỏõọờớởỡợùúủũụừứửữự' -0123456789",
                  max_size=12)


def _sign(x, y) -> int:
    return (x > y) - (x < y)


def _comparable(a, b) -> bool:
    try:
        a < b  # noqa: B015  (an int against a tuple never happens in real keys)
    except TypeError:
        return False
    return True


@given(nested, nested)
def test_encoding_keeps_tuple_order(a, b):
    assume(_comparable(a, b))
    assert _sign(encode_key(a), encode_key(b)) == _sign(a, b)


@given(st.tuples(letters, letters, letters), st.tuples(letters, letters, letters))
def test_name_text_orders_like_name_key(a, b):
    expected = _sign(name_sort_key(*a), name_sort_key(*b))
    ta, tb = name_sort_text(*a), name_sort_text(*b)
    assert _sign(ta, tb) == expected
    assert _sign(ta.encode("utf-8"), tb.encode("utf-8")) == expected  # SQLite compares UTF-8 bytes
    assert ta == encode_key(name_sort_key(*a))  # the cached build equals the plain encoding


def test_register_order_is_given_then_middle_then_family():
    people = [("Trần", "Văn", "Bình"), ("Nguyễn", "Thị", "Ánh"), ("Lê", "Thị", "An"), ("Đỗ", "Văn", "Đào"),
              ("Phạm", "Văn", "Dũng"), ("Bùi", "Thị", "Ân")]
    ordered = sorted(people, key=lambda p: name_sort_text(*p))
    assert [p[2] for p in ordered] == ["An", "Ánh", "Ân", "Bình", "Dũng", "Đào"]
