"""Cell parsers: turn one spreadsheet cell into a Python value, or say clearly what is wrong.

A parser is called only for a non-empty cell. It receives the raw value as the reader gives it
(`str`, `int`, `float`, `bool`, `date`, `datetime` from XLSX; always `str` from CSV) and the import
context, returns the parsed value, or raises `CellError` with a message for the user. Parsers also
turn a stored value back into a cell for exports (`to_cell`) and describe the expected format for
the template and the import page (`hint`).

They are deliberately cheap: one import validates every cell of every row before anything is
written, so a parser does its own checks rather than a per-row `full_clean()`.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Iterable
from decimal import Decimal, InvalidOperation
from typing import Any, NamedTuple

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, ProhibitNullCharactersValidator
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hezuo.core.text import clean_text

# --- errors and references ---------------------------------------------------------------------


class CellError(Exception):
    """A cell's value is wrong; the message names what is expected."""

    def __init__(self, message: str):
        super().__init__(str(message))
        self.message = str(message)


class Ref(NamedTuple):
    """A reference to an existing record, resolved to an instance in one query per model."""

    model: type
    pk: int


# --- formula injection ---------------------------------------------------------------------------

# A cell that a spreadsheet would run as a formula: "=…" always; "+…", "-…", "@…" when what follows
# looks like a function call, a DDE link (cmd|…!A0) or a cell reference. A phone number
# (+86 10 6851 2233), a negative number (-5) or a dash-led note (- see above) is fine. Full-width
# leaders (＝ ＋ － ＠) count too: NFKC, which matching and search apply, folds them to the ASCII
# ones, so such a text is refused rather than guessed about.
_FORMULA_BODY = re.compile(
    r"[A-Za-z_][A-Za-z0-9_.]*\s*\(|[|!]|\b[A-Za-z]{1,3}\$?\d+\b|^\s*[A-Za-z_][\w.]*\s*[-+*/^&=<>]"
)
FORMULA_LEADERS = ("=", "+", "-", "@")
_WIDE_LEADERS = {"＝": "=", "＋": "+", "－": "-", "＠": "@"}
FORMULA_FIRST = "=+-@" + "".join(_WIDE_LEADERS)  # what a formula-like text may start with


def looks_like_formula(text: str) -> bool:
    if not text or text[0] not in FORMULA_FIRST:
        return False
    first = _WIDE_LEADERS.get(text[0], text[0])
    if first == "=":
        return len(text) > 1
    return bool(_FORMULA_BODY.search(text[1:]))


def formula_message(text: str) -> str:
    return _(
        "This cell looks like a spreadsheet formula (it starts with “%(char)s”), which is "
        "not accepted. Remove the leading character or write the text differently."
    ) % {"char": text[0]}


def check_formula(text: str) -> None:
    if looks_like_formula(text):
        raise CellError(formula_message(text))


# --- helpers -------------------------------------------------------------------------------------


def as_text(raw: Any) -> str:
    """Any cell as text: whole numbers without '.0', dates as ISO."""
    if isinstance(raw, str):
        return clean_text(raw, multiline=True).strip()
    if isinstance(raw, bool):
        return "1" if raw else "0"
    if isinstance(raw, float):
        return str(int(raw)) if raw.is_integer() else repr(raw)
    if isinstance(raw, dt.datetime):
        return raw.date().isoformat() if raw.time() == dt.time() else raw.isoformat(sep=" ")
    if isinstance(raw, dt.date):
        return raw.isoformat()
    return str(raw).strip()


