def test_it_folds_vietnamese_partner_names_for_search(make_partner, dic_officer):
    from coophub.search.queries import search

    make_partner(
        name_vi="Cơ quan Hợp tác Quốc tế Nhật Bản",
        name_en="Japan International Cooperation Agency",
        acronym="JICA",
    )
    hits = search(dic_officer, "hop tac quoc te nhat ban")
    assert [h.title for h in hits] == ["Cơ quan Hợp tác Quốc tế Nhật Bản (JICA)"]
