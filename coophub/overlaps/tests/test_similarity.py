from coophub.overlaps import similarity


def test_folding_drops_diacritics_punctuation_and_stop_words():
    assert similarity.fold_text("Kế hoạch của Bộ và các đơn vị; Nghị quyết 59-NQ/TW") == (
        "ke hoach bo don vi nghi quyet 59 nq tw"
    )
    assert similarity.fold_text("The plan of action for the Ministry") == "plan action ministry"


def test_words_that_fold_onto_function_words_are_kept():
    assert similarity.fold_text("bảo vệ thực vật, tài nguyên, trồng trọt, đầu tư") == (
        "bao ve thuc vat tai nguyen trong trot dau tu"
    )


def test_tokens_are_words_and_neighbouring_pairs():
    assert similarity.text_tokens("ke hoach hanh") == {"ke", "hoach", "hanh", "ke hoach", "hoach hanh"}


def test_keys_become_prefixed_tokens():
    assert similarity.key_tokens({"partner_ids": [3, None], "country_ids": ["JP"]}) == {"p:3", "c:jp"}


def test_identical_texts_score_one_and_unrelated_ones_low():
    a = similarity.trigrams("ke hoach hanh dong nghi quyet 59")
    b = similarity.trigrams("to chuc hoi thao toan thuc pham")
    assert similarity.dice(a, a) == 1.0
    assert similarity.dice(a, b) < 0.2


def test_a_shared_key_adds_its_bonus_only_to_text_that_already_reads_alike():
    assert similarity.score(0.5, {"p:1", "c:jp"}, {"p:1", "c:jp"}) == (
        0.75,
        ["similar_text", "same_partner", "same_country"],
    )
    assert similarity.score(0.1, {"p:1"}, {"p:1"}) == (0.1, ["similar_text"])
    assert similarity.score(0.9, {"p:1", "c:jp"}, {"p:1", "c:jp"})[0] == 1.0