def fold(value: str) -> str:
    """Key for comparing user-typed words: width-folded, lower-cased, spaces removed."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", value)).lower()


def _message(exc: ValidationError) -> str:
    return " ".join(str(m) for m in exc.messages)


LIST_SPLIT = re.compile(r"[\n;,，；、]+")
# Names hold commas ("Shanghai Junshi Biosciences Co., Ltd."): a list of names is split on
# semicolons, 、 and new lines only.
NAME_LIST_SPLIT = re.compile(r"[\n;；、]+")


def split_list(text: str, separators: re.Pattern = LIST_SPLIT) -> list[str]:
    seen: list[str] = []
    for item in separators.split(text):
        item = item.strip()
        if item and item not in seen:
            seen.append(item)
    return seen


# --- parsers -------------------------------------------------------------------------------------


class Parser:
    """Base parser: text passes through. Subclasses override `parse`, `to_cell`, `hint`."""

    multiple = False  # a list value (m2m or JSON list)

    def bind(self, field) -> None:
        """Called once with the model field (or None) the column writes to."""

    def parse(self, raw: Any, ctx) -> Any:
        return as_text(raw)

    def to_cell(self, value: Any) -> Any:
        if value is None:
            return ""
        return value

    @property
    def hint(self) -> str:
        return ""


class Text(Parser):
    """Text, with the model field's length limit and validators (e-mail, URL, codes…)."""

    def __init__(self, max_length: int | None = None, validators: Iterable[Callable] = ()):
        self.max_length = max_length
        self.validators = list(validators)

    def bind(self, field) -> None:
        if field is None:
            return
        if self.max_length is None:
            self.max_length = getattr(field, "max_length", None)
        if not self.validators:
            self.validators = [
                v
                for v in field.validators
                if not isinstance(v, MaxLengthValidator | ProhibitNullCharactersValidator)
            ]

    def parse(self, raw, ctx):
        text = as_text(raw)  # invisible and control characters removed, like every write path
        if text[0] in FORMULA_FIRST:
            check_formula(text)
        if self.max_length is not None and len(text) > self.max_length:
            raise CellError(
                _("Too long: %(length)d characters; at most %(max)d.")
                % {"length": len(text), "max": self.max_length}
            )
        for validator in self.validators:
            try:
                validator(text)
            except ValidationError as exc:
                raise CellError(_message(exc)) from None
        return text

    @property
    def hint(self) -> str:
        if self.max_length:
            return _("Text, at most %(max)d characters") % {"max": self.max_length}
        return _("Text")


class Int(Parser):
    def __init__(self, min_value: int | None = None, max_value: int | None = None):
        self.min_value = min_value
        self.max_value = max_value

    def bind(self, field) -> None:
        if field is not None and self.min_value is None:
            internal = field.get_internal_type()
            if internal.startswith("Positive"):
                self.min_value = 0

    def parse(self, raw, ctx):
        if isinstance(raw, bool):
            raise CellError(_("Expected a whole number, not “%(value)s”.") % {"value": raw})
        if isinstance(raw, int):
            value = raw
        elif isinstance(raw, float) and raw.is_integer():
            value = int(raw)
        else:
            text = as_text(raw).replace(",", "")
            if not re.fullmatch(r"[+-]?\d+", text):
                raise CellError(
                    _("Expected a whole number, not “%(value)s”.") % {"value": as_text(raw)}
                )
            value = int(text)
        if self.min_value is not None and value < self.min_value:
            raise CellError(_("At least %(min)d.") % {"min": self.min_value})
        if self.max_value is not None and value > self.max_value:
            raise CellError(_("At most %(max)d.") % {"max": self.max_value})
        return value

    @property
    def hint(self) -> str:
        if self.min_value is not None and self.max_value is not None:
            return _("Whole number from %(min)d to %(max)d") % {
                "min": self.min_value,
                "max": self.max_value,
            }
        return _("Whole number")


class Number(Parser):
    """A decimal number fitting the model field's digits."""

    def __init__(self, max_digits: int | None = None, decimal_places: int | None = None):
        self.max_digits = max_digits
        self.decimal_places = decimal_places

    def bind(self, field) -> None:
        if field is not None:
            self.max_digits = self.max_digits or getattr(field, "max_digits", None)
            if self.decimal_places is None:
                self.decimal_places = getattr(field, "decimal_places", None)

    def parse(self, raw, ctx):
        bad = CellError(_("Expected a number, not “%(value)s”.") % {"value": as_text(raw)})
        if isinstance(raw, bool):
            raise bad
        text = as_text(raw).replace(",", "").replace("，", "")
        try:
            value = Decimal(text)
        except InvalidOperation:
            raise bad from None
        if not value.is_finite():
            raise bad
        if self.decimal_places is not None:
            value = value.quantize(Decimal(1).scaleb(-self.decimal_places))
        if self.max_digits is not None:
            digits = len(value.as_tuple().digits)
            if digits > self.max_digits:
                raise CellError(_("This number is too large."))
        return value

    def to_cell(self, value):
        return "" if value is None else value

    @property
    def hint(self) -> str:
        return _("Number, e.g. 12.5")


