"""Folded full-text search. These tests run on SQLite (FTS5) and, in `make test`, again on PostgreSQL
(tsvector), so passing on both proves the two backends answer the same questions the same way."""

import io

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection
from django.utils import translation

from coophub.partners import services
from coophub.partners.models import Contact, Mechanism, Partner
from coophub.search import backends
from coophub.search.models import SearchEntry
from coophub.search.queries import search
from coophub.search.registry import reindex

pytestmark = pytest.mark.django_db


def titles(user, query, **kwargs):
    return sorted(hit.title for hit in search(user, query, **kwargs))


@pytest.fixture
def records(make_partner, japan, dic_officer, units):
    jica = make_partner(
        name_vi="JICA",
        acronym="JICA",
        kind="donor_agency",
        country=japan,
        code="JP-JICA",
        aliases=[("Cơ quan Hợp tác Quốc tế Nhật Bản", "vi")],
    )
    doi_tac = make_partner(name_vi="Đối tác Phát triển Nông thôn", code="RURAL")
    nong = make_partner(
        name_vi="Bộ Nông nghiệp Hoa Kỳ",
        name_en="United States Department of Agriculture",
        acronym="USDA",
        code="US-USDA",
    )
    return {"jica": jica, "doi_tac": doi_tac, "nong": nong}


@pytest.mark.parametrize(
    "query, expected",
    [
        ("hop tac quoc te nhat ban", ["JICA"]),
        ("Hợp tác Quốc tế Nhật Bản", ["JICA"]),
        ("HỢP TÁC quốc tế", ["JICA"]),
        ("doi tac", ["Đối tác Phát triển Nông thôn"]),
        ("Đối tác", ["Đối tác Phát triển Nông thôn"]),
        ("nong nghiep", ["Bộ Nông nghiệp Hoa Kỳ (USDA)"]),
        ("Nông nghiệp", ["Bộ Nông nghiệp Hoa Kỳ (USDA)"]),
        ("nong ngh", ["Bộ Nông nghiệp Hoa Kỳ (USDA)"]),
        ("nong", ["Bộ Nông nghiệp Hoa Kỳ (USDA)", "Đối tác Phát triển Nông thôn"]),
        ("usda", ["Bộ Nông nghiệp Hoa Kỳ (USDA)"]),
        ("department of agriculture", ["Bộ Nông nghiệp Hoa Kỳ (USDA)"]),
        ("nhat ban", ["JICA"]),
        ("jp-jica", ["JICA"]),
        ("nong nghiep nhat ban", []),
        ("xyz", []),
    ],
)
def test_folded_queries_find_the_same_records_with_or_without_diacritics(
    records, dic_officer, query, expected
):
    assert titles(dic_officer, query) == expected


@pytest.mark.parametrize(
    "query",
    [
        "",
        "   ",
        "!!!",
        "--",
        '"',
        "*",
        "()",
        "a'b\"c",
        "NEAR(a b)",
        "nong OR x",
        "nong AND",
        "-nong",
        "nong:*",
        "nong & | !",
        "\\",
        "%_",
        "\x00",
    ],
)
def test_punctuation_and_query_syntax_are_treated_as_plain_text(records, dic_officer, query):
    search(dic_officer, query)  # must not raise on either backend


def test_operators_typed_by_users_are_ordinary_words(records, dic_officer):
    assert titles(dic_officer, "nong OR xyz") == []
    assert titles(dic_officer, "nong:* ngh") == ["Bộ Nông nghiệp Hoa Kỳ (USDA)"]


def test_a_title_match_ranks_above_a_body_match(make_partner, japan, dic_officer):
    in_body = make_partner(
        name_vi="Bộ Nông Lâm Ngư nghiệp", code="MAFF", country=japan, description="Đối tác chiến lược"
    )
    in_title = make_partner(name_vi="Đại sứ quán Nhật Bản", code="EMB-JP")
    hits = search(dic_officer, "nhat ban")
    assert [h.id for h in hits] == [in_title.pk, in_body.pk]


def test_hits_are_typed_and_link_to_their_record(records, dic_officer):
    (hit,) = search(dic_officer, "jica")
    assert hit.type == "partners.partner"
    assert hit.id == records["jica"].pk
    assert hit.url == f"/partners/{records['jica'].pk}/"
    assert hit.subtitle == records["jica"].get_kind_display()


