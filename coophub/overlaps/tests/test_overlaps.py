"""Overlap detection, exercised through a spec over Partner registered for these tests only: the engine
knows records by (content type, id) and reads them through their spec, so any model stands in for Task or
Commitment.
"""

import io

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.utils import translation

from coophub.overlaps import queries
from coophub.overlaps.models import OverlapEntry, OverlapToken
from coophub.overlaps.queries import (
    find_similar,
    find_visible_similar,
    possible_overlaps,
    visible_matches,
    visible_pairs,
)
from coophub.overlaps.registry import (
    OverlapSpec,
    rebuild_overlaps,
    reindex_overlap,
    spec_for,
    unindex_overlap,
    unregister_overlap,
)
from coophub.overlaps.registry import register_overlap as register
from coophub.partners.models import Country, Partner

pytestmark = pytest.mark.django_db

NQ59 = "Xây dựng kế hoạch hành động thực hiện Nghị quyết 59"


class PartnerSpec(OverlapSpec):
    model = Partner
    closed: set[int] = set()

    def text(self, obj):
        return f"{obj.name_vi} {obj.description}"

    def keys(self, obj):
        return {"country_ids": [obj.country_id] if obj.country_id else []}

    def is_open(self, obj):
        return obj.pk not in self.closed


@pytest.fixture(autouse=True)
def partner_spec():
    register(PartnerSpec)
    queries.clear_cache()
    yield PartnerSpec
    PartnerSpec.closed.clear()
    unregister_overlap(Partner)


@pytest.fixture
def item(make_partner):
    """item(title, **fields): a partner made through its service, then indexed as the services of Task and
    Commitment will do."""

    def make(title, **fields):
        partner = make_partner(name_vi=title, **fields)
        reindex_overlap(partner)
        return partner

    return make


@pytest.fixture
def korea(db):
    return Country.objects.get_or_create(
        iso2="KR", defaults={"iso3": "KOR", "m49": "410", "name_en": "Korea", "name_vi": "Hàn Quốc"}
    )[0]


def ids(matches):
    return [m.object_id for m in matches]


def test_it_finds_a_near_duplicate_typed_without_diacritics(item):
    existing = item("xay dung ke hoach hanh dong thuc hien nghi quyet 59-NQ/TW")
    item("Tổ chức hội thảo về an toàn thực phẩm")

    matches = find_similar(NQ59)

    assert ids(matches) == [existing.pk]
    assert matches[0].model is Partner
    assert matches[0].score > 0.8
    assert matches[0].label == str(existing)
    assert matches[0].url == existing.get_absolute_url()


def test_it_does_not_find_an_unrelated_record(item):
    item("Tổ chức hội thảo về an toàn thực phẩm với Hàn Quốc")
    item("Đón đoàn công tác Bộ Nông nghiệp Hoa Kỳ")

    assert find_similar(NQ59) == []


def test_it_ignores_closed_records_but_keeps_their_entry(item, partner_spec):
    done = item("Xây dựng kế hoạch hành động thực hiện Nghị quyết 59-NQ/TW")
    partner_spec.closed.add(done.pk)
    reindex_overlap(done)

    assert find_similar(NQ59) == []
    entry = OverlapEntry.objects.get(object_id=done.pk)
    assert entry.is_open is False
    assert not OverlapToken.objects.filter(entry=entry).exists()


def test_reopening_a_record_makes_it_findable_again(item, partner_spec):
    done = item("Xây dựng kế hoạch hành động thực hiện Nghị quyết 59-NQ/TW")
    partner_spec.closed.add(done.pk)
    reindex_overlap(done)
    partner_spec.closed.clear()
    reindex_overlap(done)

    assert ids(find_similar(NQ59)) == [done.pk]