EXCEL_EPOCH = dt.date(1899, 12, 30)
_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T].*)?")


class Date(Parser):
    def parse(self, raw, ctx):
        if isinstance(raw, dt.datetime):
            return raw.date()
        if isinstance(raw, dt.date):
            return raw
        if isinstance(raw, int | float) and not isinstance(raw, bool):
            # An Excel serial day number in a cell not formatted as a date.
            if 1 <= raw < 2958466:
                return EXCEL_EPOCH + dt.timedelta(days=int(raw))
        else:
            text = as_text(raw)
            match = _DATE.fullmatch(text)
            if match:
                try:
                    return dt.date(*(int(g) for g in match.groups()))
                except ValueError:
                    pass
            if re.fullmatch(r"\d{8}", text):
                try:
                    return dt.date(int(text[:4]), int(text[4:6]), int(text[6:]))
                except ValueError:
                    pass
        raise CellError(
            _("Expected a date like 2024-01-31, not “%(value)s”.") % {"value": as_text(raw)}
        )

    def to_cell(self, value):
        return "" if value is None else value

    @property
    def hint(self) -> str:
        return _("Date: 2024-01-31, 2024/1/31 or a spreadsheet date")


TRUE_WORDS = frozenset({"是", "yes", "y", "true", "t", "1", "✓", "✔", "√", "对", "有"})
FALSE_WORDS = frozenset({"否", "no", "n", "false", "f", "0", "✗", "✘", "×", "x", "错", "无"})


class Bool(Parser):
    def parse(self, raw, ctx):
        if isinstance(raw, bool):
            return raw
        if isinstance(raw, int | float) and raw in (0, 1):
            return bool(raw)
        text = fold(as_text(raw))
        if text in TRUE_WORDS:
            return True
        if text in FALSE_WORDS:
            return False
        raise CellError(
            _("Expected yes or no (是/否, yes/no, true/false, 1/0), not “%(value)s”.")
            % {"value": as_text(raw)}
        )

    def to_cell(self, value):
        if value is None:
            return ""
        return _("yes") if value else _("no")

    @property
    def hint(self) -> str:
        return _("Yes or no: 是/否, yes/no, 1/0")


def _labels(label) -> list[str]:
    """A choice label in English and in Chinese, whatever language is active."""
    found = [str(label)]
    for lang in ("en", "zh-hans"):
        with translation.override(lang):
            found.append(str(label))
    return found


class Choice(Parser):
    """One of a field's choices: its stored value, its English label or its Chinese label.

    `zh` gives Chinese names per value (the first is the one exports use), so that Chinese input
    is understood whatever translations are installed."""

    def __init__(self, choices=None, zh: dict[str, str | tuple[str, ...]] | None = None):
        self.choices = choices
        self.zh = {k: (v,) if isinstance(v, str) else tuple(v) for k, v in (zh or {}).items()}
        self._lookup: dict[str, str] | None = None
        self._seen: dict[str, str] = {}  # raw cell text -> value, for repeated cells

    def bind(self, field) -> None:
        if self.choices is None and field is not None:
            self.choices = field.choices

    def lookup(self) -> dict[str, str]:
        if self._lookup is None:
            table: dict[str, str] = {}
            for value, names in self.zh.items():
                for name in names:
                    table[fold(name)] = value
            for value, label in self.choices or ():
                table[fold(str(value))] = value
                for text in _labels(label):
                    table.setdefault(fold(text), value)
            self._lookup = table
        return self._lookup

    def parse_one(self, text: str) -> str:
        value = self.lookup().get(fold(text))
        if value is None:
            raise CellError(
                _("Unknown value “%(value)s”; expected one of: %(choices)s.")
                % {"value": text, "choices": self.choice_list()}
            )
        return value

    def parse(self, raw, ctx):
        value = self._seen.get(raw) if type(raw) is str else None
        if value is None:
            value = self.parse_one(as_text(raw))
            if type(raw) is str and len(self._seen) < 10000:
                self._seen[raw] = value
        return value

    def choice_list(self) -> str:
        items = []
        for value, label in self.choices or ():
            zh = self.zh.get(value)
            items.append(f"{zh[0]} / {label}" if zh and zh[0] != str(label) else str(label))
        return "; ".join(items)

    def label(self, value) -> str:
        zh = self.zh.get(value)
        if zh and (translation.get_language() or "").startswith("zh"):
            return zh[0]
        for key, label in self.choices or ():
            if key == value:
                return str(label)
        return str(value)

    def to_cell(self, value):
        return self.label(value) if value else ""

    @property
    def hint(self) -> str:
        return _("One of: %(choices)s") % {"choices": self.choice_list()}


