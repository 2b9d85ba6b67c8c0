"""The translation catalogues are complete: every user-facing string in the source has a Chinese
and an English entry, none fuzzy or empty, and the committed .mo files match the .po files."""

import gettext
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

LOCALE = Path(__file__).resolve().parents[2] / "locale"
LANGS = ["zh_Hans", "en"]


def _po(lang: str) -> polib.POFile:
    return polib.pofile(str(LOCALE / lang / "LC_MESSAGES" / "django.po"))


@pytest.mark.parametrize("lang", LANGS)
def test_every_entry_is_translated(lang):
    po = _po(lang)
    assert len(po) > 100
    missing = [e.msgid for e in po if not e.obsolete and (not e.translated() or "fuzzy" in e.flags)]
    assert not missing, f"{len(missing)} untranslated in {lang}: {missing[:10]}"


@pytest.mark.parametrize("lang", LANGS)
def test_compiled_catalogue_matches_the_source(lang):
    po = _po(lang)
    with open(LOCALE / lang / "LC_MESSAGES" / "django.mo", "rb") as fh:
        mo = gettext.GNUTranslations(fh)
    for entry in po:
        if entry.obsolete or entry.msgid_plural:
            continue
        key = f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid
        got = mo.gettext(key)
        assert got == entry.msgstr or (entry.msgctxt and got == entry.msgstr), (
            f"{lang}: django.mo is stale for {entry.msgid!r}; run `make messages`"
        )


def test_no_source_string_is_missing_from_the_catalogues(tmp_path):
    if not shutil.which("xgettext"):
        pytest.skip("xgettext (Debian package gettext) is not installed")
    source = Path(__file__).resolve().parents[2]
    copy = tmp_path / "hezuo"
    shutil.copytree(source, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    subprocess.run(
        [
            sys.executable,
            "-m",
            "django",
            "makemessages",
            "-l",
            "zh_Hans",
            "--no-location",
            "--ignore",
            "*/tests/*",
            "--settings=hezuo.settings",
        ],
        cwd=copy,
        check=True,
        capture_output=True,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(source.parent)},
    )
    fresh = polib.pofile(str(copy / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"))
    committed = {(e.msgctxt, e.msgid) for e in _po("zh_Hans") if not e.obsolete}
    new = sorted(e.msgid for e in fresh if (e.msgctxt, e.msgid) not in committed)
    assert not new, f"strings missing from the catalogues (run `make messages`): {new[:15]}"


def test_lists_read_in_the_readers_language():
    """Issue 8, finding 6: "、" between items on English pages."""
    from django.utils import translation

    from hezuo.core.templatetags.hezuo import display

    with translation.override("en"):
        assert display(["Germany", "France"]) == "Germany, France"
    with translation.override("zh-hans"):
        assert display(["德国", "法国"]) == "德国、法国"


def test_chinese_counts_are_grouped():
    """Issue 8, finding 8: "7580" on the Chinese home page."""
    from django.contrib.humanize.templatetags.humanize import intcomma
    from django.utils import translation

    for language in ("zh-hans", "en"):
        with translation.override(language):
            assert intcomma(7580) == "7,580"