def test_the_same_country_raises_the_score_and_says_why(item, japan, korea):
    with_japan = item("Hội thảo chuyển giao công nghệ chế biến cà phê", code="A", country=japan)
    with_korea = item("Hội thảo chuyển giao công nghệ chế biến cà phê", code="B", country=korea)

    matches = find_similar("Hội thảo chuyển giao công nghệ chế biến cà phê Tây Nguyên", country_ids=["JP"])

    assert ids(matches) == [with_japan.pk, with_korea.pk]
    assert matches[0].score > matches[1].score
    assert matches[0].reasons == ["similar_text", "same_country"]
    assert matches[1].reasons == ["similar_text"]
    with translation.override("en"):
        assert matches[0].explanations() == ["similar wording", "same country"]


def test_a_shared_country_alone_does_not_make_a_match(item, japan):
    item("Đón đoàn công tác Bộ Nông nghiệp Nhật Bản", country=japan)

    assert find_similar(NQ59, country_ids=["JP"]) == []


def test_a_record_being_edited_does_not_find_itself(item):
    edited = item(NQ59)
    twin = item("Xây dựng kế hoạch hành động thực hiện Nghị quyết số 59-NQ/TW")

    assert ids(find_similar(NQ59, exclude=edited)) == [twin.pk]


def test_results_can_be_limited_to_some_models(item):
    item(NQ59)

    assert find_similar(NQ59, models=[Country]) == []
    assert find_similar(NQ59, models=[]) == []
    assert len(find_similar(NQ59, models=[Partner])) == 1


def test_best_matches_come_first_and_the_limit_holds(item):
    farther = item("Xây dựng kế hoạch thực hiện Nghị quyết 59 năm 2026 của Bộ")
    for n in range(5):
        item(f"Xây dựng kế hoạch hành động thực hiện Nghị quyết 59 đợt {n}")
    same = item(NQ59.upper())

    matches = find_similar(NQ59, limit=3)

    assert len(matches) == 3
    assert matches[0].object_id == same.pk and matches[0].score == 1.0
    assert farther.pk not in ids(matches)
    assert [m.score for m in matches] == sorted((m.score for m in matches), reverse=True)


def test_visible_matches_hide_a_restricted_record_from_another_unit(item, dic_officer, other_unit_officer):
    secret = item("Xây dựng kế hoạch hành động thực hiện Nghị quyết 59-NQ/TW", visibility="restricted")
    public = item("Kế hoạch hành động thực hiện Nghị quyết 59 của Bộ")
    matches = find_similar(NQ59)
    assert set(ids(matches)) == {secret.pk, public.pk}

    assert ids(visible_matches(other_unit_officer, matches)) == [public.pk]
    assert set(ids(visible_matches(dic_officer, matches))) == {secret.pk, public.pk}
    assert ids(find_visible_similar(other_unit_officer, NQ59)) == [public.pk]


def test_unindexing_forgets_a_record(item):
    gone = item(NQ59)
    unindex_overlap(gone)

    assert find_similar(NQ59) == []
    assert not OverlapEntry.objects.exists() and not OverlapToken.objects.exists()


def test_a_model_without_a_spec_is_not_indexed(japan):
    assert spec_for(Country) is None
    reindex_overlap(japan)

    assert not OverlapEntry.objects.exists()


def test_rebuild_indexes_every_record_and_drops_stale_entries(make_partner):
    one = make_partner(name_vi=NQ59)
    make_partner(name_vi="Tổ chức hội thảo về an toàn thực phẩm")
    OverlapEntry.objects.create(
        object_type=ContentType.objects.get_for_model(Partner), object_id=999, text_fold="x"
    )

    assert rebuild_overlaps() == 2
    assert sorted(OverlapEntry.objects.values_list("object_id", flat=True)) == sorted(
        Partner.objects.values_list("pk", flat=True)
    )
    assert ids(find_similar(NQ59)) == [one.pk]