def test_contacts_and_mechanisms_are_found_and_can_be_filtered_by_type(make_partner, dic_officer, units):
    partner = make_partner(name_vi="Bộ Nông nghiệp Nhật Bản")
    services.create_contact(
        actor=dic_officer,
        partner=partner,
        data={"full_name": "Nguyễn Văn Nông"},
        positions=[{"title": "Vụ trưởng"}],
    )
    services.create_mechanism(
        actor=dic_officer,
        data={
            "code": "WG-NN",
            "kind": "working_group",
            "name_vi": "Nhóm công tác Nông nghiệp",
            "owner_unit": units["dic"],
        },
    )
    assert {h.type for h in search(dic_officer, "nong")} == {
        "partners.partner",
        "partners.contact",
        "partners.mechanism",
    }
    assert titles(dic_officer, "nong", types=["partners.contact"]) == ["Nguyễn Văn Nông"]
    assert titles(dic_officer, "vu truong") == ["Nguyễn Văn Nông"]
    assert titles(dic_officer, "nong", types=["no.such"]) == []


def test_the_limit_is_respected(make_partner, dic_officer):
    for i in range(8):
        make_partner(name_vi=f"Đối tác số {i}")
    assert len(search(dic_officer, "doi tac", limit=3)) == 3
    assert len(search(dic_officer, "doi tac", limit=1000)) == 8


def test_only_the_word_being_typed_matches_as_a_prefix(records, dic_officer):
    assert titles(dic_officer, "hop tac quoc te nhat ba") == ["JICA"]
    assert titles(dic_officer, "ho tac quoc te") == []
    # One letter is not yet a prefix (it would expand to a large part of the vocabulary): it waits.
    assert titles(dic_officer, "nong n") == titles(dic_officer, "nong")
    assert titles(dic_officer, "nong ng") == ["Bộ Nông nghiệp Hoa Kỳ (USDA)"]


def test_a_very_common_query_is_ranked_within_its_newest_matches(make_partner, dic_officer, monkeypatch):
    oldest_title_match = make_partner(name_vi="Nông nghiệp", code="OLD")
    newer = [make_partner(name_vi=f"Đối tác {i}", description="nông nghiệp", code=f"N{i}") for i in range(4)]
    assert search(dic_officer, "nong nghiep")[0].id == oldest_title_match.pk

    monkeypatch.setattr(backends.common, "RANK_WINDOW", 3)
    hits = search(dic_officer, "nong nghiep")
    assert {h.id for h in hits} == {p.pk for p in newer[1:]}


# ---------- scope ----------


def test_another_units_officer_never_gets_a_restricted_partners_hit(
    make_partner, dic_officer, other_unit_officer
):
    secret = make_partner(name_vi="Đối tác mật Nông nghiệp", visibility="restricted")
    unit_only = make_partner(name_vi="Đối tác nội bộ Nông nghiệp", visibility="unit")
    public = make_partner(name_vi="Đối tác công khai Nông nghiệp", visibility="ministry")

    assert {h.id for h in search(dic_officer, "nong nghiep")} == {secret.pk, unit_only.pk, public.pk}
    assert [h.id for h in search(other_unit_officer, "nong nghiep")] == [public.pk]
    assert search(other_unit_officer, "doi tac mat") == []


def test_contacts_of_a_hidden_partner_are_hidden_too(make_partner, dic_officer, other_unit_officer):
    secret = make_partner(name_vi="Đối tác mật", visibility="restricted")
    services.create_contact(actor=dic_officer, partner=secret, data={"full_name": "Ông Bí Mật"})
    assert titles(dic_officer, "bi mat") == ["Ông Bí Mật"]
    assert search(other_unit_officer, "bi mat") == []


def test_people_named_on_a_restricted_record_find_it(make_partner, dic_officer, other_unit_officer, units):
    secret = make_partner(name_vi="Đối tác mật", visibility="restricted", allowed_units=[units["forestry"]])
    assert [h.id for h in search(other_unit_officer, "doi tac mat")] == [secret.pk]


def test_hidden_records_do_not_crowd_visible_ones_out_of_the_results(make_partner, other_unit_officer, units):
    # Many more hidden matches than one batch of candidates (bulk-created, then indexed: faster).
    hidden = Partner.objects.bulk_create(
        Partner(
            code=f"SECRET-{i}",
            kind="ministry",
            name_vi=f"Đối tác mật Nông nghiệp {i}",
            owner_unit=units["dic"],
            visibility="restricted",
        )
        for i in range(150)
    )
    for partner in hidden:
        reindex(partner)
    public = make_partner(name_vi="Đối tác Nông nghiệp công khai", visibility="ministry")
    assert [h.id for h in search(other_unit_officer, "doi tac nong nghiep", limit=2)] == [public.pk]


