"""The one did-you-mean helper every check uses for an unknown name."""

from __future__ import annotations

from reportal.issues import closest, did_you_mean


def test_the_closest_known_name_is_suggested() -> None:
    assert did_you_mean("huaxn", ["dingsheng", "huaxin"]) == "did you mean `huaxin`?"


def test_without_a_close_name_the_known_names_are_listed_sorted() -> None:
    assert did_you_mean("zzz", ["huaxin", "dingsheng"]) == "known: dingsheng, huaxin"


def test_a_listing_can_keep_its_order_or_be_left_out() -> None:
    fields = ["title", "customer"]
    assert did_you_mean("zzz", fields, listing="known fields", sort=False) == (
        "known fields: title, customer"
    )
    assert did_you_mean("zzz", fields, listing=None) is None
    assert did_you_mean("zzz", []) is None


def test_the_cutoff_decides_what_is_close() -> None:
    assert closest("intern", ["internal"], cutoff=0.9) is None
    assert closest("intern", ["internal"], cutoff=0.5) == "internal"