def test_possible_overlaps_pairs_each_duplicate_once(item):
    a = item("Xây dựng kế hoạch hành động thực hiện Nghị quyết 59-NQ/TW")
    b = item("xay dung ke hoach hanh dong thuc hien nghi quyet 59")
    c = item("Hội thảo chuyển giao công nghệ chế biến cà phê Tây Nguyên")
    d = item("Hội thảo chuyển giao công nghệ chế biến cà phê khu vực Tây Nguyên")
    item("Đón đoàn công tác Bộ Nông nghiệp Hoa Kỳ")

    pairs = possible_overlaps(min_score=0.6)

    found = [frozenset((p.first.object_id, p.second.object_id)) for p in pairs]
    assert sorted(found, key=sorted) == sorted([frozenset((a.pk, b.pk)), frozenset((c.pk, d.pk))], key=sorted)
    assert all(p.score >= 0.6 and p.first.label and p.second.url for p in pairs)
    assert [p.score for p in pairs] == sorted((p.score for p in pairs), reverse=True)


def test_the_report_shows_a_reader_only_pairs_of_records_they_may_see(item, dic_officer, other_unit_officer):
    item("Xây dựng kế hoạch hành động thực hiện Nghị quyết 59-NQ/TW", visibility="restricted")
    item("xay dung ke hoach hanh dong thuc hien nghi quyet 59")
    item("Hội thảo chuyển giao công nghệ chế biến cà phê Tây Nguyên")
    item("Hội thảo chuyển giao công nghệ chế biến cà phê khu vực Tây Nguyên")
    pairs = possible_overlaps()

    assert len(visible_pairs(dic_officer, pairs)) == 2
    assert [p.first.label for p in visible_pairs(other_unit_officer, pairs)] == [
        "Hội thảo chuyển giao công nghệ chế biến cà phê Tây Nguyên"
    ]


def test_possible_overlaps_leave_out_closed_records(item, partner_spec):
    a = item("Xây dựng kế hoạch hành động thực hiện Nghị quyết 59-NQ/TW")
    item("xay dung ke hoach hanh dong thuc hien nghi quyet 59")
    partner_spec.closed.add(a.pk)
    reindex_overlap(a)

    assert possible_overlaps() == []


def test_unknown_keys_are_a_programming_error():
    with pytest.raises(ValueError, match="unknown overlap key"):
        queries.similarity.key_tokens({"partners": [1]})


def test_the_rebuild_command_reports_what_it_indexed(make_partner):
    make_partner(name_vi=NQ59)
    out = io.StringIO()

    call_command("rebuild_overlaps", stdout=out)

    assert "Indexed 1 records." in out.getvalue()
    assert OverlapEntry.objects.count() == 1


def test_a_word_first_used_after_a_lookup_finds_its_duplicate_at_once(item):
    assert find_similar("Đón đoàn Bộ Nông nghiệp Xanaduvia") == []
    made = item("Đón đoàn công tác Bộ Nông nghiệp Xanaduvia")

    assert ids(find_similar("Đón đoàn Bộ Nông nghiệp Xanaduvia")) == [made.pk]


def test_the_duplicate_is_found_by_its_rare_words_among_many_sharing_common_ones(item, monkeypatch):
    monkeypatch.setattr(queries, "DF_CAP", 8)
    monkeypatch.setattr(queries, "POSTINGS_BUDGET", 8)
    monkeypatch.setattr(queries, "CANDIDATES", 5)
    twin = item("Hội thảo hợp tác quốc tế về nông nghiệp với tỉnh Quảng Trị")
    for n in range(30):
        item(f"Hội thảo hợp tác quốc tế về nông nghiệp đợt {n}")

    matches = find_similar("Hội thảo hợp tác quốc tế về nông nghiệp tại Quảng Trị")

    assert matches[0].object_id == twin.pk


def test_matches_lifted_to_the_top_score_by_a_shared_key_are_ordered_by_wording(item, japan):
    exact = item(NQ59, code="EXACT", country=japan)
    item(f"{NQ59} đợt 2", code="NEWER", country=japan)

    matches = find_similar(NQ59, country_ids=["JP"])

    assert [m.score for m in matches] == [1.0, 1.0]
    assert matches[0].object_id == exact.pk