def test_anonymous_users_find_nothing(records):
    from django.contrib.auth.models import AnonymousUser

    assert search(AnonymousUser(), "jica") == []


# ---------- index upkeep ----------


def test_an_edit_reindexes_the_record(records, dic_officer):
    services.update_partner(records["doi_tac"], actor=dic_officer, data={"name_vi": "Quỹ Lâm nghiệp"})
    assert titles(dic_officer, "doi tac") == []
    assert titles(dic_officer, "lam nghiep") == ["Quỹ Lâm nghiệp"]


def test_deleting_a_partner_removes_its_entry(records, dic_director):
    partner = records["jica"]
    ct = ContentType.objects.get_for_model(Partner)
    assert SearchEntry.objects.filter(object_type=ct, object_id=partner.pk).exists()

    services.delete_partner(partner, actor=dic_director)

    assert not SearchEntry.objects.filter(object_type=ct, object_id=partner.pk).exists()
    assert search(dic_director, "hop tac quoc te") == []
    assert backends.match_ids(["jica"], limit=10) == []


def test_rebuild_search_index_restores_every_entry(records, dic_officer, units):
    services.create_contact(actor=dic_officer, partner=records["jica"], data={"full_name": "Tanaka Akihiko"})
    services.create_mechanism(
        actor=dic_officer,
        data={
            "code": "JC",
            "kind": "joint_committee",
            "name_vi": "Ủy ban hỗn hợp",
            "owner_unit": units["dic"],
        },
    )
    expected = sorted(
        SearchEntry.objects.values_list("object_type_id", "object_id", "title_fold", "body_fold")
    )
    SearchEntry.objects.all().delete()
    assert search(dic_officer, "jica") == []

    out = io.StringIO()
    call_command("rebuild_search_index", stdout=out)

    assert "Indexed 5 records." in out.getvalue()
    assert (
        sorted(SearchEntry.objects.values_list("object_type_id", "object_id", "title_fold", "body_fold"))
        == expected
    )
    assert titles(dic_officer, "hop tac quoc te nhat ban") == ["JICA"]
    assert titles(dic_officer, "tanaka") == ["Tanaka Akihiko"]
    assert titles(dic_officer, "uy ban") == ["Ủy ban hỗn hợp"]
    assert Partner.objects.count() + Contact.objects.count() + Mechanism.objects.count() == 5


def test_the_backend_matches_the_database_in_use():
    expected = "postgres" if connection.vendor == "postgresql" else "sqlite"
    assert backends.backend().__name__.endswith(expected)


def test_hits_read_in_the_readers_language_whoever_indexed_them(make_partner, dic_officer):
    with translation.override("vi"):
        partner = make_partner(
            name_vi="Bộ Nông nghiệp Hoa Kỳ", name_en="US Department of Agriculture", acronym="USDA"
        )
    with translation.override("en"):
        (hit,) = search(dic_officer, "usda")
        assert (hit.title, hit.subtitle) == (
            "US Department of Agriculture (USDA)",
            "Foreign ministry / agency",
        )
    with translation.override("vi"):
        (hit,) = search(dic_officer, "usda")
        assert hit.title == "Bộ Nông nghiệp Hoa Kỳ (USDA)"
        assert hit.subtitle == partner.get_kind_display() != "Foreign ministry / agency"


def test_renaming_a_partner_reindexes_its_contacts(make_partner, dic_officer):
    partner = make_partner(name_vi="Bộ Cũ")
    services.create_contact(actor=dic_officer, partner=partner, data={"full_name": "Tanaka"})
    services.update_partner(partner, actor=dic_officer, data={"name_vi": "Bộ Mới"})
    assert titles(dic_officer, "bo moi", types=["partners.contact"]) == ["Tanaka"]
    assert titles(dic_officer, "bo cu", types=["partners.contact"]) == []


def test_native_script_names_are_found_whole_or_by_their_beginning(make_partner, dic_officer):
    ministry = make_partner(name_vi="Bộ Quốc phòng Nhật Bản", name_native="防衛省")
    nakayama = services.create_contact(
        actor=dic_officer,
        partner=ministry,
        data={"full_name": "Yasuhide Nakayama", "native_name": "中山泰秀"},
    )
    assert [h.id for h in search(dic_officer, "中山泰秀")] == [nakayama.pk]
    assert [h.id for h in search(dic_officer, "中山")] == [nakayama.pk]
    assert [h.id for h in search(dic_officer, "防衛省")] == [ministry.pk]
