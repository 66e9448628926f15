"""Every user-facing string has a Vietnamese translation: Vietnamese is the screens' default language."""

import re
from pathlib import Path

from django.conf import settings

PO = Path(settings.BASE_DIR) / "locale" / "vi" / "LC_MESSAGES" / "django.po"
_ENTRY = re.compile(r'^msgid ((?:".*"\n)+)(?:msgid_plural (?:".*"\n)+)?msgstr(?:\[0\])? ((?:".*"\n?)+)', re.M)


def _text(quoted: str) -> str:
    return "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', quoted))


def test_it_translates_every_string_into_vietnamese():
    text = PO.read_text(encoding="utf-8")
    assert "#, fuzzy" not in text
    untranslated = [
        _text(msgid) for msgid, msgstr in _ENTRY.findall(text) if _text(msgid) and not _text(msgstr)
    ]
    assert untranslated == []


def test_it_shows_screens_in_vietnamese_by_default(client, dic_officer):
    client.force_login(dic_officer)
    html = client.get("/partners/").content.decode()
    assert "Đối tác" in html
    assert "Đăng xuất" in html