class ChoiceList(Choice):
    multiple = True

    def bind(self, field) -> None:
        # A JSON list field has no choices of its own; they are given explicitly.
        pass

    def parse(self, raw, ctx):
        text = as_text(raw)
        check_formula(text)
        values, unknown = [], []
        for item in split_list(text):
            value = self.lookup().get(fold(item))
            if value is None:
                unknown.append(item)
            elif value not in values:
                values.append(value)
        if unknown:
            raise CellError(
                _("Unknown values: %(values)s; expected some of: %(choices)s.")
                % {"values": ", ".join(unknown), "choices": self.choice_list()}
            )
        return values

    def to_cell(self, value):
        return "; ".join(self.label(v) for v in value or [])

    @property
    def hint(self) -> str:
        return _("Some of: %(choices)s — separated by ; or 、") % {"choices": self.choice_list()}


class TextList(Parser):
    """Several short texts in one cell, separated by ; , 、 or new lines (`names`: names, which may
    hold commas, separated by ; 、 or new lines)."""

    multiple = True

    def __init__(self, max_item_length: int = 200, names: bool = False):
        self.max_item_length = max_item_length
        self.names = names

    def parse(self, raw, ctx):
        text = as_text(raw)
        check_formula(text)  # the cell as a spreadsheet sees it, then each item
        items = split_list(text, NAME_LIST_SPLIT if self.names else LIST_SPLIT)
        for item in items:
            check_formula(item)
            if len(item) > self.max_item_length:
                raise CellError(
                    _("An item is too long: %(length)d characters; at most %(max)d.")
                    % {"length": len(item), "max": self.max_item_length}
                )
        return items

    def to_cell(self, value):
        return "; ".join(str(v) for v in value or [])

    @property
    def hint(self) -> str:
        return _("Several values separated by ; or 、")


class Lookup(Parser):
    """A value resolved through something the import context builds once (a country resolver,
    an index of organisations…). `resolver(ctx)` returns a callable text → value, which raises
    `CellError` or returns None when nothing matches."""

    def __init__(
        self,
        resolver: Callable[[Any], Callable[[str], Any]],
        unknown: str | Promise,
        hint: str | Promise = "",
        display: Callable[[Any], Any] = str,
        multiple: bool = False,
    ):
        self.resolver = resolver
        self.unknown = unknown
        self._hint = hint
        self.display = display
        self.multiple = multiple

    def _one(self, resolve, text: str):
        value = resolve(text)
        if value is None:
            raise CellError(str(self.unknown) % {"value": text})
        return value

    def parse(self, raw, ctx):
        # Cells repeat (countries, units…): resolve each distinct text once per import.
        seen = ctx.cached(f"lookup:{id(self)}", dict)
        if not self.multiple and type(raw) is str:
            value = seen.get(raw)
            if value is not None:
                return value
        resolve = self.resolver(ctx)
        text = as_text(raw)
        check_formula(text)  # the cell as a spreadsheet sees it, then each item
        if not self.multiple:
            value = self._one(resolve, text)
            if type(raw) is str:
                seen[raw] = value
            return value
        values = []
        for item in split_list(text):
            check_formula(item)
            value = self._one(resolve, item)
            if value not in values:
                values.append(value)
        return values

    def to_cell(self, value):
        if self.multiple:
            return "; ".join(str(self.display(v)) for v in value or [])
        return "" if value is None else self.display(value)

    @property
    def hint(self) -> str:
        return str(self._hint)


def unit_code() -> Lookup:
    """A unit the importing user acts for, by its code; defaults to the user's only unit."""
    return Lookup(
        lambda ctx: ctx.unit_by_code,
        unknown=gettext_lazy("Unknown unit code “%(value)s”, or not a unit you act for."),
        hint=gettext_lazy("Code of a unit you act for; empty: your unit"),
        display=lambda unit: unit.code,
    )
